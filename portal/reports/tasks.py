from celery import shared_task


@shared_task(name="portal.reports.tasks.refresh_figures", ignore_result=True)
def refresh_figures():
    """Count the reports' figures again (beat, every
    REPORTS_REFRESH_MINUTES)."""
    from .precomputed import refresh

    refresh()

from celery import shared_task

from . import services


@shared_task(name="procurement.tasks.advance_deadlines", ignore_result=True)
def advance_deadlines():
    """Run by beat every 30 seconds; bids themselves are refused to the second
    by bid_submit, whatever the schedule."""
    return services.advance_deadlines()


@shared_task(name="procurement.tasks.ocds_bulk_files", ignore_result=True)
def ocds_bulk_files():
    """Run by beat every night: the JSON Lines files of the finished days."""
    from .ocds import bulk

    return len(bulk.write_missing())

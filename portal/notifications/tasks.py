from celery import shared_task

from . import services


@shared_task(name="portal.notifications.tasks.send_batch", ignore_result=True)
def send_batch(ids):
    """Send a batch of email notifications over one SMTP connection."""
    return services.send_batch(ids)


@shared_task(name="portal.notifications.tasks.sweep", ignore_result=True)
def sweep():
    """Run by beat every NOTIFICATIONS_SWEEP_SECONDS: email still pending is
    queued again; reminders and digests are produced."""
    return services.sweep()

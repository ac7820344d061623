from celery import shared_task
from django.dispatch import receiver

from portal.outbox.signals import daily_tick

from .services import certificates_expire_due


@shared_task(name="trainings.tasks.expire_certificates", ignore_result=True)
def expire_certificates() -> int:
    return certificates_expire_due()


@receiver(daily_tick, dispatch_uid="trainings.expire_certificates")
def expire_certificates_daily(sender, **kwargs) -> None:
    """Beat's daily housekeeping (portal.outbox.tasks.daily, 00:05 Bishkek
    time) expires the certificates whose last valid day has passed."""
    certificates_expire_due()

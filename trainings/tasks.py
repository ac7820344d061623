from django.dispatch import receiver

from portal.outbox.signals import daily_tick

from .services import certificates_expire_due, trust_figures_refresh


@receiver(daily_tick, dispatch_uid="trainings.expire_certificates")
def expire_certificates_daily(sender, **kwargs) -> None:
    """Beat's daily housekeeping (portal.outbox.tasks.daily, 00:05 Bishkek
    time) expires the certificates whose last valid day has passed. This is
    the one path that records expiry; reads compute it from the dates. Then
    every member's trust figures follow the day: trainings that ended
    yesterday count as completed, certificates past their date no longer
    count."""
    certificates_expire_due()
    trust_figures_refresh()

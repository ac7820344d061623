"""The holder hears of their certificates: issued, expiring in 30 days,
expired, suspended, reinstated, revoked (registered with portal.notifications
in TrainingsConfig.ready())."""

from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import receiver
from django.utils import timezone

from portal.accounts.models import User
from portal.notifications.registry import Topic, register
from portal.notifications.signals import sweep_tick
from portal.outbox.models import Event

from .models import Certificate, CertificateStatus

EXPIRY_WARNING_DAYS = 30


def _certificate(payload: dict) -> dict | None:
    certificate = (
        Certificate.objects.select_related("consultant", "programme")
        .filter(pk=payload["certificate_id"])
        .first()
    )
    if certificate is None:
        return None
    return {"certificate": certificate, "action": payload.get("action", "")}


def _expiring(payload: dict) -> dict | None:
    context = _certificate(payload)
    # renewed, suspended or revoked meanwhile: the warning no longer applies
    if context is None or context["certificate"].status != CertificateStatus.ACTIVE:
        return None
    return context


def _holder(payload, context):
    return User.objects.filter(consultant=context["certificate"].consultant_id)


def _path(context):
    return context["certificate"].get_absolute_url()


register(
    Topic(
        name="certificate.issued",
        template="trainings/notifications/certificate_issued",
        context=_certificate,
        recipients=_holder,
        path=_path,
        transactional=True,
    )
)
register(
    Topic(
        name="certificate.status_changed",
        template="trainings/notifications/certificate_status_changed",
        context=_certificate,
        recipients=_holder,
        path=_path,
        transactional=True,
    )
)
register(
    Topic(
        name="certificate.expiring",
        template="trainings/notifications/certificate_expiring",
        context=_expiring,
        recipients=_holder,
        path=_path,
        transactional=True,
    )
)


def expiring_key(certificate_id, expires_on) -> str:
    return f"certificate.expiring:{certificate_id}:{expires_on.isoformat()}"


def certificates_warn_expiring(*, now=None) -> int:
    """Tell holders, once, that a certificate in force ends within
    EXPIRY_WARNING_DAYS days; from NOTIFICATIONS_REMINDER_HOUR, Bishkek time.
    Idempotent (the events are named after certificate and date), so safe
    to run every sweep and twice at once. Returns how many were recorded."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.NOTIFICATIONS_REMINDER_HOUR:
        return 0
    today = local.date()
    key = Concat(
        Value("certificate.expiring:"),
        Cast(OuterRef("pk"), CharField()),
        Value(":"),
        Cast(OuterRef("expires_on"), CharField()),
        output_field=CharField(),
    )
    due = (
        Certificate.objects.active(today)
        .filter(expires_on__lte=today + timedelta(days=EXPIRY_WARNING_DAYS))
        .exclude(Exists(Event.objects.filter(key=key)))
        .select_related("consultant")
    )
    made = 0
    for certificate in due:
        event = Event.emit_once(
            "certificate.expiring",
            {
                "certificate_id": certificate.pk,
                "consultant_id": certificate.consultant_id,
            },
            key=expiring_key(certificate.pk, certificate.expires_on),
            region_code=certificate.consultant.home_region_id,
        )
        made += event is not None
    return made


@receiver(sweep_tick, dispatch_uid="trainings.certificates_warn_expiring")
def _on_sweep(sender, now, **kwargs):
    certificates_warn_expiring(now=now)

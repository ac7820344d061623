from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(dispatched_at__isnull=True, dead=False)


class Event(models.Model):
    """A fact that something happened, written in the same transaction as the
    change itself and delivered later by the dispatcher (transactional outbox).

    Nothing is lost when Redis or the mail server is down: the row stays pending
    and the dispatcher retries it with a back-off until it is delivered.
    """

    MAX_ATTEMPTS = 12

    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    payload = models.JSONField(_("payload"), default=dict)
    region_code = models.CharField(_("region"), max_length=8, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    available_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    dead = models.BooleanField(_("given up"), default=False)
    last_error = models.TextField(_("last error"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["available_at"],
                name="outbox_pending_idx",
                condition=models.Q(dispatched_at__isnull=True, dead=False),
            )
        ]

    def __str__(self):
        return f"{self.topic} #{self.pk}"

    @classmethod
    def emit(cls, topic: str, payload: dict, *, region_code: str = "") -> "Event":
        """Record an event; after commit, nudge the dispatcher (best effort: beat
        picks the event up anyway if the broker cannot be reached)."""
        event = cls.objects.create(
            topic=topic, payload=payload, region_code=region_code
        )
        transaction.on_commit(_kick_dispatcher)
        return event


def _kick_dispatcher():
    from .tasks import kick

    kick()

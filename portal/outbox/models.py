from django.db import IntegrityError, models, transaction
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
    # periodic jobs (reminders, digests) name their events, so that running a
    # job twice, or twice at once, records the event once
    key = models.CharField(
        _("key"), max_length=200, null=True, blank=True, unique=True, default=None
    )

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

    @classmethod
    def emit_once(
        cls, topic: str, payload: dict, *, key: str, region_code: str = ""
    ) -> "Event | None":
        """Record the event named `key` unless it has been recorded before
        (by this job or another running at the same time); None if it was."""
        try:
            with transaction.atomic():
                event = cls.objects.create(
                    topic=topic, payload=payload, region_code=region_code, key=key
                )
        except IntegrityError:
            return None
        transaction.on_commit(_kick_dispatcher)
        return event


def _kick_dispatcher():
    from .tasks import kick

    kick()

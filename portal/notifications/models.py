"""A notification: one event told to one person through one channel, and the
person's choices about alerts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.outbox.models import Event


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    IN_APP = "in_app", _("in the portal")


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SUPPRESSED = "suppressed", _("suppressed (alerts turned off)")


class Rhythm(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DAILY = "daily", _("daily digest")


class NotificationQuerySet(models.QuerySet):
    def in_app_for(self, user):
        """What the notification centre shows the user: their own, newest
        first."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            recipient=user, channel=Channel.IN_APP, status=Status.SENT
        ).order_by("-created_at", "-id")

    def unread(self):
        return self.filter(read_at__isnull=True)

    def due_email(self, now=None):
        """Email still to send whose time has come (first sending or retry)."""
        return self.filter(
            channel=Channel.EMAIL,
            status=Status.PENDING,
            next_attempt_at__lte=now or timezone.now(),
        )


class Notification(models.Model):
    """One event told to one person through one channel.

    The unique (event, recipient, channel) makes a repeated fan-out (a retried
    or redelivered task) harmless: the row exists, it is not made or sent
    again. The title, the reason and the link are written in the recipient's
    language when the row is made; the email's body is rendered when it is
    sent."""

    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("event"),
    )
    topic = models.CharField(_("topic"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    transactional = models.BooleanField(
        _("about the recipient"),
        default=False,
        help_text=_(
            "Receipts and decisions: sent even to those who turned alerts off."
        ),
    )
    audience = models.CharField(_("as"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=300)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    path = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "channel"],
                name="notification_once_per_event_recipient_channel",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            # the unread count on every page, and the centre's list
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread_idx",
                condition=Q(channel="in_app", status="sent", read_at__isnull=True),
            ),
            models.Index(
                fields=["recipient", "channel", "-created_at"],
                name="notification_centre_idx",
            ),
            # the sweeper's "what is still to send"
            models.Index(
                fields=["next_attempt_at"],
                name="notification_pending_idx",
                condition=Q(status="pending"),
            ),
            models.Index(fields=["event", "status"], name="notification_event_idx"),
        ]

    def __str__(self):
        return f"{self.topic} → {self.recipient_id} ({self.channel})"

    @property
    def message_id(self) -> str:
        """The same Message-ID every time this notification is sent, so that a
        resend after a crash is recognisable as the same message."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        return f"<notification-{self.pk}.event-{self.event_id}@{domain}>"


class Preferences(models.Model):
    """A person's choices about alerts (messages that are not about them:
    new tenders, changes to followed tenders, reminders). Messages about the
    person (receipts, decisions) ignore these choices. No row: the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    email_alerts = models.BooleanField(_("alerts by email"), default=True)
    in_app_alerts = models.BooleanField(_("alerts in the portal"), default=True)
    rhythm = models.CharField(
        _("new tenders by email"),
        max_length=12,
        choices=Rhythm.choices,
        default=Rhythm.IMMEDIATE,
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("hour of the daily digest (Bishkek time)"), default=8
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23),
                name="preferences_digest_hour_in_day",
            )
        ]
        # the sweeper's "who wants a digest at this hour", every minute
        indexes = [
            models.Index(
                fields=["digest_hour"],
                name="preferences_digest_idx",
                condition=Q(rhythm="daily", email_alerts=True),
            )
        ]

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user) -> "Preferences":
        """The user's preferences (unsaved defaults when none were chosen)."""
        found = cls.objects.filter(user=user).first()
        return found or cls(user=user)


class EventDelivery(Event):
    """An outbox event seen from its deliveries (the admin's per-event
    status)."""

    class Meta:
        proxy = True
        verbose_name = _("delivery of an event")
        verbose_name_plural = _("deliveries by event")

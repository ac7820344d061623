"""Consultation requests and the members they are sent to, with their answers."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open for answers")
    AGREED = "agreed", _("agreed with a member")
    DONE = "done", _("work done")
    CANCELLED = "cancelled", _("closed without an agreement")


class Audience(models.TextChoices):
    CHOSEN = "chosen", _("the members I choose")
    REGION = "region", _("every available matching member in my region")


class Reply(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    INTERESTED = "interested", _("interested")
    DECLINED = "declined", _("declined")


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str


# state -> next state; every move is the municipality's staff's
REQUEST_TRANSITIONS = {
    "agree": Move((RequestStatus.OPEN,), RequestStatus.AGREED),
    "complete": Move((RequestStatus.AGREED,), RequestStatus.DONE),
    "cancel": Move((RequestStatus.OPEN,), RequestStatus.CANCELLED),
}


class ConsultationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests a user may read: the academy every one, coordinators
        their regions', staff their municipality's, members those sent to
        them; nobody else any."""
        from municipalities.access import (
            coordinated_region_codes,
            staff_municipality_id,
        )

        if not user.is_authenticated:
            return self.none()
        if user.is_academy_admin:
            return self
        if user.is_coordinator:
            return self.filter(
                municipality__region_id__in=coordinated_region_codes(user)
            )
        municipality_id = staff_municipality_id(user)
        if municipality_id is not None:
            return self.filter(municipality_id=municipality_id)
        if user.is_consultant:
            sent = Recipient.objects.filter(
                request=OuterRef("pk"), consultant__user=user
            )
            return self.filter(Exists(sent))
        return self.none()

    def for_listing(self):
        return self.select_related("municipality", "expertise_area").annotate(
            recipient_count=Count("recipients", distinct=True),
            interested_count=Count(
                "recipients",
                filter=Q(recipients__reply=Reply.INTERESTED),
                distinct=True,
            ),
        )


class ConsultationRequest(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="consultation_requests",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    expertise_area = models.ForeignKey(
        "consultants.ExpertiseArea",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("expertise area"),
    )
    description = models.TextField(_("description of the task"))
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    timeframe = models.CharField(
        _("timeframe in words"),
        max_length=200,
        blank=True,
        help_text=_("For example: two weeks in March."),
    )
    budget = models.DecimalField(
        _("budget, KGS"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    audience = models.CharField(
        _("send to"), max_length=16, choices=Audience.choices, default=Audience.CHOSEN
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    chosen = models.ForeignKey(
        "consultations.Recipient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen answer"),
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("work done"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it is closed"), blank=True)
    tender = models.OneToOneField(
        "procurement.Tender",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_request",
        verbose_name=_("draft tender made from it"),
    )

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gt=0),
                name="consultation_budget_positive",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="consultation_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "cancelled"]) | Q(chosen__isnull=False),
                name="consultation_agreed_has_choice",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "status", "-created_at"],
                name="consultation_mun_status",
            ),
            models.Index(fields=["status", "-created_at"], name="consultation_status"),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("consultations:request-detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The end date cannot be before the start date.")}
            )
        if not (self.starts_on or self.ends_on or self.timeframe.strip()):
            raise ValidationError(
                {"timeframe": _("Give the dates or say the timeframe in words.")}
            )
        if self.budget is not None and self.budget <= 0:
            raise ValidationError({"budget": _("The budget must be above zero.")})

    def available_transitions(self) -> list[str]:
        return [
            name
            for name, move in REQUEST_TRANSITIONS.items()
            if self.status in move.sources
        ]

    def transition(self, name: str, *, now=None) -> None:
        """Make the move `name` of REQUEST_TRANSITIONS (who may is the
        service's question), stamping its time."""
        move = REQUEST_TRANSITIONS[name]
        if self.status not in move.sources:
            raise DomainError(_("This request can no longer be changed this way."))
        now = now or timezone.now()
        self.status = move.target
        stamp = {"agree": "agreed_at", "complete": "completed_at"}.get(
            name, "cancelled_at"
        )
        setattr(self, stamp, now)

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    def consultant_rating(self):
        """The municipality's rating of the chosen member for this work (one
        home: consultants.ConsultantRating), if given."""
        from consultants.models import ConsultantRating, RatedWork

        if self.status != RequestStatus.DONE:
            return None
        return ConsultantRating.objects.filter(
            work=RatedWork.CONSULTATION, work_id=self.pk
        ).first()

    def amount_above_direct_limit(self):
        """The budget or the chosen offer's price, when above the amount that
        may be contracted directly (then a tender is needed); else None."""
        limit = settings.CONSULTATIONS_DIRECT_CONTRACT_LIMIT
        prices = [self.budget]
        if self.chosen_id:
            prices.append(self.chosen.price)
        above = [p for p in prices if p is not None and p > limit]
        return max(above) if above else None


class RecipientQuerySet(models.QuerySet):
    def answered(self):
        return self.exclude(reply=Reply.PENDING)


class Recipient(models.Model):
    """A member a request was sent to, and their answer."""

    request = models.ForeignKey(
        ConsultationRequest,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("request"),
    )
    consultant = models.ForeignKey(
        "consultants.Consultant",
        on_delete=models.PROTECT,
        related_name="consultation_requests",
        verbose_name=_("member"),
    )
    reply = models.CharField(
        _("answer"), max_length=16, choices=Reply.choices, default=Reply.PENDING
    )
    offer = models.TextField(_("offer"), blank=True)
    price = models.DecimalField(
        _("price, KGS"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("can start"), null=True, blank=True)
    ends_on = models.DateField(_("can finish"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient of a request")
        verbose_name_plural = _("recipients of requests")
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "consultant"], name="consultation_one_per_member"
            ),
            models.CheckConstraint(
                condition=~Q(reply="interested") | ~Q(offer=""),
                name="consultation_interest_has_offer",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0),
                name="consultation_price_positive",
            ),
        ]
        # a member's requests, newest first
        indexes = [
            models.Index(fields=["consultant", "-request"], name="consultation_member")
        ]

    def __str__(self):
        return f"{self.request} — {self.consultant}"

    @property
    def is_interested(self) -> bool:
        return self.reply == Reply.INTERESTED

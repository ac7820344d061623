"""Who wants to hear of which tenders: subscriptions (new tenders by region,
expertise area or municipality) and follows (one tender's changes)."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import ExpertiseArea
from municipalities.models import Municipality, Region

from .tenders import Tender


class SubscriptionQuerySet(models.QuerySet):
    def matching(self, tender: Tender):
        """Subscriptions a tender answers: an empty part means "any" (any
        region, any expertise area, any municipality)."""
        regions = {tender.municipality.region_id} | set(
            tender.regions.values_list("pk", flat=True)
        )
        return self.filter(
            Q(region__isnull=True) | Q(region__in=regions),
            Q(expertise__isnull=True)
            | Q(expertise__in=tender.expertise_areas.values("pk")),
            Q(municipality__isnull=True) | Q(municipality_id=tender.municipality_id),
        )

    def matching_outer_tender(self, prefix: str = ""):
        """The same rule inside a query over tenders (OuterRef to the tender
        row, `prefix` for a deeper nesting)."""
        tender = OuterRef(f"{prefix}pk")
        works_there = Tender.regions.through.objects.filter(
            tender_id=OuterRef(tender), region_id=OuterRef("region_id")
        )
        about = Tender.expertise_areas.through.objects.filter(
            tender_id=OuterRef(tender), expertisearea_id=OuterRef("expertise_id")
        )
        return self.filter(
            Q(region__isnull=True)
            | Q(region_id=OuterRef(f"{prefix}municipality__region_id"))
            | Q(Exists(works_there)),
            Q(expertise__isnull=True) | Q(Exists(about)),
            Q(municipality__isnull=True)
            | Q(municipality_id=OuterRef(f"{prefix}municipality_id")),
        )


class TenderSubscription(models.Model):
    """New tenders a person wants to hear of: those of a region (where the
    municipality is or the work is done), in an expertise area, of a
    municipality, or any combination; an empty part means "any". One row
    is one pair such as "Naryn · tariffs", which is also the reason given in
    the message and the filter of the row's Atom feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tender_subscriptions",
        verbose_name=_("user"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    expertise = models.ForeignKey(
        ExpertiseArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expertise area"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    from_profile = models.BooleanField(
        _("derived from the profile"),
        default=False,
        help_text=_("Made from the regions served and expertise areas."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tender subscription")
        verbose_name_plural = _("tender subscriptions")
        ordering = ["user", "region", "expertise", "municipality", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "expertise", "municipality"],
                nulls_distinct=False,
                name="tender_subscription_unique",
            )
        ]
        indexes = [
            models.Index(fields=["region", "expertise"]),
            models.Index(fields=["expertise"]),
            models.Index(fields=["municipality"]),
        ]

    def __str__(self):
        return self.label()

    def label(self) -> str:
        """ "Naryn · tariffs" in the active language."""
        parts = [
            str(part)
            for part in (self.municipality, self.region, self.expertise)
            if part is not None
        ]
        return " · ".join(parts) or str(_("all tenders"))

    def feed_url(self) -> str:
        """The Atom feed of what this subscription selects: the tender list's
        filters (a municipality has no list filter: its feed is the region's)."""
        query = {}
        region = self.region_id or (
            self.municipality.region_id if self.municipality_id else None
        )
        if region:
            query["region"] = region
        if self.expertise_id:
            query["expertise"] = self.expertise.code
        url = reverse("procurement:tender-feed")
        return f"{url}?{urlencode(query)}" if query else url


class TenderFollow(models.Model):
    """A person following one tender: amendments, answers, reminders,
    cancelling."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tender_follows",
        verbose_name=_("user"),
    )
    tender = models.ForeignKey(
        Tender,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("tender"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("followed tender")
        verbose_name_plural = _("followed tenders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tender"], name="tender_follow_unique"
            )
        ]
        indexes = [models.Index(fields=["tender"])]

    def __str__(self):
        return f"{self.user} → {self.tender_id}"

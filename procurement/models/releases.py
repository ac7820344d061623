"""OCDS releases: immutable snapshots of a public tender, stored when their
event happens (procurement/ocds/events.py) and never rebuilt."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from .tenders import Tender


class ReleaseQuerySet(models.QuerySet):
    def in_feed_order(self):
        """By date, then release id: the stable order of packages and files."""
        return self.order_by("date", "release_id")

    def after(self, date, release_id):
        """Keyset pagination: the releases that follow (date, release_id)."""
        return self.filter(Q(date__gt=date) | Q(date=date, release_id__gt=release_id))

    def firsts(self):
        """One release per contracting process, its first: records are paged
        by it, so a record keeps its place whatever happens to it later."""
        return self.filter(sequence=1)


class Release(models.Model):
    """One OCDS release, exactly as published. `backfilled` releases were
    reconstructed once from the tender's data when the portal started storing
    releases (migration 0009); the rest were stored at their event."""

    tender = models.ForeignKey(
        Tender, on_delete=models.PROTECT, related_name="releases"
    )
    sequence = models.PositiveIntegerField(_("number in the record"))
    ocid = models.CharField("ocid", max_length=100)
    release_id = models.CharField(_("release id"), max_length=200, unique=True)
    date = models.DateTimeField(_("date"))
    tag = models.JSONField(_("tags"), default=list)
    data = models.JSONField(_("release"), encoder=DjangoJSONEncoder)
    backfilled = models.BooleanField(
        _("reconstructed from earlier data"), default=False
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCDS release")
        verbose_name_plural = _("OCDS releases")
        ordering = ["date", "release_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "sequence"], name="release_unique_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["date", "release_id"], name="release_feed_order"),
            models.Index(
                fields=["date", "release_id"],
                condition=Q(sequence=1),
                name="release_record_order",
            ),
        ]

    def __str__(self):
        return self.release_id

    def save(self, *args, **kwargs):
        # a published release is never changed: consumers may have it
        if not self._state.adding:
            raise DomainError(_("A published OCDS release cannot be changed."))
        super().save(*args, **kwargs)

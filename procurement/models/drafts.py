"""Files a bidder uploaded with a submission that did not go through.

A failed submission (a missing field, a refused file next to good ones) keeps
the good files here, encrypted as BidFile is, so they need not be uploaded
again on a slow connection. A draft belongs to the bidder's own bid for the
tender (one bidder, one tender: the bid that is or will be) and is readable by
that bidder alone: never by other consultants, the municipality, the academy
or coordinators, before or after the opening. The next successful submission
turns the drafts it keeps into the bid's files."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant

from .bid_files import SealedFile
from .tenders import Tender


class BidDraftFileQuerySet(models.QuerySet):
    def of_bidder(self, user):
        """Draft files are their bidder's alone, whatever the user's roles."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(consultant__user=user)

    def for_bid(self, tender, consultant):
        return self.filter(tender=tender, consultant=consultant)


class BidDraftFile(SealedFile):
    """A file kept from a failed submission."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="draft_files"
    )
    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="draft_files"
    )

    objects = BidDraftFileQuerySet.as_manager()

    class Meta(SealedFile.Meta):
        verbose_name = _("draft bid file")
        verbose_name_plural = _("draft bid files")
        indexes = [
            models.Index(
                fields=["tender", "consultant"], name="biddraftfile_bidder_idx"
            )
        ]

    def get_absolute_url(self):
        return reverse("procurement:biddraft-download", args=[self.pk])

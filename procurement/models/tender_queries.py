"""The tenders' queryset (Tender.objects): the public list and its search, who
runs or sees a tender, which accept bids or are due for closing."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from consultants.models import ExpertiseArea
from municipalities.models import StaffMembership
from portal.cached_relations import listed_from_cache
from portal.pagination import SEARCH_CAP, capped_at

from .choices import PUBLIC_STATES, TenderStatus
from .eligibility import EligibilityQuerySetMixin


def works_for(user, municipality_ref: str):
    """EXISTS (the user is confirmed staff of the municipality): no join, no
    duplicates."""
    return models.Exists(
        StaffMembership.objects.confirmed().filter(
            user_id=user.pk, municipality_id=models.OuterRef(municipality_ref)
        )
    )


LANGUAGES = ("ky", "ru", "en")
# what the public list of tenders never reads: the long texts, the search column
UNLISTED_FIELDS = (
    "description",
    *(f"description_{language}" for language in LANGUAGES),
    "cancel_explanation",
    "consensus_minutes",
    "single_source_justification",
    "search_text",
    "region_codes",
)


class TenderQuerySet(EligibilityQuerySetMixin, models.QuerySet):
    def public(self):
        # a draft cancelled before publication never becomes public
        return self.filter(status__in=PUBLIC_STATES, published_at__isnull=False)

    def for_region(self, code):
        """Tenders of a region's municipalities or with work in the region:
        region_codes holds both (kept by the database, GIN-indexed). Takes
        a region's code or the region."""
        return self.filter(region_codes__contains=[getattr(code, "pk", code)])

    def with_expertise(self, area):
        """Tenders in the expertise area (an area or its id): one GIN-indexed
        test of expertise_ids (kept by the database)."""
        return self.filter(expertise_ids__contains=[getattr(area, "pk", area)])

    def search(self, text: str):
        """Each word must occur in a title (any language) or the
        municipality's name (the trigram-indexed search_text), or be the
        tender's notice number on the state portal. A word of fewer than
        three letters must start a word: inside words the trigram index
        has nothing to look up, and the search would read every tender.

        Its count stops at SEARCH_CAP (portal.pagination.capped_at): "more
        than 200 tenders", as the registry's search says, so a common word
        reads 201 of its trigram hits to count, not 1,001 (the pages go on
        while tenders are found)."""
        qs = self
        words = (text or "").split()
        for word in words:
            word = word.lower()
            notice = Q(state_notice_number=word) if word.isdigit() else Q()
            if len(word) >= 3:
                found = Q(search_text__contains=word)
            else:
                found = Q(search_text__startswith=word) | Q(
                    search_text__contains=" " + word
                )
            qs = qs.filter(notice | found)
        return capped_at(qs, SEARCH_CAP) if words else qs

    def managed_by(self, user):
        """Tenders the user runs: those of the municipality the user works for."""
        if not (user.is_authenticated and user.is_municipal_staff):
            return self.none()
        return self.filter(works_for(user, "municipality_id"))

    def visible_to(self, user):
        """Published tenders for everyone; drafts for their municipality's staff."""
        if user.is_authenticated and user.is_municipal_staff:
            return self.filter(
                Q(status__in=PUBLIC_STATES, published_at__isnull=False)
                | Q(works_for(user, "municipality_id"))
            )
        return self.public()

    def for_listing(self):
        return self.select_related("municipality__region").prefetch_related(
            "regions", "expertise_areas"
        )

    def for_public_list(self):
        """What a row of the public tender list shows: no long texts, no
        regions; the expertise areas as a list (listed_areas), not a related
        manager and a queryset built for each row."""
        return listed_from_cache(
            self.select_related("municipality__region").defer(*UNLISTED_FIELDS),
            "expertise_ids",
            "listed_areas",
            ExpertiseArea.reference_rows,
        )

    def due_for_closing(self, now=None):
        return self.filter(
            status=TenderStatus.PUBLISHED,
            submission_deadline__lte=now or timezone.now(),
        )

    def accepting_bids(self, now=None):
        return self.public().filter(
            status=TenderStatus.PUBLISHED,
            submission_deadline__gt=now or timezone.now(),
        )

"""The consultants' queryset (Consultant.objects): the registry's reads, and
the columns and sorts its lists use."""

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.cached_relations import listed_from_cache

from .choices import ExpertiseArea
from .recommendations import RecommendationQuerySet
from .search import SearchQuerySetMixin
from .statuses import (
    ACTIVE_STATUSES,
    MEMBER_STATUSES,
    PUBLIC_STATUSES,
    NetworkStatus,
)
from .trust import Availability


class ConsultantQuerySet(RecommendationQuerySet, SearchQuerySetMixin, models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def members(self):
        return self.filter(status__in=MEMBER_STATUSES)

    def active_members(self):
        """Provisional and certified members: the registry's default."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def certified_for(self, code: str):
        """Members holding a certificate in force for the expertise area
        (the GIN-indexed certified_areas kept by the trainings app)."""
        return self.filter(certified_areas__contains=[code])

    def applications(self):
        return self.filter(status=NetworkStatus.APPLICANT)

    def for_region(self, code):
        """Consultants based in the region or serving it: region_codes holds
        both (kept by the database), so one GIN-indexed test answers, where
        "home region OR EXISTS(regions served)" read every row."""
        return self.filter(region_codes__contains=[code])

    def for_district(self, district):
        """Consultants serving the district (a district or its id): one
        GIN-indexed test of district_ids (kept by the database)."""
        return self.filter(district_ids__contains=[getattr(district, "pk", district)])

    def with_expertise(self, area):
        """Consultants working in the expertise area (an area or its id): one
        GIN-indexed test of expertise_ids (kept by the database), where the
        join to the areas counted every member of a wide area."""
        return self.filter(expertise_ids__contains=[getattr(area, "pk", area)])

    def speaking(self, language: str):
        """Consultants working in the language (GIN-indexed languages)."""
        return self.filter(languages__contains=[language])

    def available(self, today=None):
        """Members who take work now: available, or busy until a day that has
        passed (Bishkek time)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(availability=Availability.AVAILABLE)
            | Q(availability=Availability.BUSY, busy_until__lt=today)
        )

    def for_listing(self):
        """What a row of the registry page shows (no biography, none of the
        search columns: a page of them weighed ~70 kB)."""
        return self._listed().defer(*UNLISTED_FIELDS, *BIO_FIELDS)

    def for_api_listing(self):
        """What a consultant of the API shows: also the regions served (as
        listed_regions) and the biography."""
        return (
            self._listed()
            .defer(*UNLISTED_FIELDS)
            .prefetch_related(
                Prefetch("regions_served", to_attr=LISTED_AS["regions_served"])
            )
        )

    def _listed(self):
        # the areas as lists (listed_areas) of the cached reference rows, not
        # a related manager and a queryset built for each row (a third of
        # the API's time), nor a prefetch query and its instances
        return listed_from_cache(
            self.select_related("home_region"),
            "expertise_ids",
            LISTED_AS["expertise_areas"],
            ExpertiseArea.reference_rows,
        )

    def by_name(self, *, language: str, descending: bool = False):
        """Sorted by the name in a language (Kyrgyz where it has none), then
        id: the order of the name indexes, so a page reads 20 index entries
        instead of sorting the registry."""
        return self.order_by(*name_ordering(language, descending=descending))

    def visible_to(self, user):
        """What a user may open: the public registry, plus their own profile,
        plus every application for academy administrators."""
        if user.is_authenticated and user.is_academy_admin:
            return self
        if user.is_authenticated:
            return self.filter(Q(status__in=PUBLIC_STATUSES) | Q(user=user))
        return self.public()


NAME_LANGUAGES = ("ky", "ru", "en")
# what no list of members (page or API) reads: the search columns, the
# review's notes, the tax number; the HTML lists show no biography either
UNLISTED_FIELDS = (
    "expertise_text",
    "region_codes",
    "district_ids",
    "search_document",
    "places_text",
    "search_folded",
    "folded_names",
    "search_words",
    "decision_reason",
    "inn",
)
# the prefetched rows of a list, as lists (the attribute of each relation)
LISTED_AS = {"expertise_areas": "listed_areas", "regions_served": "listed_regions"}
BIO_FIELDS = ("bio", *(f"bio_{language}" for language in NAME_LANGUAGES))


def name_sort_key(language: str):
    """The registry's sort key for a language: the name shown to its readers
    (modeltranslation falls back to Kyrgyz, the required language)."""
    if language == "ky":
        return models.F("name_ky")
    return Coalesce(f"name_{language}", "name_ky")


def name_ordering(language: str, *, descending: bool = False) -> list:
    """ORDER BY of the name sort; each direction has an index (name_*_id)."""
    if language not in NAME_LANGUAGES:
        language = "ky"
    key = name_sort_key(language)
    if descending:
        return [key.desc(), "-id"]
    return [key.asc(), "id"]

"""The registry's search: loose spelling over names, bios, expertise areas
and places (portal.search), and the ranking of its matches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Greatest, Length
from django.db.models.lookups import GreaterThanOrEqual

from municipalities.models import Municipality, Place
from portal.search import Fold, folded_words

# what search_folded is generated from (Consultant)
SEARCHED_COLUMNS = [
    *(
        f"{field}_{lang}"
        for field in ("name", "bio")
        for lang in settings.MODELTRANSLATION_LANGUAGES
    ),
    "expertise_text",
    "places_text",
]


class SearchQuerySetMixin:
    """ConsultantQuerySet's search() and ranked() (the filters' default order
    when a search is given: ConsultantListFilterSet.default_order)."""

    def search(self, text: str):
        """Each typed word must occur in a member's names, bios, expertise
        areas or places (home region, regions and districts served), in any
        language, case and loose spelling (Latin or Cyrillic: portal.search),
        or start a word of the name of a municipality or village the member
        serves (words of three letters or more, folded). Trigram-indexed."""
        qs = self
        for folded in folded_words(text):
            # a union, so that each side is answered from its own index
            found = self.model.objects.filter(search_folded__contains=folded)
            found = found.order_by().values("pk")
            found = found.union(*_serving_places_named(self.model, folded))
            qs = qs.filter(pk__in=found)
        return qs

    def ranked(self, text: str, *then):
        """The search's matches in order: a name (in any language, folded)
        equal to what was typed first, then names with a word starting so,
        then the others; within each by the name's trigram similarity, then
        by `then`. Only the matches are ranked: filter with search() first."""
        phrase = Fold(models.Value(text or ""))
        languages = settings.MODELTRANSLATION_LANGUAGES
        names = [f"folded_name_{lang}" for lang in languages]
        qs = self.alias(
            **{f"folded_name_{lang}": Fold(f"name_{lang}") for lang in languages}
        )
        exact, starts = Q(), Q()
        for name in names:
            exact |= Q(**{name: phrase})
            starts |= Q(**{f"{name}__startswith": phrase})
            starts |= Q(**{f"{name}__contains": Concat(models.Value(" "), phrase)})
        return qs.alias(
            search_rank=models.Case(
                models.When(exact, then=0),
                models.When(starts, then=1),
                default=2,
                output_field=models.IntegerField(),
            ),
            name_similarity=Greatest(
                *(
                    models.Func(models.F(name), phrase, function="similarity")
                    for name in names
                ),
                output_field=models.FloatField(),
            ),
        ).order_by("search_rank", "-name_similarity", *then)


def _serving_places_named(model, folded):
    """The members serving a municipality or village with a word of its name
    (any language, folded) starting with `folded`: based in or serving its
    region, or serving its district (as for_region and for_district)."""
    long_enough = GreaterThanOrEqual(Length(folded), 3)  # folded when planned
    word_start = Q(search_folded__startswith=folded) | Q(
        search_folded__contains=Concat(models.Value(" "), folded)
    )
    villages = Place.objects.filter(long_enough, word_start)
    municipalities = Municipality.objects.active().filter(
        long_enough, word_start | Q(pk__in=villages.values("municipality_id"))
    )
    regions = municipalities.values("region_id")
    districts = municipalities.values("district_id")
    served = model.regions_served.through.objects
    return [
        model.objects.filter(home_region_id__in=regions).order_by().values("pk"),
        served.filter(region_id__in=regions).values("consultant_id"),
        model.districts_served.through.objects.filter(district_id__in=districts).values(
            "consultant_id"
        ),
    ]

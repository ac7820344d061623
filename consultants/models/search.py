"""The registry's search: loose spelling over names, bios, expertise areas
and places (portal.search), and the ranking of its matches.

At national scale a common word ("муниципалдык", "кеңешчи") matches most of
the registry, so the search never reads or sorts all of its matches: each of
its ways of matching (an arm: the folded names equal to what was typed, the
search column, the places served) gives at most CANDIDATES members, the
first in the list's order (read off that order's index, or the few matches
of a rare word off the trigram index and sorted), and the page ranks or
sorts only their union. The first CANDIDATES rows of the list are therefore
exact in any sort; past them a list of more than COUNT_CAP matches (which
the page reports as "more than 1,000") ends."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Concat, Greatest, Length
from django.db.models.lookups import GreaterThanOrEqual

from municipalities.models import Municipality, Place
from portal.pagination import COUNT_CAP
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

# members an arm of the search gives at most: one more than the capped count
CANDIDATES = COUNT_CAP + 1


class TextArray(models.Func):
    """`ARRAY[a, b, …]` of texts."""

    template = "ARRAY[%(expressions)s]"
    output_field = ArrayField(models.TextField())


def folded_names():
    """The name in each language, folded (Consultant.folded_names, generated
    and GIN-indexed): the exact-name arm of the search and its ranking."""
    return TextArray(
        *(
            Fold(
                Coalesce(
                    f"name_{lang}", models.Value(""), output_field=models.TextField()
                )
            )
            for lang in settings.MODELTRANSLATION_LANGUAGES
        )
    )


class SearchQuerySetMixin:
    """ConsultantQuerySet's search() and ranked() (the filters' default order
    when a search is given: ConsultantListFilterSet.default_order)."""

    def search(self, text: str):
        """Each typed word must occur in a member's names, bios, expertise
        areas or places (home region, regions and districts served), in any
        language, case and loose spelling (Latin or Cyrillic: portal.search),
        or start a word of the name of a municipality or village the member
        serves (words of three letters or more, folded). Trigram-indexed.

        Filter and order first, search last: each arm reads at most
        CANDIDATES matches of this queryset in its order (see the module)."""
        words = (text or "").split()
        if not words:
            return self
        folded = folded_words(text)
        # the longest word leads (likely the rarest); the others filter its arms
        lead = max(range(len(words)), key=lambda i: len(words[i]))
        others = Q()
        for number, word in enumerate(folded):
            if number != lead:
                others &= _word_matches(self.model, word)
        word = folded[lead]
        exact = Q(folded_names__contains=TextArray(Fold(models.Value(text))))
        arms = [exact, Q(search_folded__contains=word)] + _serving_places_named(
            self.model, word
        )
        ordering = self.query.order_by or self.model._meta.ordering
        found = [
            self.filter(others, arm).order_by(*ordering).values("pk")[:CANDIDATES]
            for arm in arms
        ]
        return self.filter(pk__in=found[0].union(*found[1:]))

    def ranked(self, text: str, *then):
        """The search's matches in order: a name (in any language, folded)
        equal to what was typed first, then names with a word starting so,
        then the others; within each by the name's trigram similarity, then
        by `then`. Only the matches are ranked: search() first, which bounds
        them (read in the order of `then`)."""
        phrase = Fold(models.Value(text or ""))
        names = models.Func(
            models.F("folded_names"),
            models.Value(" | "),
            function="array_to_string",
            output_field=models.TextField(),
        )
        exact = Q(folded_names__contains=TextArray(phrase))
        starts = Q(joined_names__startswith=phrase) | Q(
            joined_names__contains=Concat(models.Value(" "), phrase)
        )
        count = len(settings.MODELTRANSLATION_LANGUAGES)
        return (
            self.alias(
                joined_names=names,
            )
            .alias(
                search_rank=models.Case(
                    models.When(exact, then=0),
                    models.When(starts, then=1),
                    default=2,
                    output_field=models.IntegerField(),
                ),
                name_similarity=Greatest(
                    *(
                        models.Func(
                            models.F(f"folded_names__{number}"),
                            phrase,
                            function="similarity",
                        )
                        for number in range(count)
                    ),
                    output_field=models.FloatField(),
                ),
            )
            .order_by("search_rank", "-name_similarity", *then)
        )


def _word_matches(model, folded) -> Q:
    """A member matching one folded word, row by row (the words after the
    first: they filter what the first word's arms read)."""
    condition = Q(search_folded__contains=folded)
    for arm in _serving_places_named(model, folded):
        condition |= arm
    return condition


def _serving_places_named(model, folded) -> list[Q]:
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
        Q(home_region_id__in=regions),
        Q(pk__in=served.filter(region_id__in=regions).values("consultant_id")),
        Q(
            pk__in=model.districts_served.through.objects.filter(
                district_id__in=districts
            ).values("consultant_id")
        ),
    ]

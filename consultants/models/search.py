"""The registry's search: loose spelling over names, bios, expertise areas
and places (portal.search), and the ranking of its matches.

At national scale a common word ("муниципалдык", "кеңешчи") matches most of
the registry, so the search never reads or sorts all of its matches. A word
matches by the search column or by the places a member serves (the regions
and districts of the municipalities and villages named so): one condition,
whose parts are indexed (the trigram index, region_codes' GIN index), so the
planner either walks the list's order index until `candidates` matches are
found (a common word, or a place: thousands of members serve a region) or
reads the few hits off the indexes and sorts them (a rare word). With the
exact names (ranked first wherever the list has them), a UNION of two arms:
one query a request (search_matches), read at once: the capped count and
the page (ranked or sorted) then read those few members by their key,
instead of each evaluating the search again.

The planner assumes the matches are spread evenly over the order. A common
word whose members all sit at its other end ("фонду", in organisation
names, sorted backwards by name) makes the walk long (70,000 rows, ~450 ms
at 100,000 members): a known limit, not yet bounded.

The registry's page and API read SEARCH_CANDIDATES (201) of a search: the
first 201 matches of the list in its order are exact in any sort and ranked
by relevance; past them the page says "more than 200 consultants found"
(the queryset carries that cap: portal.pagination.capped_at) and ends, so
a broad word asks for a second word or a filter. Reading 201 rather than
1,001 keeps a common word's walk of the name index (and the ranking of the
candidates by similarity) to a few milliseconds at 100,000 members. The
exports read every match (candidates=None: a subquery, not a list)."""

import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Coalesce, Concat, Greatest, Length
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from municipalities.models import Municipality, Place
from portal.choices import CHOICES_TIMEOUT, choices_version
from portal.expressions import AnyOf
from portal.pagination import COUNT_CAP, SEARCH_CAP, capped_at
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
# what the registry's page and API read of a search (the filters'
# search_candidates): the first 201 matches of the list in its order, ranked
SEARCH_CANDIDATES = SEARCH_CAP + 1


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

    def search(self, text: str, candidates: int | None = CANDIDATES):
        """Each typed word must occur in a member's names, bios, expertise
        areas or places (home region, regions and districts served), in any
        language, case and loose spelling (Latin or Cyrillic: portal.search),
        or start a word of the name of a municipality or village the member
        serves (words of three letters or more, folded). Trigram-indexed.

        Filter and order first, search last: the first `candidates` matches
        of this queryset in its order (see the module; None: all of them,
        for the exports, as a subquery), read at once, one query (and one
        more finds the places): the count and the page then read them by
        their key instead of each evaluating the search again."""
        matches = self.search_matches(text, candidates)
        if matches is None:
            return self
        if candidates is None:
            return _among(self, matches)
        ids = _keys(matches)
        # every match of the list is among them while fewer than `candidates`
        # matched (the exact names too: they match the words), so their
        # number is the count, as far as the cap
        return capped_at(_among(self, ids), candidates - 1, counted=len(ids))

    def search_matches(self, text: str, candidates: int | None = CANDIDATES):
        """The keys (a query) of search()'s matches: the first `candidates`
        of this queryset in its order (None: all of them; no word: None),
        and the exact names among its first `candidates` in that order."""
        words = (text or "").split()
        if not words:
            return None
        folded = folded_words(text)
        places = _places_named(words, folded)
        # the longest word leads (likely the rarest); the others filter it
        lead = max(range(len(words)), key=lambda i: len(words[i]))
        others = Q()
        for number, word in enumerate(folded):
            if number != lead:
                others &= _word_matches(self.model, word, *places[number])
        exact = Q(folded_names__contains=TextArray(Fold(models.Value(text))))
        matches = _word_matches(self.model, folded[lead], *places[lead])
        if candidates is None:
            return self.filter(others, exact | matches).values("pk")
        ordering = self.query.order_by or (
            self.model._meta.ordering if self.query.default_ordering else []
        )
        # the exact names (ranked first, wherever the list has them) and the
        # list's first `candidates` matches: one walk of the order's index
        # while the matches are many, the indexes of the arms and a sort of
        # their few hits otherwise (the planner weighs the two)
        return (
            self.filter(others, exact)
            .order_by(*ordering)
            .values("pk")[:candidates]
            .union(
                self.filter(others, matches)
                .order_by(*ordering)
                .values("pk")[:candidates]
            )
        )

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


def _keys(query) -> list:
    """The keys a values("pk") query selects, read off the cursor (through
    the queryset, modeltranslation wraps each of the 201 rows)."""
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [key for (key,) in cursor.fetchall()]


def _among(qs, ids):
    """`qs` reduced to the members `ids` (a subquery that applied its
    filters already, or a list of keys): the filters are not repeated, so
    the planner reads the few members by their key rather than the
    filtered registry."""
    among = AnyOf(models.F("pk"), ids) if isinstance(ids, list) else Q(pk__in=ids)
    query = qs.query
    if query.annotations or query.combinator or query.is_sliced or query.distinct:
        return qs.filter(among)
    reduced = qs.model._default_manager.filter(among)
    reduced.query.select_related = query.select_related
    reduced.query.order_by = query.order_by
    reduced.query.default_ordering = query.default_ordering
    reduced.query.deferred_loading = query.deferred_loading
    reduced._prefetch_related_lookups = qs._prefetch_related_lookups
    reduced._iterable_class = qs._iterable_class  # listed_from_cache's rows
    return reduced


def _word_matches(model, folded, regions, districts) -> Q:
    """The ways a member matches one folded word, as one condition: its
    search column, or serving a place named so (regions and districts found
    by _places_named: known values, which the planner estimates from its
    statistics). region_codes (the home region and the regions served),
    district_ids (the districts served) and the search column are
    GIN-indexed, so the planner may read their hits and sort the few, or
    walk the list's order while they are many."""
    found = _in_search_column(folded)
    regions = sorted(code for code in regions if code is not None)
    districts = sorted(key for key in districts if key is not None)
    if regions:
        found |= Q(region_codes__overlap=regions)
    if districts:
        found |= Q(district_ids__overlap=districts)
    return found


def _in_search_column(folded) -> Q:
    """The folded word anywhere in the search column (search_words: the
    distinct words of search_folded, short and uncompressed, so checking a
    trigram hit costs little); a word of fewer than
    three letters (after folding: `qqqzzz` is `kz`) at the start of a word
    only, which the trigram index can find (inside words it has no trigram
    to look up). Its length is known when planned, so only one side stays."""
    long_enough = GreaterThanOrEqual(Length(folded), 3)
    short = LessThan(Length(folded), 3)
    return Q(long_enough, search_words__contains=folded) | Q(
        short,
        Q(search_words__startswith=folded)
        | Q(search_words__contains=Concat(models.Value(" "), folded)),
    )


def _places_named(words: list, folded: list) -> list[tuple[set, set]]:
    """For each folded word, the regions and districts of the active
    municipalities with a word of their name (any language, folded), or of
    one of their villages, starting with it (words of three letters or
    more): one query for all the words, kept in the cache until a
    municipality or village changes (portal.choices versions: their saves
    and the register's import bump them)."""
    key = "places-named:%s:%s:%s" % (
        choices_version(Municipality),
        choices_version(Place),
        hashlib.sha256("\x00".join(words).encode()).hexdigest()[:32],
    )
    kept = cache.get(key)
    if kept is not None and len(kept) == len(folded):
        return [(set(regions), set(districts)) for regions, districts in kept]
    places = [(set(), set()) for _ in folded]
    for number, region, district in places_named_query(folded):
        places[number][0].add(region)
        places[number][1].add(district)
    kept = [[sorted(k for k in keys if k is not None) for keys in p] for p in places]
    cache.set(key, kept, CHOICES_TIMEOUT)
    return places


def places_named_query(folded: list):
    """(word's number, region, district) of _places_named, trigram-indexed."""
    found = []
    for number, word in enumerate(folded):
        long_enough = GreaterThanOrEqual(Length(word), 3)  # folded when planned
        word_start = Q(search_folded__startswith=word) | Q(
            search_folded__contains=Concat(models.Value(" "), word)
        )
        villages = Place.objects.filter(long_enough, word_start)
        found.append(
            Municipality.objects.active()
            .filter(
                long_enough, word_start | Q(pk__in=villages.values("municipality_id"))
            )
            .annotate(word=models.Value(number))
            .values_list("word", "region_id", "district_id")
            .order_by()
            .distinct()
        )
    return found[0].union(*found[1:], all=True)

"""Pagination whose cost does not grow with the table.

An exact COUNT(*) of a filtered list reads every matching row on every page
(100–170 ms at 100,000 consultants). The lists count at most COUNT_CAP + 1
rows instead: below the cap the count is exact, above it the page says "more
than 1,000" and, instead of a last page number, offers a next page while one
more row exists (each page reads one row more than it shows).

A search reads only the first SEARCH_CAP + 1 matches of its list
(consultants.models.search): its queryset carries that lower cap
(`capped_at`), which the paginator and the API's count then use, so the page
says "more than 200" rather than counting its candidates as if they were all.
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000
SEARCH_CAP = 200


def capped_at(queryset, cap: int, *, counted: int | None = None):
    """`queryset`, whose count a CappedPaginator stops at `cap` + 1 (kept by
    the querysets derived from it: a Query's clones copy its attributes).
    `counted`: how many rows it has, when the caller has just read them (a
    search's matches): the paginator then asks no count of the database,
    while no filter, slice or DISTINCT is added to it (orderings and
    annotations may be)."""
    queryset.query.count_cap = cap
    if counted is not None:
        queryset.query.known_count = (counted, _shape(queryset.query))
    return queryset


def known_count(queryset) -> int | None:
    """The count capped_at() was told, if `queryset` still selects the same
    rows; otherwise None (count it)."""
    query = getattr(queryset, "query", None)
    known = getattr(query, "known_count", None)
    if known is None or known[1] != _shape(query):
        return None
    return known[0]


def _shape(query) -> tuple:
    """What changes with the rows a query selects (a filter adds a child to
    its WHERE), but not with its order or annotations."""
    where = query.where
    return (
        len(where.children),
        where.connector,
        where.negated,
        query.is_sliced,
        bool(query.distinct),
        query.combinator,
        query.is_empty(),
    )


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self):
        return self._has_more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``cap`` + 1 (``capped`` then says so)."""

    cap = COUNT_CAP

    def __init__(self, object_list, *args, **kwargs):
        super().__init__(object_list, *args, **kwargs)
        query = getattr(object_list, "query", None)
        self.cap = getattr(query, "count_cap", self.cap)

    @cached_property
    def count(self) -> int:
        known = known_count(self.object_list)
        if known is not None:  # the search has just read its matches
            return min(known, self.cap + 1)
        # SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1): stops at the cap; no
        # ORDER BY, so the planner may take any index that answers the filter
        rows = self.object_list.order_by().values("pk")[: self.cap + 1]
        return rows.count()

    @cached_property
    def capped(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)  # its messages
        if number < 1:
            return super().validate_number(number)
        return number

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(
            rows[: self.per_page], number, self, has_more=len(rows) > self.per_page
        )

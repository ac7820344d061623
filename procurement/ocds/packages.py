"""The stored releases as records (compiled with ocdsmerge) and as paged,
streamed release and record packages."""

import base64
import json
from collections.abc import Iterator
from datetime import date as Date
from datetime import datetime, time, timedelta

import ocdsmerge
from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import (
    Amendment,
    Bid,
    BidQuerySet,
    Question,
    Release,
    Tender,
)
from .codes import EXTENSIONS, OCDS_VERSION, _dt, _site
from .merge_rules import MERGE_RULES

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
MERGER = ocdsmerge.Merger(merge_rules=MERGE_RULES)


class BadCursor(ValueError):
    """A page cursor that this feed did not make."""


def _count_of(queryset):
    """COUNT(*) of related rows as a correlated subquery: read through the
    tender_id index for each tender, instead of COUNT(DISTINCT) over a join of
    questions × bids that multiplied rows (1.3 million for 100,000 tenders)."""
    counted = queryset.order_by().values("tender").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def publishable():
    """Tenders with their related rows, in a constant number of queries."""
    return (
        Tender.objects.public()
        .select_related(
            "municipality__region",
            "award__bid__consultant",
            "contract__award",
        )
        .prefetch_related(
            "documents",
            "expertise_areas",
            "regions",
            "contract__milestones",
            Prefetch("amendments", queryset=Amendment.objects.order_by("number")),
        )
        .annotate(
            question_total=_count_of(Question.objects.filter(tender=OuterRef("pk"))),
            tenderers=_count_of(
                Bid.objects.filter(BidQuerySet.valid_q(), tender=OuterRef("pk"))
            ),
        )
        .order_by("published_at", "id")
    )


# ------------------------------------------------------------------ records
def merge_order(releases):
    """The order in which a record's releases are merged: by date, then in the
    order they were stored (ocdsmerge sorts by date, keeping ties in order)."""
    return releases.order_by("date", "sequence")


def compiled_release(releases: list[dict]) -> dict:
    """The record's current state: its releases merged by ocdsmerge, the OCDS
    reference implementation, with the merge rules of the 1.1.5 schema and
    the bids extension."""
    return MERGER.create_compiled_release(releases)


def record(ocid: str, releases: list[dict]) -> dict:
    return {
        "ocid": ocid,
        "releases": releases,
        "compiledRelease": compiled_release(releases),
    }


def record_of(tender: Tender) -> dict | None:
    releases = [
        r.data for r in merge_order(Release.objects.filter(tender=tender)).only("data")
    ]
    if not releases:
        return None
    return record(tender.ocid, releases)


# ------------------------------------------------------------------- paging
def page_size(requested: str | None) -> int:
    """The requested page size, within [1, OCDS_PAGE_SIZE_MAX]; the default
    is OCDS_PAGE_SIZE."""
    try:
        size = int(requested) if requested else settings.OCDS_PAGE_SIZE
    except ValueError:
        size = settings.OCDS_PAGE_SIZE
    return max(1, min(size, settings.OCDS_PAGE_SIZE_MAX))


def encode_cursor(date, release_id: str) -> str:
    raw = f"{date.isoformat()}|{release_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, release_id = raw.split("|", 1)
        date = parse_datetime(moment)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor(cursor) from exc
    if date is None or date.tzinfo is None or not release_id:
        raise BadCursor(cursor)
    return date, release_id


def day_bounds(since=None, until=None) -> dict:
    """Release dates within Bishkek days since..until, both inclusive. The
    first and last days a date can name bound nothing (their midnights are
    outside what a datetime in UTC can hold)."""
    bounds = {}
    if since and since > Date.min:
        bounds["date__gte"] = timezone.make_aware(datetime.combine(since, time.min))
    if until and until < Date.max:
        bounds["date__lt"] = timezone.make_aware(
            datetime.combine(until + timedelta(days=1), time.min)
        )
    return bounds


def _page(queryset, *, cursor, size):
    if cursor:
        queryset = queryset.after(*decode_cursor(cursor))
    return (
        queryset.in_feed_order()
        .annotate(text=Cast(F("data"), TextField()))
        .values_list("date", "release_id", "tender_id", "text")[: size + 1]
    )


def _head(uri: str) -> dict:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": EXTENSIONS,
        "publishedDate": _dt(timezone.now()),
        "publisher": {
            "name": "Central Asian Academy of Local Governance (BAZhBA)",
            "uri": _site(),
        },
        "license": LICENSE,
    }


def _stream(head: dict, key: str, items: Iterator[str], next_link) -> Iterator[str]:
    """A package as JSON text, one release or record at a time; `next_link()`
    is asked once the items are sent (the cursor is the last one's)."""
    yield json.dumps(head, ensure_ascii=False)[:-1] + f', "{key}": ['
    for number, item in enumerate(items):
        yield ("," if number else "") + item
    link = next_link()
    yield "]" + (f', "links": {json.dumps({"next": link})}' if link else "") + "}"


def release_package(
    *, uri: str, next_uri, cursor=None, size=None, since=None, until=None
):
    """One page of every release by date then id, streamed. `next_uri(cursor)`
    makes the link to the next page. Raises BadCursor before streaming."""
    size = page_size(size)
    rows = _page(
        Release.objects.filter(**day_bounds(since, until)), cursor=cursor, size=size
    )
    state = {"count": 0, "last": None}

    def items():
        for date, release_id, _tender, text in rows.iterator(chunk_size=200):
            state["count"] += 1
            if state["count"] > size:
                return
            state["last"] = (date, release_id)
            yield text

    def next_link():
        if state["count"] > size:
            return next_uri(encode_cursor(*state["last"]))
        return None

    return _stream(_head(uri), "releases", items(), next_link)


def record_package(*, uri: str, next_uri, cursor=None, size=None):
    """One page of records, by the date of their first release then its id,
    streamed: a record keeps its place in the feed whatever happens to it."""
    size = page_size(size)
    firsts = list(_page(Release.objects.firsts(), cursor=cursor, size=size))
    more = len(firsts) > size
    firsts = firsts[:size]
    tender_ids = [row[2] for row in firsts]
    grouped = {pk: [] for pk in tender_ids}
    rows = merge_order(Release.objects.filter(tender_id__in=tender_ids)).values_list(
        "tender_id", "ocid", "data"
    )
    ocids = {}
    for tender_id, ocid, data in rows.iterator(chunk_size=200):
        grouped[tender_id].append(data)
        ocids[tender_id] = ocid

    def items():
        for pk in tender_ids:
            yield json.dumps(record(ocids[pk], grouped.pop(pk)), ensure_ascii=False)

    def next_link():
        if more:
            return next_uri(encode_cursor(firsts[-1][0], firsts[-1][1]))
        return None

    return _stream(_head(uri), "records", items(), next_link)


def single_record_package(tender: Tender, *, uri: str) -> dict | None:
    found = record_of(tender)
    if found is None:
        return None
    return {**_head(uri), "records": [found]}

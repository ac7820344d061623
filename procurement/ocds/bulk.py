"""Bulk files: one JSON Lines file a day (Bishkek days) of the releases dated
that day, for the whole history, in OCDS_BULK_DIR. Releases never change, so
a finished day's file never changes; beat writes the missing days each night
(procurement.tasks.ocds_bulk_files) and `manage.py ocds_bulk_files` can
rewrite any of them."""

import os
import re
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import F, Max, Min, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from ..models import Release
from .packages import day_bounds

NAME = re.compile(r"^releases-(\d{4}-\d{2}-\d{2})\.jsonl$")


def folder() -> Path:
    return Path(settings.OCDS_BULK_DIR)


def path_for(day: date) -> Path:
    return folder() / f"releases-{day.isoformat()}.jsonl"


def write_day(day: date) -> int:
    """Write the day's file (replacing it atomically); returns how many
    releases it holds. A day without releases has no file."""
    rows = (
        Release.objects.filter(**day_bounds(day, day))
        .in_feed_order()
        .annotate(text=Cast(F("data"), TextField()))
        .values_list("text", flat=True)
    )
    target = path_for(day)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    count = 0
    with partial.open("w", encoding="utf-8") as out:
        for text in rows.iterator(chunk_size=500):
            out.write(text.replace("\n", " ") + "\n")
            count += 1
    if count:
        os.replace(partial, target)
    else:
        partial.unlink()
        target.unlink(missing_ok=True)
    return count


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def write_missing(*, rewrite: bool = False, until: date | None = None) -> list[date]:
    """Write every finished day (up to yesterday, or `until`) that has
    releases and no file yet, or every day with `rewrite`."""
    span = Release.objects.aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return []
    yesterday = timezone.localdate() - timedelta(days=1)
    last = min(_local_day(span["last"]), until or yesterday)
    day = _local_day(span["first"])
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=1)
    written = []
    for day in days:
        if path_for(day).exists() and not rewrite:
            continue
        if write_day(day):
            written.append(day)
    return written


def listing() -> list[dict]:
    """The files written so far, oldest first."""
    if not folder().is_dir():
        return []
    files = []
    for entry in sorted(folder().iterdir()):
        match = NAME.match(entry.name)
        if match:
            files.append(
                {
                    "date": match.group(1),
                    "name": entry.name,
                    "size": entry.stat().st_size,
                }
            )
    return files

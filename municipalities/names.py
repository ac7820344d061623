"""Kyrgyz and English names the register lacks, filled in by the academy from
a CSV (columns soate, name_ky[, name_en]) or one at a time on a page. All or
nothing: a bad line stops the file with its number and nothing is saved."""

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from portal import pagecache

from .register.reading import RegisterError

MAX_NAME = 200
SOATE = re.compile(r"^\d{14}$")


def _clean(text) -> str:
    return " ".join((text or "").split())


# marks that reorder text on screen: a name would read otherwise than it is
BIDI_CONTROLS = set(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _has_control(text: str) -> bool:
    # NUL above all: PostgreSQL refuses it in text
    return any(
        unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS for char in text
    )


def _readable(rows: Iterable[dict], problems: list) -> Iterator[dict]:
    """The rows, until one cannot be read as CSV (a field past the csv
    module's size limit): that is a problem of the file, said by line."""
    rows = iter(rows)
    line = 1
    while True:
        line += 1
        try:
            yield next(rows)
        except StopIteration:
            return
        except csv.Error:
            problems.append((line, _("the line cannot be read as CSV")))
            return


@transaction.atomic
def names_import(*, rows: Iterable[dict], Municipality, Place) -> dict:
    """Set the Kyrgyz (and English) names of municipalities and villages by
    SOATE code. Takes the model classes so a data migration can pass its
    historical ones. Raises RegisterError listing every bad line."""
    problems: list[tuple[int, str]] = []
    updates: list[tuple[int, object, str, dict]] = []
    seen: dict[str, int] = {}
    line = 1
    for line, raw in enumerate(_readable(rows, problems), start=2):
        if line == 2 and not {"soate", "name_ky"} <= set(raw):
            raise RegisterError(
                [(1, _("the columns must be: soate, name_ky, name_en"))]
            )
        row = {k.strip(): _clean(v) for k, v in raw.items() if k is not None}
        if None in raw:
            problems.append((line, _("more values than the header has columns")))
            continue
        code = row["soate"]
        names = {"name_ky": row["name_ky"], "name_en": row.get("name_en", "")}
        names = {field: value for field, value in names.items() if value}
        if not SOATE.match(code):
            problems.append(
                (line, _("“%(code)s” is not a SOATE code") % {"code": code})
            )
            continue
        if code in seen:
            problems.append(
                (line, _("code %(code)s appears twice (first on line %(first)d)")
                 % {"code": code, "first": seen[code]})
            )  # fmt: skip
            continue
        seen[code] = line
        if not names:
            problems.append((line, _("give a Kyrgyz or an English name")))
            continue
        if any(_has_control(value) for value in names.values()):
            problems.append((line, _("a name contains a control character")))
            continue
        if any(len(value) > MAX_NAME for value in names.values()):
            problems.append((line, _("a name is longer than 200 characters")))
            continue
        target = (
            Municipality.objects.filter(soate=code).first()
            or Place.objects.filter(soate=code).first()
        )
        if target is None:
            problems.append(
                (line, _("no municipality or village has the code %(code)s")
                 % {"code": code})
            )  # fmt: skip
            continue
        updates.append((line, target, code, names))
    if line == 1 and not problems:
        raise RegisterError([(1, _("the file has no rows"))])
    problems += _name_clashes(updates, Municipality)
    if problems:
        raise RegisterError(sorted(problems))
    for _line, target, _code, names in updates:
        # by field, not through `name`: modeltranslation would write the
        # active language's column
        type(target).objects.filter(pk=target.pk).update(**names)
    pagecache.changed()  # UPDATEs send no signal
    return {"updated": len(updates)}


def _name_clashes(updates, Municipality) -> list[tuple[int, str]]:
    """Two active municipalities of one district may not share a Kyrgyz name
    (as the database's constraint says), counting the file's new names."""
    problems = []
    changing = {
        target.pk: (line, names["name_ky"])
        for line, target, _code, names in updates
        if isinstance(target, Municipality) and "name_ky" in names
    }
    if not changing:
        return problems
    taken: dict[tuple, int] = {}
    districts = {
        target.district_id
        for _l, target, _c, _n in updates
        if isinstance(target, Municipality)
    }
    for pk, district_id, name in (
        Municipality.objects.filter(
            retired_on__isnull=True, district_id__in=districts - {None}
        )
        .exclude(name_ky="")
        .exclude(name_ky__isnull=True)
        .values_list("pk", "district_id", Lower("name_ky"))
    ):
        if pk not in changing:
            taken[(district_id, name)] = 0
    by_pk = {t.pk: t for _l, t, _c, _n in updates if isinstance(t, Municipality)}
    for pk, (line, name) in sorted(changing.items(), key=lambda item: item[1][0]):
        district_id = by_pk[pk].district_id
        if district_id is None or by_pk[pk].retired_on is not None:
            continue
        key = (district_id, name.lower())
        if key in taken:
            problems.append(
                (line, _("another municipality of the district is already called "
                         "“%(name)s”") % {"name": name})
            )  # fmt: skip
        taken[key] = line
    return problems

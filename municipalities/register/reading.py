"""Reading a SOATE register (CSV rows) into units the portal knows: districts,
municipalities and the places they serve, with every quirk of the file
reported rather than silently accepted.

A SOATE code has 14 digits: 417, the oblast (2), the district or city (3), the
unit inside it (3: digit 9 is 5 for an urban-type settlement, 6 for a town,
7 or 8 for villages and ayil aimaks) and the settlement (3, 000 for a unit
itself, 8xx for a village of a town)."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import MunicipalityKind, PlaceKind

REQUIRED_COLUMNS = ("soate", "level", "name_ru", "parent_soate", "region")
KINDS = frozenset(
    {
        "oblast",
        "city_of_republican_significance",
        "district",
        "city_of_oblast_significance",
        "ayil_aimak",
        "town_of_district_significance",
        "settlement",
    }
)
SOATE = re.compile(r"^417\d{11}$")
REPEATED_WORD = re.compile(r"(\w{4,})\1", re.IGNORECASE)
MAX_ERRORS = 50


class RegisterError(Exception):
    """The file cannot be loaded; `problems` are (line, reason) pairs."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__(
            "\n".join(
                _("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}
                for line, reason in problems
            )
        )


@dataclass
class Unit:
    soate: str
    level: int
    kind: str
    name_ru: str
    parent: str
    region: str
    line: int
    name_ky: str = ""
    name_en: str = ""


@dataclass
class Quirk:
    line: int
    topic: str  # spacing, typo, village_too_high, town_as_district, ...
    message: str


@dataclass
class Register:
    """What a register says, in the portal's terms."""

    regions: dict[str, Unit] = field(default_factory=dict)  # code -> level 1
    districts: dict[str, Unit] = field(default_factory=dict)  # soate -> unit
    # soate -> (unit, MunicipalityKind, district soate or "")
    municipalities: dict[str, tuple] = field(default_factory=dict)
    # soate -> (unit, PlaceKind, municipality soate)
    places: dict[str, tuple] = field(default_factory=dict)
    quirks: list[Quirk] = field(default_factory=list)
    rows: int = 0

    def quirk(self, unit: Unit, topic: str, message: str) -> None:
        self.quirks.append(Quirk(unit.line, topic, message))

    def ayil_aimaks_per_region(self) -> Counter:
        return Counter(
            unit.region
            for unit, kind, _district in self.municipalities.values()
            if kind == MunicipalityKind.AYIL_OKMOTU
        )


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _validate(rows: Iterable[dict], regions: set[str]) -> list[Unit]:
    problems: list[tuple[int, str]] = []
    units: list[Unit] = []
    seen: dict[str, int] = {}
    line = 1
    for line, raw in enumerate(rows, start=2):
        if line == 2:
            missing = [c for c in REQUIRED_COLUMNS if c not in raw]
            if missing:
                raise RegisterError(
                    [(1, _("missing column(s): %s") % ", ".join(missing))]
                )
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        reasons = []
        if None in raw:
            reasons.append(_("more values than the header has columns"))
        if not SOATE.match(row["soate"]):
            reasons.append(
                _("“%(code)s” is not a SOATE code (14 digits starting with 417)")
                % {"code": row["soate"]}
            )
        elif row["soate"] in seen:
            reasons.append(
                _("code %(code)s appears twice (first on line %(first)d)")
                % {"code": row["soate"], "first": seen[row["soate"]]}
            )
        if row["level"] not in ("1", "2", "3", "4"):
            reasons.append(_("level must be 1, 2, 3 or 4"))
        if not row["name_ru"]:
            reasons.append(_("the name is empty"))
        if row["region"] not in regions:
            reasons.append(
                _("unknown region code “%(code)s”") % {"code": row["region"]}
            )
        if row.get("kind") and row["kind"] not in KINDS:
            reasons.append(_("unknown kind “%(kind)s”") % {"kind": row["kind"]})
        if reasons:
            problems.append((line, "; ".join(reasons)))
            if len(problems) >= MAX_ERRORS:
                break
            continue
        seen[row["soate"]] = line
        units.append(
            Unit(
                soate=row["soate"],
                level=int(row["level"]),
                kind=row.get("kind", ""),
                name_ru=row["name_ru"],
                parent=row["parent_soate"],
                region=row["region"],
                line=line,
                name_ky=_clean(row.get("name_ky", "")),
                name_en=_clean(row.get("name_en", "")),
            )
        )
    if line == 1:
        raise RegisterError([(1, _("the file has no rows"))])
    by_code = {unit.soate: unit for unit in units}
    for unit in units:
        parent = by_code.get(unit.parent)
        if unit.level == 1 and unit.parent:
            problems.append((unit.line, _("a level 1 unit has no parent")))
        elif unit.level > 1 and parent is None:
            problems.append(
                (
                    unit.line,
                    _("parent %(code)s is not in the file")
                    % {"code": unit.parent or "—"},
                )
            )
        elif parent is not None and parent.level >= unit.level:
            problems.append(
                (unit.line, _("the parent is not on a higher level than the unit"))
            )
        elif parent is not None and parent.region != unit.region:
            problems.append(
                (
                    unit.line,
                    _("region %(region)s differs from its parent's %(parent)s")
                    % {"region": unit.region, "parent": parent.region},
                )
            )
    if problems:
        raise RegisterError(sorted(problems)[:MAX_ERRORS])
    return units


def _is_village_code(code: str) -> bool:
    """A village: of a town (settlement digits 8xx) or of a rural unit."""
    return code[11] in "89" or (code[8] in "78" and code[11:] != "000")


def _place_kind(code: str) -> str:
    return PlaceKind.SETTLEMENT if code[8] == "5" else PlaceKind.VILLAGE


def _is_ayil_aimak(unit: Unit) -> bool:
    return unit.kind == "ayil_aimak" or (
        unit.soate[8] == "8" and unit.soate[11:] == "000"
    )


def read_register(rows: Iterable[dict], *, regions: set[str]) -> Register:
    """Validate every row (code shape, level, parent in the file, region
    consistent with the parent, no duplicates) and sort the units into what
    the portal keeps. Raises RegisterError listing the bad lines; anything odd
    but loadable becomes a Quirk."""
    units = _validate(rows, regions)
    register = Register(rows=len(units))
    by_code = {unit.soate: unit for unit in units}
    for unit in units:
        cleaned = _clean(unit.name_ru)
        if cleaned != unit.name_ru:
            register.quirk(
                unit,
                "spacing",
                _("extra spaces in “%(name)s”: loaded as “%(clean)s”")
                % {"name": unit.name_ru, "clean": cleaned},
            )
            unit.name_ru = cleaned
        if REPEATED_WORD.search(cleaned):
            register.quirk(
                unit,
                "typo",
                _("a word is repeated in “%(name)s” (a typo?)") % {"name": cleaned},
            )
    # what serves the units below a city district or a place: a municipality
    served_by: dict[str, str] = {}
    municipalities = register.municipalities
    for level in (1, 2, 3, 4):
        too_high = []
        for unit in (u for u in units if u.level == level):
            parent = by_code.get(unit.parent)
            if parent is not None and unit.soate[:5] != parent.soate[:5]:
                register.quirk(
                    unit,
                    "code_outside_parent",
                    _(
                        "the code %(code)s of “%(name)s” is not under its "
                        "parent's %(parent)s"
                    )
                    % {
                        "code": unit.soate,
                        "name": unit.name_ru,
                        "parent": parent.soate,
                    },
                )
            if level == 1:
                register.regions[unit.region] = unit
                if unit.kind == "city_of_republican_significance" or unit.region in (
                    "KG-GB",
                    "KG-GO",
                ):
                    municipalities[unit.soate] = (unit, MunicipalityKind.CITY_HALL, "")
            elif parent.soate in served_by or parent.soate in municipalities:
                # under a city district, a city, a town, an ayil aimak or a place
                municipality = served_by.get(parent.soate) or parent.soate
                if level == 2:
                    register.quirk(
                        unit,
                        "city_district",
                        _(
                            "“%(name)s” is a district of a city, not one of the "
                            "portal's districts: what lies in it is served by the "
                            "city hall"
                        )
                        % {"name": unit.name_ru},
                    )
                else:
                    if parent.soate in register.places:
                        register.quirk(
                            unit,
                            "under_a_village",
                            _("“%(name)s” is filed under a village")
                            % {"name": unit.name_ru},
                        )
                    register.places[unit.soate] = (
                        unit,
                        _place_kind(unit.soate),
                        municipality,
                    )
                served_by[unit.soate] = municipality
            elif level == 2:
                _read_level_two(register, unit, by_code)
            elif parent.soate in register.districts:
                if _is_ayil_aimak(unit):
                    kind = MunicipalityKind.AYIL_OKMOTU
                elif _is_village_code(unit.soate):
                    too_high.append(unit)
                    continue
                else:
                    kind = MunicipalityKind.TOWN
                municipalities[unit.soate] = (unit, kind, parent.soate)
            else:
                _left_out(register, unit)
        for unit in too_high:
            _village_too_high(register, unit, served_by)
    return register


def _read_level_two(register: Register, unit: Unit, by_code: dict) -> None:
    municipalities = register.municipalities
    if unit.kind == "city_of_oblast_significance" or unit.soate[5] == "4":
        municipalities[unit.soate] = (unit, MunicipalityKind.CITY_HALL, "")
    elif unit.soate[11:] != "000":
        district = by_code.get(unit.soate[:8] + "000000")
        if district is None or district.level != 2:
            _left_out(register, unit)
            return
        register.quirk(
            unit,
            "town_as_district",
            _(
                "“%(name)s” is filed as a district, but its code is that of a "
                "town of “%(district)s”: loaded as a town there"
            )
            % {"name": unit.name_ru, "district": district.name_ru},
        )
        municipalities[unit.soate] = (unit, MunicipalityKind.TOWN, district.soate)
    else:
        register.districts[unit.soate] = unit


def _village_too_high(register: Register, unit: Unit, served_by: dict) -> None:
    """A village filed beside its town (one level too high): the town with
    the same first eleven digits serves it."""
    town = next(
        (
            code
            for code, (_unit, kind, _district) in register.municipalities.items()
            if kind == MunicipalityKind.TOWN and code[:11] == unit.soate[:11]
        ),
        None,
    )
    if town is None:
        _left_out(register, unit)
        return
    register.quirk(
        unit,
        "village_too_high",
        _(
            "the village “%(name)s” is filed one level too high, beside the "
            "town “%(town)s”: loaded as a village the town serves"
        )
        % {"name": unit.name_ru, "town": register.municipalities[town][0].name_ru},
    )
    register.places[unit.soate] = (unit, _place_kind(unit.soate), town)
    served_by[unit.soate] = town


def _left_out(register: Register, unit: Unit) -> None:
    register.quirk(
        unit,
        "left_out",
        _("no municipality can serve “%(name)s” (%(code)s): left out")
        % {"name": unit.name_ru, "code": unit.soate},
    )

"""What loading a register would change, worked out before anything changes:
additions, renames, moves, mergers and retirements of municipalities, and the
places they serve. Works on the models it is given, so that a data migration
can pass its historical models."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .reading import Register, RegisterError


@dataclass
class Plan:
    register: Register
    effective: date
    regions_coded: dict = field(default_factory=dict)  # region code -> soate
    districts_added: list = field(default_factory=list)  # Unit
    added: list = field(default_factory=list)  # soate
    linked: dict = field(default_factory=dict)  # id -> changes (first load)
    renamed: dict = field(default_factory=dict)  # id -> changes
    moved: dict = field(default_factory=dict)  # id -> changes
    restored: dict = field(default_factory=dict)  # id -> changes
    merged: dict = field(default_factory=dict)  # id -> successor soate
    retired: list = field(default_factory=list)  # id
    names: dict = field(default_factory=dict)  # id -> display name (for the summary)
    places_added: list = field(default_factory=list)  # soate
    places_changed: dict = field(default_factory=dict)  # id -> changes
    places_removed: list = field(default_factory=list)  # id
    without_code: int = 0

    @property
    def changes_anything(self) -> bool:
        return any(
            (
                self.regions_coded,
                self.districts_added,
                self.added,
                self.linked,
                self.renamed,
                self.moved,
                self.restored,
                self.merged,
                self.retired,
                self.places_added,
                self.places_changed,
                self.places_removed,
            )
        )

    def summary(self, *, examples: int = 5) -> list[str]:
        """What the plan does, in the active language, a line per kind of
        change with a few examples."""
        register = self.register
        lines = [
            _(
                "The file: %(rows)d rows; %(municipalities)d municipalities, "
                "%(places)d villages, %(districts)d districts."
            )
            % {
                "rows": register.rows,
                "municipalities": len(register.municipalities),
                "places": len(register.places),
                "districts": len(register.districts),
            },
            _("Ayil aimaks per region: %s")
            % ", ".join(
                f"{code} {count}"
                for code, count in sorted(register.ayil_aimaks_per_region().items())
            ),
        ]

        def names_of(ids):
            shown = [str(self.names.get(i, i)) for i in list(ids)[:examples]]
            more = len(ids) - len(shown)
            return ", ".join(shown) + (f" (+{more})" if more > 0 else "")

        def added(codes, units):
            return names_of([units[code].name_ru for code in codes])

        municipalities = {
            c: unit for c, (unit, _k, _d) in register.municipalities.items()
        }
        mergers = [
            _("%(old)s → %(new)s")
            % {"old": self.names.get(old, old), "new": municipalities[new].name_ru}
            for old, new in self.merged.items()
        ]
        sections = [
            (_("municipalities to add"), self.added,
             added(self.added, municipalities)),
            (_("municipalities linked to their register code"), self.linked,
             names_of(self.linked)),
            (_("municipalities to rename"), self.renamed, names_of(self.renamed)),
            (_("municipalities to move (district, region or kind)"), self.moved,
             names_of(self.moved)),
            (_("retired municipalities back in the register"), self.restored,
             names_of(self.restored)),
            (_("municipalities merged into another (retired, with their successor)"),
             self.merged, "; ".join(mergers[:examples])),
            (_("municipalities to retire (no successor)"), self.retired,
             names_of(self.retired)),
            (_("districts to add"), self.districts_added,
             ", ".join(unit.name_ru for unit in self.districts_added[:examples])),
            (_("villages to add"), self.places_added, ""),
            (_("villages renamed or moved"), self.places_changed, ""),
            (_("villages no longer in the register"), self.places_removed, ""),
        ]  # fmt: skip
        for label, items, shown in sections:
            if items:
                lines.append(
                    f"{label}: {len(items)}" + (f" — {shown}" if shown else "")
                )
        if self.without_code:
            lines.append(
                ngettext(
                    "%(count)d municipality without a SOATE code is left as it is.",
                    "%(count)d municipalities without a SOATE code are left as "
                    "they are.",
                    self.without_code,
                )
                % {"count": self.without_code}
            )
        if not self.changes_anything:
            lines.append(_("Nothing to change: the portal already has this register."))
        return lines

    def quirk_summary(self, *, examples: int = 3) -> list[str]:
        by_topic: dict[str, list] = {}
        for quirk in self.register.quirks:
            by_topic.setdefault(quirk.topic, []).append(quirk)
        lines = []
        for quirks in by_topic.values():
            for quirk in quirks[:examples]:
                lines.append(
                    _("Line %(line)d: %(reason)s")
                    % {"line": quirk.line, "reason": quirk.message}
                )
            if len(quirks) > examples:
                lines.append(
                    _("  … and %(count)d more like it")
                    % {"count": len(quirks) - examples}
                )
        return lines


def _display_name(row: dict) -> str:
    return row["name_ky"] or row["name_ru"] or row["name"] or row["soate"]


def plan_register(
    register: Register,
    *,
    models: SimpleNamespace,
    effective: date,
    merged_into: dict[str, str] | None = None,
) -> Plan:
    """Compare the register with the portal's data. `merged_into` maps the
    code of a municipality that disappears to the code of its successor;
    without it, the successor is the municipality that now serves most of its
    villages (if any). Raises RegisterError if a given merger cannot be."""
    merged_into = dict(merged_into or {})
    plan = Plan(register=register, effective=effective)
    for code, unit in register.regions.items():
        current = models.Region.objects.filter(code=code).values_list(
            "soate", flat=True
        )
        if current and not current[0]:
            plan.regions_coded[code] = unit.soate
    districts = {
        row["soate"]: row["id"]
        for row in models.District.objects.exclude(soate="").values("soate", "id")
    }
    plan.districts_added = [
        unit for code, unit in register.districts.items() if code not in districts
    ]
    fields = (
        "id", "soate", "soate_name", "name", "name_ky", "name_ru", "kind",
        "region_id", "district_id", "retired_on",
    )  # fmt: skip
    existing = {}
    for row in models.Municipality.objects.values(*fields):
        plan.names[row["id"]] = _display_name(row)
        if row["soate"]:
            existing[row["soate"]] = row
        elif row["retired_on"] is None:
            plan.without_code += 1
    for code, (unit, kind, district) in register.municipalities.items():
        row = existing.get(code)
        if row is None:
            plan.added.append(code)
            continue
        changes = {}
        if row["soate_name"] != unit.name_ru:
            changes["soate_name"] = unit.name_ru
            for name_field in ("name_ru", "name"):
                # a name the academy curated stays; the register's follows
                if not row[name_field] or row[name_field] == row["soate_name"]:
                    changes[name_field] = unit.name_ru
        moves = {"kind": kind, "region_id": unit.region}
        moved = {k: v for k, v in moves.items() if row[k] != v}
        if row["district_id"] != (districts.get(district) if district else None):
            moved["district"] = district  # a code: the district may be new
        if row["retired_on"] is not None:
            plan.restored[row["id"]] = {
                **changes,
                **moved,
                "retired_on": None,
                "successor_id": None,
            }
        elif moved:
            plan.moved[row["id"]] = {**changes, **moved}
        elif changes:
            (plan.renamed if row["soate_name"] else plan.linked)[row["id"]] = changes
    gone = [
        row
        for code, row in existing.items()
        if code not in register.municipalities and row["retired_on"] is None
    ]
    problems = [
        (0, _("%(code)s: no such municipality in the file") % {"code": new})
        for old, new in merged_into.items()
        if new not in register.municipalities
    ] + [
        (0, _("%(code)s is not a municipality leaving the register") % {"code": old})
        for old in merged_into
        if old not in {row["soate"] for row in gone}
    ]
    if problems:
        raise RegisterError(problems)
    for row in gone:
        successor = merged_into.get(row["soate"]) or _successor_by_places(
            register, models, row["id"]
        )
        if successor:
            plan.merged[row["id"]] = successor
        else:
            plan.retired.append(row["id"])
    _plan_places(plan, register, models)
    return plan


def _successor_by_places(register: Register, models, municipality_id) -> str | None:
    """The municipality that now serves most of the villages this one did."""
    codes = models.Place.objects.filter(municipality_id=municipality_id).values_list(
        "soate", flat=True
    )
    votes = Counter(
        register.places[code][2] for code in codes if code in register.places
    )
    return votes.most_common(1)[0][0] if votes else None


def _plan_places(plan: Plan, register: Register, models) -> None:
    municipality_codes = dict(
        models.Municipality.objects.exclude(soate="").values_list("id", "soate")
    )
    existing = {
        row["soate"]: row
        for row in models.Place.objects.values(
            "id", "soate", "name_ru", "kind", "municipality_id"
        )
    }
    for code, (unit, kind, municipality) in register.places.items():
        row = existing.get(code)
        if row is None:
            plan.places_added.append(code)
            continue
        changes = {}
        if row["name_ru"] != unit.name_ru:
            changes["name_ru"] = changes["name"] = unit.name_ru
        if row["kind"] != kind:
            changes["kind"] = kind
        if municipality_codes.get(row["municipality_id"]) != municipality:
            changes["municipality"] = municipality
        if changes:
            plan.places_changed[row["id"]] = changes
    plan.places_removed = [
        row["id"] for code, row in existing.items() if code not in register.places
    ]

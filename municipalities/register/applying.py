"""Carrying out a Plan: all of it or nothing (the caller holds the
transaction). Bulk operations, so that a whole register loads in seconds."""

from types import SimpleNamespace

from django.db import transaction

from portal import pagecache
from portal.choices import bump_choices_version

from .planning import Plan


def _municipality(models, unit, kind, district_id):
    return models.Municipality(
        region_id=unit.region,
        district_id=district_id,
        kind=kind,
        name=unit.name_ky or unit.name_ru,
        name_ky=unit.name_ky or None,
        name_ru=unit.name_ru,
        name_en=unit.name_en or None,
        soate=unit.soate,
        soate_name=unit.name_ru,
    )


def _place(models, unit, kind, municipality_id):
    return models.Place(
        municipality_id=municipality_id,
        kind=kind,
        name=unit.name_ky or unit.name_ru,
        name_ky=unit.name_ky or None,
        name_ru=unit.name_ru,
        name_en=unit.name_en or None,
        soate=unit.soate,
    )


def _update(model, pk, changes: dict, district_ids: dict) -> None:
    changes = dict(changes)
    if "district" in changes:
        code = changes.pop("district")
        changes["district_id"] = district_ids[code] if code else None
    if "municipality" in changes:
        changes["municipality_id"] = changes.pop("municipality")
    model.objects.filter(pk=pk).update(**changes)


@transaction.atomic
def apply_plan(plan: Plan, *, models: SimpleNamespace) -> None:
    """Apply every change of the plan. Municipalities leaving the register are
    retired first (their names free again), new ones created, then the
    successors set and the villages moved to who serves them now."""
    register = plan.register
    for code, soate in plan.regions_coded.items():
        models.Region.objects.filter(code=code).update(soate=soate)
    models.District.objects.bulk_create(
        models.District(
            region_id=unit.region,
            name=unit.name_ru,
            name_ru=unit.name_ru,
            soate=unit.soate,
        )
        for unit in plan.districts_added
    )
    district_ids = dict(
        models.District.objects.exclude(soate="").values_list("soate", "id")
    )
    retiring = [*plan.merged, *plan.retired]
    models.Municipality.objects.filter(pk__in=retiring).update(
        retired_on=plan.effective
    )
    models.Municipality.objects.bulk_create(
        _municipality(models, unit, kind, district_ids.get(district))
        for unit, kind, district in (register.municipalities[c] for c in plan.added)
    )
    for changes in (plan.linked, plan.renamed, plan.moved, plan.restored):
        for pk, change in changes.items():
            _update(models.Municipality, pk, change, district_ids)
    ids = dict(models.Municipality.objects.exclude(soate="").values_list("soate", "id"))
    for pk, successor in plan.merged.items():
        models.Municipality.objects.filter(pk=pk).update(successor_id=ids[successor])
    models.Place.objects.filter(pk__in=plan.places_removed).delete()
    for pk, change in plan.places_changed.items():
        if "municipality" in change:
            change = {**change, "municipality": ids[change["municipality"]]}
        _update(models.Place, pk, change, district_ids)
    models.Place.objects.bulk_create(
        (
            _place(models, unit, kind, ids[municipality])
            for unit, kind, municipality in (
                register.places[c] for c in plan.places_added
            )
        ),
        batch_size=1000,
    )
    # bulk writes send no signal: what is kept of these tables (drop-downs,
    # places a search names, shared pages) is renewed here
    for model in (models.Region, models.District, models.Municipality, models.Place):
        bump_choices_version(model)
    pagecache.changed()

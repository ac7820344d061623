from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import District, Municipality, MunicipalityKind, Region

REQUIRED_COLUMNS = ("region", "kind", "name_ky", "name_ru", "name_en")


class MunicipalityImportError(Exception):
    def __init__(self, line: int, reason: str):
        self.line = line
        self.reason = reason
        super().__init__(
            _("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}
        )


@transaction.atomic
def municipalities_import(*, rows: Iterable[dict]) -> dict:
    """Create or update municipalities from CSV rows (matched on region and
    Kyrgyz name). All or nothing: the first bad row raises
    MunicipalityImportError with its line number (the header is line 1)."""
    regions = {region.code: region for region in Region.objects.all()}
    created = updated = 0
    seen = set()
    line = 1
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        missing = [c for c in REQUIRED_COLUMNS if not row.get(c)]
        if missing:
            raise MunicipalityImportError(
                line,
                _("missing value in column(s): %(columns)s")
                % {"columns": ", ".join(missing)},
            )
        region = regions.get(row["region"].upper())
        if region is None:
            raise MunicipalityImportError(
                line, _("unknown region code “%(code)s”") % {"code": row["region"]}
            )
        if row["kind"] not in MunicipalityKind.values:
            raise MunicipalityImportError(
                line,
                _("unknown kind “%(kind)s”; use one of: %(kinds)s")
                % {"kind": row["kind"], "kinds": ", ".join(MunicipalityKind.values)},
            )
        district = None
        if row.get("district"):
            name = row["district"]
            district = District.objects.filter(
                Q(name_ky__iexact=name)
                | Q(name_ru__iexact=name)
                | Q(name_en__iexact=name),
                region=region,
            ).first()
            if district is None:
                raise MunicipalityImportError(
                    line,
                    _("no district “%(district)s” in %(region)s")
                    % {"district": name, "region": region.code},
                )
        key = (region.code, row["name_ky"].lower())
        if key in seen:
            raise MunicipalityImportError(
                line,
                _("“%(name)s” appears twice in the file") % {"name": row["name_ky"]},
            )
        seen.add(key)
        municipality = Municipality.objects.filter(
            region=region, name_ky__iexact=row["name_ky"]
        ).first()
        is_new = municipality is None
        municipality = municipality or Municipality(region=region)
        municipality.kind = row["kind"]
        municipality.district = district
        municipality.name = row["name_ky"]
        for lang in ("ky", "ru", "en"):
            setattr(municipality, f"name_{lang}", row[f"name_{lang}"])
        municipality.website = row.get("website", "")
        municipality.soate = row.get("soate", "")
        municipality.inn = row.get("inn", "")
        try:
            municipality.full_clean(validate_unique=True, validate_constraints=True)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{field}: {' '.join(messages)}"
                if field != "__all__"
                else " ".join(messages)
                for field, messages in exc.message_dict.items()
            )
            raise MunicipalityImportError(line, reasons) from exc
        municipality.save()
        created += is_new
        updated += not is_new
    if line == 1:
        raise MunicipalityImportError(1, _("the file has no rows"))
    return {"created": created, "updated": updated}

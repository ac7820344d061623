"""Loading the SOATE register of administrative-territorial units: read and
validate the file (reading), work out what would change (planning), apply it
all or nothing (applying). `import_municipalities` and the data migrations use
it; the names of the academy's CSV of Kyrgyz and English names go through
`municipalities.names`."""

import csv
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from .applying import apply_plan
from .planning import Plan, plan_register
from .reading import Quirk, Register, RegisterError, read_register

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SOATE_2021 = DATA_DIR / "soate-2021.csv"

__all__ = [
    "Plan",
    "Quirk",
    "Register",
    "RegisterError",
    "apply_plan",
    "load_register",
    "plan_file",
    "plan_register",
    "read_register",
]


def plan_file(
    path: Path,
    *,
    models: SimpleNamespace,
    effective: date | None = None,
    merged_into: dict[str, str] | None = None,
) -> Plan:
    """Read a register file and plan its loading (changes nothing)."""
    regions = set(models.Region.objects.values_list("code", flat=True))
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        register = read_register(csv.DictReader(handle), regions=regions)
    return plan_register(
        register,
        models=models,
        effective=effective or date.today(),
        merged_into=merged_into,
    )


def load_register(path: Path, *, models: SimpleNamespace, **options) -> Plan:
    """Plan and apply a register file at once (data migrations)."""
    plan = plan_file(path, models=models, **options)
    apply_plan(plan, models=models)
    return plan

"""Loading the reference geography shipped with the project: regions and
districts (data/geography.yaml), the SOATE register of 2021
(data/soate-2021.csv) and the Kyrgyz and English names known for it
(data/names-2021.csv). Nothing here reads outside the project."""

import csv
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
SOATE_2021 = DATA_DIR / "soate-2021.csv"
NAMES_2021 = DATA_DIR / "names-2021.csv"
# the day the 2021 register is taken to be in force (it retires nothing)
SOATE_2021_EFFECTIVE = date(2021, 4, 23)


def load_geography(Region, District, Municipality):
    """Create or update regions, districts and named municipalities, with
    their SOATE codes. Takes the model classes so that data migrations can
    pass their historical models."""
    data = yaml.safe_load((DATA_DIR / "geography.yaml").read_text(encoding="utf-8"))
    for order, item in enumerate(data["regions"]):
        names = {f"name_{lang}": item["name"][lang] for lang in ("ky", "ru", "en")}
        region, _ = Region.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": item["kind"],
                "sort_order": order,
                "name": item["name"]["ky"],
                "soate": item.get("soate", ""),
                **names,
            },
        )
        for district in item["districts"]:
            dnames = {f"name_{lang}": district[lang] for lang in ("ky", "ru", "en")}
            District.objects.update_or_create(
                region=region,
                name_ky=district["ky"],
                defaults={
                    **dnames,
                    "name": district["ky"],
                    "soate": district.get("soate", ""),
                },
            )
    for item in data["municipalities"]:
        district = None
        if item.get("district"):
            district = District.objects.get(
                region_id=item["region"], name_ky=item["district"]
            )
        names = {f"name_{lang}": item["name"][lang] for lang in ("ky", "ru", "en")}
        Municipality.objects.update_or_create(
            region_id=item["region"],
            name_ky=item["name"]["ky"],
            defaults={
                **names,
                "name": item["name"]["ky"],
                "kind": item["kind"],
                "district": district,
                "website": item.get("website", ""),
                "note_en": item.get("note", ""),
                "soate": item.get("soate", ""),
            },
        )


def load_register_2021(Region, District, Municipality, Place):
    """Every municipality and village of the 2021 register (idempotent: a
    second run changes nothing), then the names known in Kyrgyz and English."""
    from .names import names_import
    from .register import load_register

    models = SimpleNamespace(
        Region=Region, District=District, Municipality=Municipality, Place=Place
    )
    plan = load_register(SOATE_2021, models=models, effective=SOATE_2021_EFFECTIVE)
    with NAMES_2021.open(encoding="utf-8", newline="") as handle:
        names_import(
            rows=csv.DictReader(handle), Municipality=Municipality, Place=Place
        )
    return plan

"""Loading the reference geography shipped with the project (data/geography.yaml)."""

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_geography(Region, District, Municipality):
    """Create or update regions, districts and named municipalities. Takes the
    model classes so that data migrations can pass their historical models."""
    data = yaml.safe_load((DATA_DIR / "geography.yaml").read_text(encoding="utf-8"))
    for order, item in enumerate(data["regions"]):
        names = {f"name_{lang}": item["name"][lang] for lang in ("ky", "ru", "en")}
        region, _ = Region.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": item["kind"],
                "sort_order": order,
                "name": item["name"]["ky"],
                **names,
            },
        )
        for district in item["districts"]:
            dnames = {f"name_{lang}": district[lang] for lang in ("ky", "ru", "en")}
            District.objects.update_or_create(
                region=region,
                name_ky=district["ky"],
                defaults={**dnames, "name": district["ky"]},
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
            },
        )

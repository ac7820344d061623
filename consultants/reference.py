"""Reference data shipped with the project: expertise areas and the 23 first
network members (data/*.yaml, copied from the academy's published sources)."""

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

LEGAL_FORMS = {
    "КФ": "public_foundation",
    "ЧНК КФ": "public_foundation",
    "КБ": "public_association",
    "коомдук бирикменин филиалы": "branch",
}


def load_expertise_areas(ExpertiseArea):
    data = yaml.safe_load(
        (DATA_DIR / "expertise_and_trainings.yaml").read_text(encoding="utf-8")
    )
    for order, item in enumerate(data["expertise_areas"]):
        ExpertiseArea.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["ky"],
                "name_ky": item["ky"],
                "name_ru": item["ru"],
                "name_en": item["en"],
                "sort_order": order,
            },
        )


def load_network_2022(Consultant):
    """The first members, provisional members of their regions after the 2022
    training. Idempotent: matched on region and Kyrgyz name."""
    data = yaml.safe_load((DATA_DIR / "network_2022.yaml").read_text(encoding="utf-8"))
    for item in data["members"]:
        name = item.get("name_ky") or item["name"]
        defaults = {
            "kind": item["kind"],
            "name": name,
            "status": data["status_after_training"],
            "languages": ["ky", "ru"],
        }
        if item["kind"] == "organization":
            defaults["legal_form"] = LEGAL_FORMS.get(item["legal_form"], "other")
            defaults["legal_form_note"] = item["legal_form"]
        consultant, _ = Consultant.objects.update_or_create(
            home_region_id=item["region"], name_ky=name, defaults=defaults
        )
        consultant.regions_served.add(item["region"])

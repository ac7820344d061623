"""Accounts, consultants (with the areas, regions and districts they serve)
and municipal staff of the benchmark data."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection

from . import names

# Home regions roughly as the population lives (Chüy and the south largest).
REGION_WEIGHTS = {
    "KG-GB": 20, "KG-C": 16, "KG-O": 15, "KG-J": 14, "KG-GO": 6,
    "KG-Y": 8, "KG-B": 8, "KG-N": 5, "KG-T": 5,
}  # fmt: skip
CONSULTANT_STATUSES = {
    "applicant": 18, "provisional": 30, "certified": 38,
    "suspended": 4, "withdrawn": 7, "declined": 3,
}  # fmt: skip
ORG_LEGAL_FORMS = {
    "public_foundation": 50, "public_association": 30, "association": 10,
    "branch": 5, "other": 5,
}  # fmt: skip
ACCOUNT_SHARE = 0.35  # consultants who have an account (the rest: registry only)


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def person_name(rng: random.Random) -> tuple[str, str, str]:
    """(given name, surname, language of the name)."""
    female = rng.random() < 0.55
    if rng.random() < 0.85:
        given = rng.choice(names.KYRGYZ_FEMALE if female else names.KYRGYZ_MALE)
        surname = rng.choice(names.KYRGYZ_SURNAMES)
        language = "ky"
    else:
        given = rng.choice(names.RUSSIAN_FEMALE if female else names.RUSSIAN_MALE)
        surname = rng.choice(names.RUSSIAN_SURNAMES)
        language = "ru"
    if female:
        surname = surname + "а"  # Асанов → Асанова, Иванов → Иванова
    return given, surname, language


def users(loader, world, rng: random.Random, count: int, role: str, prefix: str):
    """Accounts with unusable passwords (the bench signs in with sessions)."""
    first = loader.next_id("accounts_user")
    rows = []
    for n in range(count):
        given, surname, language = person_name(rng)
        joined = world.anchor - timedelta(days=rng.randint(1, 1500))
        rows.append(
            (
                first + n, "!bench", None, False, given, surname, False, True,
                joined, f"{prefix}{n + 1}@bench.kg", f"{given} {surname}", role,
                language if rng.random() < 0.8 else rng.choice(["ky", "ru", "en"]),
            )
        )  # fmt: skip
    loader.copy(
        "accounts_user",
        [
            "id", "password", "last_login", "is_superuser", "first_name",
            "last_name", "is_staff", "is_active", "date_joined", "email",
            "full_name", "role", "preferred_language",
        ],
        rows,
        count,
    )  # fmt: skip
    return [(row[0], row[12]) for row in rows]


def consultants(loader, world, rng: random.Random, count: int) -> None:
    first = loader.next_id("consultants_consultant")
    with_account = int(count * ACCOUNT_SHARE)
    accounts = users(loader, world, rng, with_account, "consultant", "consultant")
    world.consultant_users = accounts
    districts_by_region = world.districts_by_region
    area_ids = world.area_ids
    columns = [
        "id", "kind", "legal_form", "legal_form_note", "name", "name_ky",
        "name_ru", "name_en", "bio", "bio_ky", "bio_ru", "bio_en", "languages",
        "email", "phone", "website", "inn", "status", "decision_reason",
        "decided_at", "created_at", "updated_at", "decided_by_id",
        "home_region_id", "user_id", "expertise_text", "district_ids",
        "expertise_ids",
    ]  # fmt: skip
    rows, areas, regions, districts = [], [], [], []
    world.consultants = []  # (id, status, home region)

    def rank(area):
        return world.area_texts[area][0]

    for n in range(count):
        cid = first + n
        status = pick(rng, CONSULTANT_STATUSES)
        home = pick(rng, REGION_WEIGHTS)
        organization = rng.random() < 0.3
        if organization:
            legal_form = pick(rng, ORG_LEGAL_FORMS)
            word = rng.randrange(len(names.NGO_WORDS_KY))
            form_ky, form_ru = names.LEGAL_FORM_WORDS[legal_form]
            name_ky = f"«{names.NGO_WORDS_KY[word]}» {form_ky}"
            name_ru = f"{form_ru} «{names.NGO_WORDS_RU[word]}»"
            if rng.random() < 0.5:  # names repeat across regions: add the place
                place = rng.choice(world.municipalities)[1]
                name_ky = f"{name_ky} ({place})"
                name_ru = f"{name_ru} ({place})"
        else:
            legal_form = "sole_trader" if rng.random() < 0.2 else ""
            given, surname, _language = person_name(rng)
            name_ky = name_ru = f"{surname} {given}"
        picked = sorted(rng.sample(area_ids, rng.randint(1, 4)))
        years = rng.randint(2005, 2025)
        area_names = ", ".join(world.area_names[a] for a in picked[:2])
        bio_ky = names.BIO_KY.format(years=years, areas=area_names)
        bio_ru = names.BIO_RU.format(years=years, areas=area_names)
        languages = ["ky", "ru"] if rng.random() < 0.8 else ["ru"]
        if rng.random() < 0.1:
            languages.append("en")
        if home in ("KG-O", "KG-J", "KG-GO") and rng.random() < 0.25:
            languages.append("uz")
        if home == "KG-B" and rng.random() < 0.15:
            languages.append("tg")
        created = world.anchor - timedelta(
            days=rng.randint(1, 1800), seconds=rng.randint(0, 86399)
        )
        decided = None if status == "applicant" else created + timedelta(days=20)
        user_id = accounts[n][0] if n < with_account else None
        rows.append(
            (
                cid, "organization" if organization else "individual", legal_form,
                "", name_ky, name_ky, name_ru, None, bio_ky, bio_ky, bio_ru, None,
                languages, f"office{cid}@bench.kg",
                f"+996{rng.choice('257')}{rng.randint(10000000, 99999999)}", "",
                f"{rng.choice('12')}{rng.randint(10**12, 10**13 - 1)}", status,
                "Документтер толук эмес." if status == "declined" else "",
                decided, created, created, None, home, user_id,
                " ".join(world.area_texts[a][1] for a in sorted(picked, key=rank)),
            )
        )  # fmt: skip
        world.consultants.append((cid, status, home))
        areas.extend((cid, a) for a in picked)
        served = {home}
        while rng.random() < 0.35 and len(served) < 4:
            served.add(pick(rng, REGION_WEIGHTS))
        regions.extend((cid, code) for code in sorted(served))
        served_districts = []
        for code in sorted(served):
            choices = districts_by_region.get(code, [])
            if choices and rng.random() < 0.6:
                for district in rng.sample(choices, min(len(choices), 2)):
                    districts.append((cid, district))
                    served_districts.append(district)
        # district_ids and expertise_ids as the app's triggers write them
        # (consultant_district_ids, consultant_expertise_ids: ids ascending)
        rows[-1] += (sorted(set(served_districts)), picked)
    # Each row arrives with the expertise_text, district_ids and expertise_ids
    # the app's triggers would write (they are off meanwhile: with them, each
    # row is written twice and the trigram index updated row by row); checked
    # against the app's functions.
    with (
        loader.triggers_disabled(
            "consultants_consultant",
            ["consultant_expertise_text_fill", "consultant_served_ids_fill"],
        ),
        loader.triggers_disabled(
            "consultants_consultant_expertise_areas",
            ["consultant_areas_added", "consultant_expertise_ids_added"],
        ),
        loader.triggers_disabled(
            "consultants_consultant_districts_served",
            ["consultant_district_ids_added"],
        ),
    ):
        # the places served first (their foreign keys checked once the
        # consultants are in): each consultant's row then reads them once,
        # as it arrives (consultant_fill_places_text, _region_codes), where
        # arriving after the consultants, their statement triggers would
        # rewrite all 100,000 rows twice (minutes, for 28 indexes)
        with loader.indexes_dropped("consultants_consultant"):
            loader.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, column, served in (
                ("consultants_consultant_regions_served", "region_id", regions),
                ("consultants_consultant_districts_served", "district_id", districts),
            ):
                loader.copy(table, ["consultant_id", column], served, len(served))
            loader.copy("consultants_consultant", columns, rows, count)
            loader.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks, now
        loader.copy(
            "consultants_consultant_expertise_areas",
            ["consultant_id", "expertisearea_id"],
            areas,
            len(areas),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM consultants_consultant WHERE id >= %s AND ("
            " expertise_text <> consultant_expertise_text(id)"
            " OR district_ids <> consultant_district_ids(id)"
            " OR expertise_ids <> consultant_expertise_ids(id))",
            [first],
        )
        wrong = cursor.fetchone()[0]
    if wrong:
        raise RuntimeError(
            f"{wrong} consultants' expertise_text, district_ids or expertise_ids "
            "differ from the app's"
        )
    world.consultant_areas = {}
    for cid, area in areas:
        world.consultant_areas.setdefault(cid, []).append(area)


def staff(loader, world, rng: random.Random, count: int) -> None:
    """Confirmed municipal staff, spread over the municipalities."""
    accounts = users(loader, world, rng, count, "municipal_staff", "staff")
    rows = []
    world.staff_by_municipality = {}
    for n, (user_id, _language) in enumerate(accounts):
        municipality = world.municipalities[n % len(world.municipalities)][0]
        world.staff_by_municipality.setdefault(municipality, user_id)
        requested = world.anchor - timedelta(days=rng.randint(30, 900))
        rows.append(
            (
                rng.choice(["Айыл өкмөтүнүн башчысы", "Экономист", "Адис"]),
                municipality, user_id, None, requested + timedelta(days=2),
                requested, "confirmed", "",
            )
        )  # fmt: skip
    loader.copy(
        "municipalities_staffmembership",
        [
            "position", "municipality_id", "user_id", "decided_by_id",
            "decided_at", "requested_at", "status", "work_phone",
        ],
        rows,
        count,
    )  # fmt: skip
    world.staff_users = accounts

"""The data set of `make bench` (`manage.py generate_benchmark_data`).

Deterministic: every table draws from its own random.Random seeded with the
generator's seed and the table's name, and the reference data (the SOATE
register, regions, districts, expertise areas) comes from the migrations, so
the same scale gives the same rows; a digest of every row is printed at the
end (sealed values count by their plain text, their ciphertexts differ by run).
Dates are relative to a fixed day (ANCHOR), not to today, for the same reason:
open tenders' deadlines run to about two months after it.

Municipalities are the real register (485 from the migrations), not 5,000
made-up ones: every tender and staff member belongs to one of them.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction

from . import activity, people, tenders
from .copying import Loader

GENERATOR_VERSION = 1
SEED = 20261204
ANCHOR = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
# rows at scale 1 (the national scale of issue 16)
NATIONAL = {
    "consultants": 100_000,
    "staff": 2_000,
    "trainings": 2_000,
    "certificates": 50_000,
    "tenders": 100_000,
    "bids": 1_000_000,
    "notifications": 2_000_000,
}
TABLES = [
    "accounts_user", "consultants_consultant",
    "consultants_consultant_regions_served", "consultants_consultant_districts_served",
    "consultants_consultant_expertise_areas", "municipalities_staffmembership",
    "trainings_training", "trainings_training_expertise_areas",
    "trainings_certificationprogramme", "trainings_certificate",
    "trainings_participant", "procurement_tender", "procurement_tender_regions",
    "procurement_tender_expertise_areas", "procurement_evaluationcriterion",
    "procurement_bid", "procurement_award", "procurement_contract",
    "procurement_release", "outbox_event", "notifications_notification",
]  # fmt: skip


class AlreadyLoaded(Exception):
    pass


def counts(scale: float) -> dict[str, int]:
    return {name: max(1, round(n * scale)) for name, n in NATIONAL.items()}


def database_name(scale: float) -> str:
    """The bench's database for this scale and generator version."""
    text = f"{scale:g}".replace(".", "_").replace("-", "_")
    return f"bench_s{text}_v{GENERATOR_VERSION}"


def marker(scale: float, digest: str) -> str:
    """Stored as the database's comment once loading is complete."""
    return f"benchmark data v{GENERATOR_VERSION} scale {scale:g} digest {digest}"


@dataclass
class World:
    """Reference data and what earlier tables generated, for later ones."""

    anchor: datetime
    municipalities: list = field(default_factory=list)  # (id, name, region)
    districts_by_region: dict = field(default_factory=dict)
    area_ids: list = field(default_factory=list)
    area_names: dict = field(default_factory=dict)
    area_texts: dict = field(default_factory=dict)  # id → (rank, text)


def _reference(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, coalesce(nullif(name_ky, ''), name_ru, name), region_id "
            "FROM municipalities_municipality WHERE retired_on IS NULL ORDER BY id"
        )
        world.municipalities = [tuple(row) for row in cursor.fetchall()]
        cursor.execute("SELECT id, region_id FROM municipalities_district ORDER BY id")
        for district, region in cursor.fetchall():
            world.districts_by_region.setdefault(region, []).append(district)
        # expertise_text as the app's trigger writes it (consultant_expertise_text)
        cursor.execute(
            "SELECT id, coalesce(name_ky, name), "
            "concat_ws(' ', name_ky, name_ru, name_en, name) "
            "FROM consultants_expertisearea ORDER BY sort_order, code"
        )
        for rank, (area, name, text) in enumerate(cursor.fetchall()):
            world.area_ids.append(area)
            world.area_names[area] = name
            world.area_texts[area] = (rank, text)
        cursor.execute("SELECT 1 FROM procurement_tender LIMIT 1")
        if cursor.fetchone():
            raise AlreadyLoaded(
                "the database already has tenders: generate into a freshly "
                "migrated database"
            )
    if not world.municipalities or not world.area_ids:
        raise AlreadyLoaded("no municipalities or expertise areas: migrate first")


def generate(scale: float, *, out=None, progress=True) -> dict:
    """Load the data set of this scale into the (freshly migrated) database.
    Returns the digest, the rows per table and the seconds it took."""
    started = time.monotonic()
    n = counts(scale)
    loader = Loader(out=out, progress=progress)
    world = World(anchor=ANCHOR)

    def rng(name):
        return random.Random(f"{SEED}:{name}")

    with transaction.atomic():
        _reference(world)
        loader.execute("SET LOCAL synchronous_commit = off")
        # foreign keys checked at the end of each COPY, not of the transaction:
        # an index cannot be built on a table with checks pending
        loader.execute("SET CONSTRAINTS ALL IMMEDIATE")
        people.consultants(loader, world, rng("consultants"), n["consultants"])
        people.staff(loader, world, rng("staff"), n["staff"])
        activity.trainings(loader, world, rng("trainings"), n["trainings"])
        activity.certificates(loader, world, rng("certificates"), n["certificates"])
        tenders.tenders(loader, world, rng("tenders"), n["tenders"])
        tenders.bids(loader, world, rng("bids"), n["bids"])
        tenders.awards_and_contracts(loader, world, rng("awards"))
        tenders.releases(loader, world)
        activity.notifications(loader, world, rng("notifications"), n["notifications"])
        loader.reset_sequences(TABLES)
        digest = loader.hexdigest()
        name = connection.settings_dict["NAME"]
        comment = marker(scale, digest).replace("'", "")
        loader.execute(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    loader.say("ANALYZE…")
    loader.execute("ANALYZE")
    seconds = time.monotonic() - started
    loader.say(f"done in {seconds:.1f} s")
    return {"digest": digest, "rows": loader.counts, "seconds": seconds}

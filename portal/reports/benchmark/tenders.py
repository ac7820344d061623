"""Tenders in every state (with criteria, regions and areas), bids (sealed
before the opening as the app seals them), awards, contracts and the first
OCDS release of each public tender."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection

from . import names
from .copying import Sealed
from .people import pick

TENDER_STATUSES = {
    "draft": 5, "interest": 1, "shortlisted": 1, "published": 8, "suspended": 0.5,
    "closed": 2, "opened": 2, "evaluated": 2, "award_pending": 2, "awarded": 8,
    "contract_signed": 20, "completed": 36, "cancelled": 9, "unsuccessful": 3.5,
}  # fmt: skip
BEFORE_OPENING = {"published", "suspended", "closed"}
OPENED = {
    "opened", "evaluated", "award_pending", "awarded", "contract_signed",
    "completed", "unsuccessful",
}  # fmt: skip
PRICED = OPENED - {"opened", "unsuccessful"}  # financial envelopes opened
WITH_AWARD = {"award_pending", "awarded", "contract_signed", "completed"}
METHODS = {"open": 70, "two_stage": 10, "restricted": 8, "rfq": 10, "single_source": 2}
KINDS = [
    "strategy", "tariff", "monitoring", "service_design", "budget",
    "enterprise", "training", "other",
]  # fmt: skip
TENDER_COLUMNS = [
    "id", "title", "title_ky", "title_ru", "title_en", "description",
    "description_ky", "description_ru", "description_en", "service_kind",
    "procurement_method", "selection_method", "estimated_budget", "eligibility",
    "state_notice_number", "contact_name", "contact_email", "contact_phone",
    "technical_weight", "min_technical_score", "published_at",
    "questions_deadline", "submission_deadline", "opening_at", "status",
    "status_changed_at", "opened_at", "evaluated_at", "cancel_reason",
    "cancel_explanation", "cancelled_at", "created_at", "updated_at",
    "created_by_id", "municipality_id", "financial_opened_at",
    "technical_evaluated_at", "consensus_minutes", "interest_deadline",
    "shortlist_published_at", "single_source_consultant_id",
    "single_source_justification", "expertise_ids",
]  # fmt: skip
BID_COLUMNS = [
    "id", "status", "technical_proposal", "proposed_team",
    "conflict_of_interest_declared", "conflict_of_interest_note",
    "sealed_price", "price", "needs_confirmation", "submitted_at",
    "withdrawn_at", "technical_score", "financial_score", "combined_score",
    "qualified", "rank", "consultant_id", "tender_id", "disqualification_reason",
    "financial_returned_at",
]  # fmt: skip
PROPOSALS = [
    f"Методология: {ky}. Иш планы {weeks} жумага." for ky, _ru in names.TENDER_SUBJECTS
    for weeks in (6, 10)
]  # fmt: skip
TEAMS = [
    "Асанова Айгүл, команданын жетекчиси, 12 жыл\nОсмонов Бакыт, экономист, 7 жыл",
    "Иванова Елена, руководитель, 15 лет\nТурдубаев Нурлан, юрист, 5 лет",
    "Жумабаев Эрлан, эксперт, 9 жыл",
]
RANK = BID_COLUMNS.index("rank")
SEALED_PRICES = 256  # distinct sealed offers (each encrypted once)


def _dates(rng, world, status):
    """published_at, questions, submission, opening, opened_at, interest."""
    now = world.anchor
    hour = timedelta(hours=1)
    if status == "draft" or (status == "cancelled" and rng.random() < 0.2):
        return None, None, None, None, None, None
    if status in ("interest", "shortlisted"):
        published = now - timedelta(days=rng.randint(3, 25))
        interest = published + timedelta(days=rng.randint(10, 40))
        if status == "shortlisted":
            interest = now - timedelta(days=rng.randint(1, 3))
        return published, None, None, None, None, interest
    if status in ("published", "suspended"):
        published = now - timedelta(days=rng.randint(0, 13), hours=rng.randint(0, 23))
        submission = now + timedelta(days=rng.randint(3, 60))
    elif status == "closed":
        published = now - timedelta(days=rng.randint(20, 40))
        submission = now - timedelta(days=rng.randint(0, 2), hours=2)
        return (
            published,
            submission - timedelta(days=5),
            submission,
            now + hour,
            None,
            None,
        )
    else:
        published = now - timedelta(
            days=rng.randint(30, 1500), hours=rng.randint(0, 23)
        )
        submission = published + timedelta(days=rng.randint(14, 30))
    opening = submission + hour
    opened = opening + timedelta(minutes=5) if status in OPENED else None
    questions = submission - timedelta(days=5)
    return published, questions, submission, opening, opened, None


def tenders(loader, world, rng: random.Random, count: int) -> None:
    first = loader.next_id("procurement_tender")
    rows, regions, areas, criteria = [], [], [], []
    # (id, status, region, budget, method, created, opened, published, municipality)
    world.tenders = []
    certified = [c[0] for c in world.consultants if c[1] == "certified"] or [
        c[0] for c in world.consultants
    ]
    for n in range(count):
        tid = first + n
        status = pick(rng, TENDER_STATUSES)
        method = pick(rng, METHODS)
        if status in ("interest", "shortlisted"):
            method = "two_stage"
        municipality, muni_name, region = rng.choice(world.municipalities)
        subject = rng.randrange(len(names.TENDER_SUBJECTS))
        kind = KINDS[subject % len(KINDS)]
        subject_ky, subject_ru = names.TENDER_SUBJECTS[subject]
        title_ky = f"{muni_name}: {subject_ky}"
        title_ru = f"{muni_name}: {subject_ru}"
        budget = Decimal(rng.randint(15, 900) * 10000)
        published, questions, submission, opening, opened, interest = _dates(
            rng, world, status
        )
        created = (published or world.anchor) - timedelta(days=rng.randint(1, 20))
        changed = opened or published or created
        cancelled = status == "cancelled"
        single = method == "single_source"
        staff = world.staff_by_municipality.get(municipality)
        rows.append(
            (
                tid, title_ky, title_ky, title_ru, None,
                f"{subject_ky.capitalize()}. Тапшырманын шарттары тиркелет.",
                f"{subject_ky.capitalize()}. Тапшырманын шарттары тиркелет.",
                f"{subject_ru.capitalize()}. Техническое задание прилагается.", None,
                kind, method,
                "consultSingleSource" if single else "consultQualityPrice",
                budget, "certified" if rng.random() < 0.6 else "registered",
                f"{rng.randint(10**13, 10**14 - 1)}" if rng.random() < 0.5 else "",
                "Байлануш адам", f"tenders{municipality}@bench.kg", "+996312000000",
                80, Decimal("70.00"), published, questions, submission, opening,
                status, changed, opened,
                opened + timedelta(days=7) if status in PRICED else None,
                "no_longer_needed" if cancelled else "",
                "Каражат жок." if cancelled else "",
                changed + timedelta(days=1) if cancelled else None,
                created, changed, staff, municipality,
                opened + timedelta(days=5) if status in PRICED else None,
                opened + timedelta(days=4) if status in PRICED else None, "",
                interest,
                interest + timedelta(hours=2) if status == "shortlisted" else None,
                rng.choice(certified) if single else None,
                "Бирден-бир ылайыктуу адис." if single else "",
            )
        )  # fmt: skip
        world.tenders.append(
            (
                tid,
                status,
                region,
                budget,
                method,
                created,
                opened,
                published,
                municipality,
            )
        )
        regions.append((tid, region))
        picked = sorted(rng.sample(world.area_ids, rng.randint(1, 2)))
        for area in picked:
            areas.append((tid, area))
        # expertise_ids as the app's trigger writes it (tender_expertise_ids)
        rows[-1] += (picked,)
        weights = [40, 30, 30] if rng.random() < 0.6 else [30, 25, 25, 20]
        for order, weight in enumerate(weights):
            ky, ru = names.CRITERIA[(subject + order) % len(names.CRITERIA)]
            criteria.append((ky, ky, ru, None, weight, order, tid))
    # each row arrives with its expertise_ids (the trigger off meanwhile),
    # checked against the app's function
    with (
        loader.triggers_disabled("procurement_tender", ["tender_expertise_ids_fill"]),
        loader.triggers_disabled(
            "procurement_tender_expertise_areas", ["tender_expertise_ids_added"]
        ),
    ):
        loader.copy("procurement_tender", TENDER_COLUMNS, rows, count)
        del rows
        loader.copy(
            "procurement_tender_regions", ["tender_id", "region_id"], regions, count
        )
        loader.copy(
            "procurement_tender_expertise_areas",
            ["tender_id", "expertisearea_id"],
            areas,
            len(areas),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procurement_tender "
            "WHERE id >= %s AND expertise_ids <> tender_expertise_ids(id)",
            [first],
        )
        wrong = cursor.fetchone()[0]
    if wrong:
        raise RuntimeError(f"{wrong} tenders' expertise_ids differ from the app's")
    loader.copy(
        "procurement_evaluationcriterion",
        ["name", "name_ky", "name_ru", "name_en", "weight", "order", "tender_id"],
        criteria,
        len(criteria),
    )


def bids(loader, world, rng: random.Random, count: int) -> None:
    """About `count` bids over the tenders past their publication; one per
    consultant and tender; the winner (rank 1) of awarded tenders noted."""
    biddable = [t for t in world.tenders if t[1] in BEFORE_OPENING | OPENED]
    pool = [c[0] for c in world.consultants if c[1] in ("certified", "provisional")]
    pool = pool or [c[0] for c in world.consultants]
    sealed_prices = [
        Sealed(f"{rng.randint(100, 9000) * 1000}.00") for _ in range(SEALED_PRICES)
    ]
    proposals = [Sealed(text) for text in PROPOSALS]
    teams = [Sealed(text) for text in TEAMS]
    no_note = Sealed("")
    first = loader.next_id("procurement_bid")
    world.winners = {}  # tender id → (bid id, consultant id, price)
    budget_left = [count]

    def rows():
        bid_id = first
        for index, (tid, status, _r, budget, _m, _c, opened, _p, _mu) in enumerate(
            biddable
        ):
            left = len(biddable) - index
            k = round(rng.uniform(0.4, 1.6) * budget_left[0] / left)
            k = max(1, min(k, len(pool), budget_left[0] - (left - 1)))
            budget_left[0] -= k
            bidders = rng.sample(pool, k)
            scored, batch = [], []
            for consultant in bidders:
                withdrawn = status in BEFORE_OPENING and rng.random() < 0.03
                submitted = (opened or world.anchor) - timedelta(
                    days=rng.randint(1, 10), minutes=rng.randint(0, 1439)
                )
                price = technical = financial = combined = qualified = None
                sealed = rng.choice(sealed_prices)
                if status in PRICED:
                    price = (budget * Decimal(rng.randint(60, 110)) / 100).quantize(
                        Decimal("1.00")
                    )
                    sealed = None
                    technical = Decimal(rng.randint(550, 980)) / 10
                    qualified = technical >= 70
                    financial = Decimal(rng.randint(500, 1000)) / 10
                    combined = (technical * 8 + financial * 2) / 10
                    scored.append([combined, bid_id, consultant, price, qualified])
                elif status in ("opened", "unsuccessful"):
                    technical = Decimal(rng.randint(400, 980)) / 10
                    qualified = status == "opened" and technical >= 70
                batch.append([
                    bid_id, "withdrawn" if withdrawn else "submitted",
                    rng.choice(proposals), rng.choice(teams), True, no_note,
                    sealed, price, False, submitted,
                    submitted + timedelta(days=1) if withdrawn else None,
                    technical, financial, combined, qualified, None, consultant,
                    tid, "" if qualified is not False else "Техникалык упай жетишсиз.",
                    None,
                ])  # fmt: skip
                bid_id += 1
            # ranks of the qualified bids by combined score, as evaluation sets
            ranked = sorted((s for s in scored if s[4]), reverse=True)
            ranks = {s[1]: rank for rank, s in enumerate(ranked, start=1)}
            for row in batch:
                row[RANK] = ranks.get(row[0])
            yield from batch
            if status in WITH_AWARD and ranked:
                world.winners[tid] = (ranked[0][1], ranked[0][2], ranked[0][3])

    loader.copy("procurement_bid", BID_COLUMNS, rows(), count, rebuild_indexes=True)


def awards_and_contracts(loader, world, rng: random.Random) -> None:
    awards, contracts = [], []
    first = loader.next_id("procurement_award")
    for tid, status, _r, _b, _m, _c, opened, _p, _mu in world.tenders:
        winner = world.winners.get(tid)
        if winner is None:
            continue
        bid_id, _consultant, price = winner
        award_id = first + len(awards)
        notified = opened + timedelta(days=8)
        final = None if status == "award_pending" else notified + timedelta(days=11)
        awards.append(
            (
                award_id, price, "pending" if final is None else "final", notified,
                notified + timedelta(days=10), final, None, bid_id, tid,
            )
        )  # fmt: skip
        if status in ("contract_signed", "completed"):
            signed = (final + timedelta(days=3)).date()
            done = status == "completed"
            contracts.append(
                (
                    f"{tid}-{signed.year}", price, signed, signed,
                    signed + timedelta(days=rng.randint(60, 240)), final,
                    final + timedelta(days=200) if done else None,
                    rng.randint(3, 5) if done else None, "", award_id, tid,
                )
            )  # fmt: skip
    loader.copy(
        "procurement_award",
        [
            "id", "amount", "status", "notified_at", "standstill_ends_at",
            "final_at", "awarded_by_id", "bid_id", "tender_id",
        ],
        awards,
        len(awards),
    )  # fmt: skip
    loader.copy(
        "procurement_contract",
        [
            "number", "amount", "signed_on", "starts_on", "ends_on", "recorded_at",
            "completed_at", "rating", "rating_comment", "award_id", "tender_id",
        ],
        contracts,
        len(contracts),
    )  # fmt: skip


def releases(loader, world) -> None:
    """The first release ('tender') of each public tender, as the backfill
    reconstructs it (backfilled, so its id says so)."""
    prefix = settings.OCDS_OCID_PREFIX
    rows = []
    for tid, _s, region, budget, method, _c, _o, published, muni in world.tenders:
        if published is None:
            continue
        ocid = f"{prefix}{tid}"
        release_id = f"{ocid}-backfill-tender"
        data = {
            "ocid": ocid, "id": release_id, "date": published.isoformat(),
            "tag": ["tender"], "initiationType": "tender", "language": "ky",
            "buyer": {"id": f"{prefix}municipality-{muni}"},
            "tender": {
                "id": str(tid), "status": "active",
                "procurementMethod": "limited" if method != "open" else "open",
                "value": {"amount": float(budget), "currency": "KGS"},
                "deliveryAddresses": [{"region": region}],
            },
        }  # fmt: skip
        rows.append(
            (1, ocid, release_id, published, '["tender"]',
             json.dumps(data, ensure_ascii=False), True, published, tid)
        )  # fmt: skip
    loader.copy(
        "procurement_release",
        [
            "sequence", "ocid", "release_id", "date", "tag", "data", "backfilled",
            "recorded_at", "tender_id",
        ],
        rows,
        len(rows),
    )  # fmt: skip

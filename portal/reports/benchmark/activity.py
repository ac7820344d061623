"""Trainings, certificates, and the notifications of the benchmark data (with
the outbox events they came from)."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from . import names
from .people import REGION_WEIGHTS, pick

CERTIFICATE_STATUSES = {"active": 82, "expired": 12, "suspended": 3, "revoked": 3}
EMAIL_STATUSES = {"sent": 90, "pending": 2, "failed": 1, "suppressed": 7}


def trainings(loader, world, rng: random.Random, count: int) -> None:
    first = loader.next_id("trainings_training")
    rows, areas = [], []
    for n in range(count):
        tid = first + n
        subject_ky, subject_ru = names.TENDER_SUBJECTS[n % len(names.TENDER_SUBJECTS)]
        online = rng.random() < 0.2
        region = None if online else pick(rng, REGION_WEIGHTS)
        start = (world.anchor - timedelta(days=rng.randint(-60, 1800))).date()
        days = rng.randint(1, 5)
        title_ky = f"Окутуу: {subject_ky}"
        title_ru = f"Обучение: {subject_ru}"
        rows.append(
            (
                tid, title_ky, title_ky, title_ru, None, title_ky, title_ky,
                title_ru, None, start, start + timedelta(days=days - 1), online,
                "" if online else "Райондук маданият үйү",
                None if online else "Райондук маданият үйү", None, None,
                "ЖӨБ академиясы", "ЖӨБ академиясы", "Академия МСУ", None,
                "", None, None, None, rng.choice([None, 25, 30, 40]), 0, days,
                world.anchor, world.anchor, region,
            )
        )  # fmt: skip
        for area in sorted(rng.sample(world.area_ids, 2)):
            areas.append((tid, area))
    loader.copy(
        "trainings_training",
        [
            "id", "title", "title_ky", "title_ru", "title_en", "description",
            "description_ky", "description_ru", "description_en", "start_date",
            "end_date", "is_online", "venue", "venue_ky", "venue_ru", "venue_en",
            "organizer", "organizer_ky", "organizer_ru", "organizer_en",
            "partners", "partners_ky", "partners_ru", "partners_en", "capacity",
            "external_participant_count", "required_days", "created_at",
            "updated_at", "region_id",
        ],
        rows,
        count,
    )  # fmt: skip
    loader.copy(
        "trainings_training_expertise_areas",
        ["training_id", "expertisearea_id"],
        areas,
        len(areas),
    )
    world.training_ids = [row[0] for row in rows]


def certificates(loader, world, rng: random.Random, count: int) -> None:
    """Certificates of the certified (and suspended) members first, each with
    the training it followed (a participant row)."""
    programme = loader.next_id("trainings_certificationprogramme")
    loader.copy(
        "trainings_certificationprogramme",
        [
            "id", "name", "name_ky", "name_ru", "name_en", "description",
            "description_ky", "description_ru", "description_en",
            "validity_months", "is_active", "created_at",
        ],
        [
            (programme, "Муниципалдык консультант", "Муниципалдык консультант",
             "Муниципальный консультант", None, "", "", "", None, 36, True,
             world.anchor),
        ],
        1,
    )  # fmt: skip
    holders = [c[0] for c in world.consultants if c[1] in ("certified", "suspended")]
    others = [c[0] for c in world.consultants if c[1] not in ("certified", "suspended")]
    holders = (holders + others)[:count]
    certificates, participants, numbers = [], [], {}
    seen = set()
    for consultant in holders:
        status = pick(rng, CERTIFICATE_STATUSES)
        issued = (world.anchor - timedelta(days=rng.randint(1, 1400))).date()
        if status == "expired":
            issued = (world.anchor - timedelta(days=rng.randint(1100, 1800))).date()
        numbers[issued.year] = numbers.get(issued.year, 0) + 1
        code = "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24)
        )
        certificates.append(
            (
                f"BAZhBA-{issued.year}-{numbers[issued.year]:05d}", code, issued,
                issued + timedelta(days=365 * 3), status,
                "Кодекс бузулган." if status in ("suspended", "revoked") else "",
                world.anchor, consultant, None, programme,
            )
        )  # fmt: skip
        training = rng.choice(world.training_ids)
        if (training, consultant) not in seen:
            seen.add((training, consultant))
            participants.append(("", world.anchor, consultant, training))
    loader.copy(
        "trainings_certificate",
        [
            "number", "public_code", "issued_on", "expires_on", "status",
            "status_reason", "status_changed_at", "consultant_id", "issued_by_id",
            "programme_id",
        ],
        certificates,
        len(certificates),
    )  # fmt: skip
    loader.copy(
        "trainings_participant",
        ["representative", "created_at", "consultant_id", "training_id"],
        participants,
        len(participants),
    )
    for year, last in sorted(numbers.items()):
        loader.execute(
            "INSERT INTO trainings_certificatesequence (year, last_value) "
            "VALUES (%s, %s) ON CONFLICT (year) DO UPDATE SET last_value = "
            "greatest(trainings_certificatesequence.last_value, EXCLUDED.last_value)",
            [year, last],
        )


def notifications(loader, world, rng: random.Random, count: int) -> None:
    """One dispatched 'tender.published' event per public tender, and about
    `count` notifications of them (email and in-app) to the accounts."""
    public = [t for t in world.tenders if t[7] is not None]
    recipients = world.consultant_users + world.staff_users
    if not public or not recipients:
        return
    first_event = loader.next_id("outbox_event")
    events = [
        (
            first_event + n, "tender.published",
            json.dumps({"tender_id": t[0]}), t[2], t[7], t[7],
            t[7] + timedelta(seconds=2), 1, False, "", None,
        )
        for n, t in enumerate(public)
    ]  # fmt: skip
    loader.copy(
        "outbox_event",
        [
            "id", "topic", "payload", "region_code", "created_at", "available_at",
            "dispatched_at", "attempts", "dead", "last_error", "key",
        ],
        events,
        len(events),
    )  # fmt: skip

    def rows():
        left = count
        for index, (event_id, *_rest) in enumerate(events):
            tender = public[index]
            if left <= 0:
                return
            share = left / (2 * (len(events) - index))
            k = max(1, min(round(rng.uniform(0.5, 1.5) * share), len(recipients)))
            for user_id, language in rng.sample(recipients, k):
                title = (
                    f"Новый тендер №{tender[0]}"
                    if language == "ru"
                    else f"Жаңы тендер №{tender[0]}"
                )
                created = tender[7] + timedelta(seconds=3)
                for channel in ("email", "in_app"):
                    if left <= 0:
                        return
                    left -= 1
                    if channel == "email":
                        status = pick(rng, EMAIL_STATUSES)
                        read = None
                    else:
                        status = "sent"
                        read = (
                            created + timedelta(hours=5) if rng.random() < 0.6 else None
                        )
                    yield (
                        "tender.published", channel, status, False, "subscriber",
                        language, title, "", f"/{language}/tenders/{tender[0]}/",
                        created, created, 1 if status == "failed" else 0,
                        "SMTP 451" if status == "failed" else "",
                        created + timedelta(seconds=30) if status == "sent" else None,
                        read, event_id, user_id,
                    )  # fmt: skip

    loader.copy(
        "notifications_notification",
        [
            "topic", "channel", "status", "transactional", "audience", "language",
            "title", "reason", "path", "created_at", "next_attempt_at", "attempts",
            "last_error", "sent_at", "read_at", "event_id", "recipient_id",
        ],
        rows(),
        count,
        rebuild_indexes=True,
    )  # fmt: skip

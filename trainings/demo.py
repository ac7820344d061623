"""Demo certification data for `make run` (called by the seed_demo command):
a programme built on the 2022 training, certificates in every state, and an
upcoming training whose sheet is still empty. Idempotent."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from consultants.models import Consultant, ExpertiseArea

from . import services
from .models import CertificationProgramme, Training

PROGRAMME = {
    "name": "Жергиликтүү кызмат көрсөтүүлөр боюнча консультант",
    "name_ky": "Жергиликтүү кызмат көрсөтүүлөр боюнча консультант",
    "name_ru": "Консультант по местным услугам",
    "name_en": "Consultant on local services",
    "description_ky": "Жергиликтүү кызмат көрсөтүүлөрдү уюштуруу боюнча беш күндүк "
    "тренингди аяктаган тармак мүчөлөрү үчүн.",
    "description_ru": "Для членов сети, завершивших пятидневный тренинг по "
    "организации местных услуг.",
    "description_en": "For network members who completed the five-day training "
    "on organizing local services.",
}
UPCOMING = {
    "title": "Ичүүчү суу жана КТК үчүн тарифтерди эсептөө",
    "title_ky": "Ичүүчү суу жана КТК үчүн тарифтерди эсептөө",
    "title_ru": "Расчёт тарифов на питьевую воду и ТБО",
    "title_en": "Tariff calculation for drinking water and solid waste",
    "organizer": "БАЖБА",
    "organizer_ky": "БАЖБА",
    "organizer_ru": "Академия местного управления Центральной Азии",
    "organizer_en": "BAZhBA",
    "venue_ky": "Нарын шаары",
    "venue_ru": "город Нарын",
    "venue_en": "Naryn town",
    "region_id": "KG-N",
    "capacity": 25,
}


@transaction.atomic
def seed_certification_demo(*, admin, holder: Consultant) -> list[str]:
    """Certificates of the 2022 training's completers: `holder` (the demo
    consultant) and three more active, one expiring within 30 days, one
    suspended, one revoked. Returns lines describing what was made."""
    training_2022 = Training.objects.get(start_date="2022-05-29")
    programme, _ = CertificationProgramme.objects.get_or_create(
        name_en=PROGRAMME["name_en"], defaults=PROGRAMME
    )
    programme.required_trainings.add(training_2022)
    today = timezone.localdate()
    upcoming, created = Training.objects.get_or_create(
        title_en=UPCOMING["title_en"],
        defaults={
            **UPCOMING,
            "start_date": today + timedelta(20),
            "end_date": today + timedelta(22),
        },
    )
    if created:
        upcoming.expertise_areas.add(*ExpertiseArea.objects.filter(code="tariffs"))
    if programme.certificates.exists():
        return []
    others = list(
        Consultant.objects.filter(participations__training=training_2022)
        .exclude(pk=holder.pk)
        .order_by("id")
    )
    two_years = relativedelta(months=programme.validity_months)
    plan = [
        (holder, today - timedelta(60), None),
        (others[0], today - timedelta(120), None),
        (others[1], today - timedelta(300), None),
        (others[2], today - two_years + timedelta(18), None),  # expires in 17 days
        (others[3], today - timedelta(200), "suspend"),
        (others[4], today - timedelta(400), "revoke"),
    ]
    lines = []
    for consultant, issued_on, then in plan:
        certificate = services.certificate_issue(
            consultant=consultant, programme=programme, by=admin, issued_on=issued_on
        )
        if then == "suspend":
            services.certificate_suspend(
                certificate=certificate,
                reason="Муниципалитеттин даттануусу каралууда.",
                by=admin,
            )
        elif then == "revoke":
            services.certificate_revoke(
                certificate=certificate,
                reason="Тренингге катышуу тууралуу маалымат туура эмес болуп чыкты.",
                by=admin,
            )
        certificate.refresh_from_db()
        lines.append(
            f"{certificate.number} {certificate.status:<9} "
            f"until {certificate.expires_on} · {consultant}"
        )
    return lines

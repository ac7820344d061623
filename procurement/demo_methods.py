"""`make run` demo data for the procurement methods: a request for
quotations the demo consultant is invited to, a single-source tender to
another member with its justification, and two-stage selections in each
stage (call open, shortlist published, request for proposals to the one
best-qualified). Called by procurement.demo.seed_tenders."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from consultants.models import ExpertiseArea

from .models import (
    EvaluationCriterion,
    ExpressionOfInterest,
    Invitation,
    Tender,
)

EXPERIENCE = (
    "Акыркы беш жылда төрт айыл өкмөтү үчүн өнүгүү программаларын иштеп "
    "чыктык; коомдук угууларды уюштурдук."
)
JUSTIFICATION = (
    "Мамлекеттик сатып алуулар жөнүндө мыйзамдын 21-беренеси: мурунку "
    "келишимдин уландысы, ошол эле консультант гана аткара алат."
)

# (key, method, selection, state, place, area, kind, budget, ky, ru, en)
METHOD_TENDERS = [
    ("rfq", "rfq", "consultPrice", "published", "Alamüdün Ayil Okmotu",
     "budget-transparency", "budget", "160000",
     "Бюджеттик угуулардын отчетун даярдоо",
     "Подготовка отчёта о бюджетных слушаниях",
     "Report on the budget hearings"),
    ("single", "single_source", "consultSingleSource", "published",
     "Osh City Hall", "development-planning", "strategy", "280000",
     "Өнүгүү программасын жаңылоо (уландысы)",
     "Обновление программы развития (продолжение)",
     "Updating the development programme (continuation)"),
    ("call", "two_stage", "consultQualityPrice", "interest",
     "Bishkek City Hall", "service-types", "service_design", "750000",
     "Коомдук транспорт кызматын кайра уюштуруу",
     "Реорганизация услуги общественного транспорта",
     "Reorganizing the public transport service"),
    ("shortlist", "two_stage", "consultQuality", "shortlisted",
     "Alamüdün Ayil Okmotu", "joint-monitoring", "monitoring", "450000",
     "Жергиликтүү кызматтардын сапатын баалоо",
     "Оценка качества местных услуг",
     "Assessing the quality of local services"),
    ("qualification", "two_stage", "consultQualification", "published",
     "Alamüdün Ayil Okmotu", "municipal-enterprise", "enterprise", "220000",
     "Муниципалдык ишкананын бизнес-планы",
     "Бизнес-план муниципального предприятия",
     "Business plan of the municipal enterprise"),
]  # fmt: skip


def _create(row, *, staff, municipalities, contact_email, attach, now):
    key, method, selection, state, place, area, kind, budget = row[:8]
    title_ky, title_ru, title_en = row[8:]
    municipality = municipalities.get(place) or staff.staff_membership.municipality
    deadline = now + timedelta(days=16)
    tender = Tender.objects.create(
        municipality=municipality,
        title=title_ky,
        title_ky=title_ky,
        title_ru=title_ru,
        title_en=title_en,
        description=f"{title_ky}: консультациялык кызмат көрсөтүүлөр.",
        description_ky=f"{title_ky}: консультациялык кызмат көрсөтүүлөр.",
        description_ru=f"{title_ru}: консультационные услуги.",
        description_en=f"{title_en}: consulting services.",
        service_kind=kind,
        procurement_method=method,
        selection_method=selection,
        estimated_budget=Decimal(budget),
        eligibility="registered",
        contact_name=staff.get_full_name(),
        contact_email=contact_email,
        questions_deadline=deadline - timedelta(days=5),
        submission_deadline=deadline,
        opening_at=deadline + timedelta(hours=1),
        created_by=staff,
    )
    tender.regions.add(municipality.region)
    tender.expertise_areas.add(*ExpertiseArea.objects.filter(code=area))
    for order, (ky, ru, en, weight) in enumerate(
        [
            ("Методология", "Методология", "Methodology", 60),
            ("Команданын тажрыйбасы", "Опыт команды", "Experience of the team", 40),
        ],
        start=1,
    ):
        EvaluationCriterion.objects.create(
            tender=tender,
            name=ky,
            name_ky=ky,
            name_ru=ru,
            name_en=en,
            weight=weight,
            order=order,
        )
    attach(tender)
    return key, state, tender


def _apply(tender, consultant, contracts, at):
    return ExpressionOfInterest.objects.create(
        tender=tender,
        consultant=consultant,
        experience=EXPERIENCE,
        relevant_contracts=contracts,
        submitted_at=at,
    )


def seed_method_tenders(*, staff, demo_consultant, members, contact_email, attach):
    """The method demo tenders (the caller checks they do not exist yet);
    returns how many were made. Restricted demo tenders of the main table
    get their bidders invited."""
    now = timezone.now()
    from municipalities.models import Municipality

    municipalities = {m.name_en: m for m in Municipality.objects.all()}
    others = [m for m in members if m.pk != demo_consultant.pk]
    made = 0
    for row in METHOD_TENDERS:
        key, state, tender = _create(
            row,
            staff=staff,
            municipalities=municipalities,
            contact_email=contact_email,
            attach=attach,
            now=now,
        )
        made += 1
        update = {"status": state, "status_changed_at": now - timedelta(days=1)}
        if key == "rfq":
            for member in [demo_consultant, *others[3:5]]:
                Invitation.objects.create(tender=tender, consultant=member)
            update["published_at"] = now - timedelta(days=2)
        elif key == "single":
            update.update(
                single_source_consultant=others[min(5, len(others) - 1)],
                single_source_justification=JUSTIFICATION,
                published_at=now - timedelta(days=2),
            )
        elif key == "call":
            update.update(
                interest_deadline=now + timedelta(days=9),
                published_at=now - timedelta(days=2),
            )
            for n, member in enumerate(others[1:3]):
                _apply(tender, member, 4 - n, now - timedelta(hours=20 - n))
        else:
            published = now - timedelta(days=20)
            interest_deadline = now - timedelta(days=6)
            update.update(
                interest_deadline=interest_deadline,
                published_at=published,
                shortlist_published_at=now - timedelta(days=3),
            )
            applicants = [demo_consultant, *others[:3]]
            size = 3 if key == "shortlist" else 1
            for n, member in enumerate(applicants):
                expression = _apply(tender, member, 6 - n, published + timedelta(n))
                if n < size:
                    Invitation.objects.create(
                        tender=tender,
                        consultant=member,
                        expression=expression,
                        reason="Окшош келишимдер көп; тажрыйбалуу команда.",
                    )
        Tender.objects.filter(pk=tender.pk).update(**update)
    for tender in Tender.objects.filter(
        contact_email=contact_email, procurement_method="restricted"
    ):
        invited = list(tender.bids.values_list("consultant_id", flat=True))
        invited += [m.pk for m in others if m.pk not in invited]
        for consultant_id in invited[: max(settings.PROCUREMENT_MIN_INVITED, 3)]:
            Invitation.objects.get_or_create(tender=tender, consultant_id=consultant_id)
    return made

"""Demo data for the reports (called by seed_demo): municipalities, tenders,
a training and applications in the demo coordinator's regions (Naryn and
Issyk-Kul), so that their report has something in every section, coverage
gaps among them and red flags raised the way they happen: a single bid, an
award at the estimate, one consultant winning a municipality's tenders, an
amendment days before the deadline, an upheld complaint. Idempotent."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from municipalities.models import District, Municipality
from procurement import crypto, services
from procurement.demo import committee_evaluate
from procurement.models import (
    Bid,
    EvaluationCriterion,
    ReceiptKind,
    Tender,
    TenderStatus,
)
from trainings.models import (
    Attendance,
    Participant,
    Training,
)

DEMO_EMAIL = "reports@demo.kg"  # the contact address marks these tenders

# (key, region, district (ky), kind, ky, ru, en)
MUNICIPALITIES = [
    ("kochkor", "KG-N", "Кочкор району", "ayil_okmotu", "Кочкор айыл өкмөтү",
     "Кочкорский айыл окмоту", "Kochkor Ayil Okmotu"),
    ("at-bashy", "KG-N", "Ат-Башы району", "ayil_okmotu", "Ат-Башы айыл өкмөтү",
     "Ат-Башинский айыл окмоту", "At-Bashy Ayil Okmotu"),
    ("chaek", "KG-N", "Жумгал району", "ayil_okmotu", "Чаек айыл өкмөтү",
     "Чаекский айыл окмоту", "Chaek Ayil Okmotu"),
    ("naryn", "KG-N", "", "town", "Нарын шаарынын мэриясы", "Мэрия города Нарын",
     "Naryn Town Hall"),
    ("tup", "KG-Y", "Түп району", "ayil_okmotu", "Түп айыл өкмөтү",
     "Тюпский айыл окмоту", "Tüp Ayil Okmotu"),
    ("kyzyl-suu", "KG-Y", "Жети-Өгүз району", "ayil_okmotu",
     "Кызыл-Суу айыл өкмөтү", "Кызыл-Суйский айыл окмоту",
     "Kyzyl-Suu Ayil Okmotu"),
    ("karakol", "KG-Y", "", "town", "Каракол шаарынын мэриясы",
     "Мэрия города Каракол", "Karakol Town Hall"),
]  # fmt: skip

# (municipality, area, budget, bid factors, ky, ru, en); the first bidder
# scores best
TENDERS = [
    ("kochkor", "tariffs", "300000", ["0.93"],
     "Ичүүчү суунун тарифин эсептөө", "Расчёт тарифа на питьевую воду",
     "Drinking water tariff calculation"),
    ("kochkor", "development-planning", "400000", ["0.995", "0.97"],
     "Айыл аймактын өнүгүү программасы", "Программа развития айылного аймака",
     "Development programme of the ayil aimak"),
    ("at-bashy", "budget-transparency", "250000", ["0.86", "0.9"],
     "Жарандык бюджетти даярдоо", "Подготовка гражданского бюджета",
     "Preparing a citizens' budget"),
    ("tup", "service-types", "180000", ["0.88", "0.92"],
     "Таштандыны чогултуу кызматын талдоо", "Анализ услуги по сбору мусора",
     "Review of waste collection"),
    ("tup", "tariffs", "220000", ["0.85", "0.9"],
     "Сугат суусунун тарифи", "Тариф на поливную воду",
     "Irrigation water tariff"),
    ("tup", "joint-monitoring", "260000", ["0.9", "0.87"],
     "Коомдук мониторинг системасы", "Система общественного мониторинга",
     "Public monitoring system"),
    ("karakol", "municipal-enterprise", "500000", ["0.8", "0.84"],
     "Муниципалдык ишкананы уюштуруу", "Создание муниципального предприятия",
     "Setting up a municipal enterprise"),
]  # fmt: skip


# their SOATE codes: the register loaded by the migrations has them all
SOATE = {
    "kochkor": "41704235816000",
    "at-bashy": "41704220812000",
    "chaek": "41704230836000",
    "naryn": "41704400000010",
    "tup": "41702225889000",
    "kyzyl-suu": "41702210850000",
    "karakol": "41702410000010",
}


def _municipalities() -> dict:
    made = {}
    for key, region, district, kind, ky, ru, en in MUNICIPALITIES:
        municipality = (
            Municipality.objects.filter(soate=SOATE[key]).first()
            or Municipality.objects.filter(region_id=region, name_ky__iexact=ky).first()
        )
        if municipality is None:
            municipality = Municipality.objects.create(
                region_id=region,
                district=District.objects.filter(
                    region_id=region, name_ky=district
                ).first()
                if district
                else None,
                kind=kind,
                name=ky,
                name_ky=ky,
                name_ru=ru,
                name_en=en,
            )
        made[key] = municipality
    return made


def _members(region: str) -> list[Consultant]:
    return list(
        Consultant.objects.filter(
            home_region_id=region,
            status__in=[NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED],
        ).order_by("id")
    )


def _serve(member: Consultant, region: str, district: str) -> None:
    if not member.districts_served.exists():
        member.districts_served.add(
            *District.objects.filter(region_id=region, name_ky=district)
        )


def _tender(municipality, staff, row, *, published, deadline) -> Tender:
    _key, area, budget, _factors, ky, ru, en = row
    tender = Tender.objects.create(
        municipality=municipality,
        title=ky,
        title_ky=ky,
        title_ru=ru,
        title_en=en,
        description=f"{ky}: техникалык тапшырмага ылайык консультациялык кызматтар.",
        description_ky=f"{ky}: техникалык тапшырмага ылайык консультациялык кызматтар.",
        description_ru=f"{ru}: консультационные услуги согласно техническому заданию.",
        description_en=f"{en}: consulting services under the terms of reference.",
        service_kind="other",
        estimated_budget=Decimal(budget),
        eligibility="registered",
        contact_name=staff.get_full_name(),
        contact_email=DEMO_EMAIL,
        questions_deadline=deadline - timedelta(days=5),
        submission_deadline=deadline,
        opening_at=deadline + timedelta(hours=1),
        created_by=staff,
        status=TenderStatus.PUBLISHED,
        published_at=published,
        status_changed_at=published,
    )
    tender.regions.add(municipality.region)
    tender.expertise_areas.add(*ExpertiseArea.objects.filter(code=area))
    for order, (name, weight) in enumerate(
        [("Методология жана иш планы", 60), ("Команданын тажрыйбасы", 40)], 1
    ):
        EvaluationCriterion.objects.create(
            tender=tender, name=name, name_ky=name, weight=weight, order=order
        )
    return tender


def _bids(tender, bidders, factors, at) -> list[Bid]:
    bids = []
    for index, (consultant, factor) in enumerate(zip(bidders, factors, strict=False)):
        price = (tender.estimated_budget * Decimal(factor)).quantize(Decimal(1))
        moment = at + timedelta(hours=index)
        bid = Bid.objects.create(
            tender=tender,
            consultant=consultant,
            technical_proposal="Иштин ыкмасы: талдоо, коомдук талкуу, долбоор.",
            proposed_team="Команда жетекчиси — 10 жыл тажрыйба",
            conflict_of_interest_declared=True,
            sealed_price=crypto.seal_price(price),
            submitted_at=moment,
        )
        services.receipt_issue(
            bid=bid, kind=ReceiptKind.SUBMITTED, price=price, at=moment
        )
        bids.append(bid)
    return bids


def _evaluate_and_award(tender, bids, staff, *, awarded_at, final=True):
    services.tender_open(tender=tender, by=staff, now=tender.opening_at)
    tender.refresh_from_db()
    base = {bid.pk: Decimal(90 - 8 * index) for index, bid in enumerate(bids)}
    committee_evaluate(tender, bids, staff, base=base)
    tender.refresh_from_db()
    award = services.tender_award(tender=tender, by=staff, now=awarded_at)
    if final:
        services.award_finalize(tender=tender, now=award.standstill_ends_at)
    return award


@transaction.atomic
def seed_report_demo(*, admin, staff, reviewer) -> int:
    """Create the report demo data unless it exists; returns tenders made."""
    if Tender.objects.filter(contact_email=DEMO_EMAIL).exists():
        return 0
    now = timezone.now()
    places = _municipalities()
    naryn, issyk_kul = _members("KG-N"), _members("KG-Y")
    if len(naryn) < 3 or len(issyk_kul) < 2:
        return 0
    _serve(naryn[2], "KG-N", "Кочкор району")
    _serve(issyk_kul[-1], "KG-Y", "Түп району")
    _training(naryn + issyk_kul, admin, now)
    _applications(admin, now)

    def make(index, *, days_ago):
        row = TENDERS[index]
        published = now - timedelta(days=days_ago)
        return _tender(
            places[row[0]],
            staff,
            row,
            published=published,
            deadline=published + timedelta(days=16),
        )

    # a single bid: the tender is unsuccessful, and raises "single bid"
    single = make(0, days_ago=60)
    _bids(single, naryn[:1], TENDERS[0][3], single.published_at + timedelta(days=3))
    services.tender_close(tender=single, now=single.opening_at)
    # awarded at 99.5 % of the estimate, contract signed
    near = make(1, days_ago=55)
    bids = _bids(near, naryn[:2], TENDERS[1][3], near.published_at + timedelta(days=4))
    award = _evaluate_and_award(
        near, bids, staff, awarded_at=near.opening_at + timedelta(days=2)
    )
    services.contract_record(
        tender=near,
        by=staff,
        number="N-01/2026",
        amount=award.amount,
        signed_on=(award.standstill_ends_at + timedelta(days=1)).date(),
        starts_on=(award.standstill_ends_at + timedelta(days=2)).date(),
        ends_on=(award.standstill_ends_at + timedelta(days=92)).date(),
        milestones=[],
    )
    # amended two days before the deadline (which then moved a week on)
    late = make(2, days_ago=50)
    moved = late.submission_deadline + timedelta(days=7)
    services.tender_amend(
        tender=late,
        by=staff,
        changes={
            "submission_deadline": moved,
            "opening_at": moved + timedelta(hours=1),
        },
        summary="Техникалык тапшырмага жарандык бюджеттин үлгүсү кошулду.",
        now=late.submission_deadline - timedelta(days=2),
    )
    late.refresh_from_db()
    bids = _bids(
        late, naryn[1:3], TENDERS[2][3], late.submission_deadline - timedelta(days=1)
    )
    _evaluate_and_award(
        late, bids, staff, awarded_at=late.opening_at + timedelta(days=3)
    )
    # one consultant wins all three of Tüp's tenders
    for index, days_ago in ((3, 75), (4, 62), (5, 48)):
        tender = make(index, days_ago=days_ago)
        bids = _bids(
            tender,
            issyk_kul[:2],
            TENDERS[index][3],
            tender.published_at + timedelta(days=5),
        )
        _evaluate_and_award(
            tender, bids, staff, awarded_at=tender.opening_at + timedelta(days=2)
        )
    # the runner-up's complaint is upheld: back to evaluation
    complained = make(6, days_ago=40)
    bids = _bids(
        complained,
        issyk_kul[:2],
        TENDERS[6][3],
        complained.published_at + timedelta(days=6),
    )
    _evaluate_and_award(complained, bids, staff, awarded_at=now, final=False)
    complaint = services.complaint_file(
        bid=bids[1],
        consultant=bids[1].consultant,
        text="Биздин командабыздын тажрыйбасы туура бааланган жок.",
    )
    # the municipality's explanation, as its staff would have written it
    complaint.explanation = "Баалоо комиссиянын критерийлерине ылайык жүргүзүлдү."
    complaint.explained_at = now
    complaint.save(update_fields=["explanation", "explained_at"])
    services.complaint_decide(
        complaint=complaint,
        by=reviewer,
        decision="upheld",
        reasons="Даттануу негиздүү: сунуштар кайра бааланат.",
        effect="reevaluate",
    )
    return len(TENDERS)


def _training(members, admin, now) -> None:
    title_en = "Local budget transparency and public hearings"
    if Training.objects.filter(title_en=title_en).exists():
        return
    start = (now - timedelta(days=45)).date()
    training = Training.objects.create(
        title="Жергиликтүү бюджеттин ачык-айкындуулугу жана коомдук угуулар",
        title_ky="Жергиликтүү бюджеттин ачык-айкындуулугу жана коомдук угуулар",
        title_ru="Прозрачность местного бюджета и публичные слушания",
        title_en=title_en,
        start_date=start,
        end_date=start + timedelta(days=2),
        region_id="KG-N",
        venue_ky="Нарын шаары",
        venue_ru="город Нарын",
        venue_en="Naryn town",
        organizer="БАЖБА",
        external_participant_count=6,
    )
    training.expertise_areas.add(
        *ExpertiseArea.objects.filter(code="budget-transparency")
    )
    for index, member in enumerate(members[:4]):
        participant = Participant.objects.create(training=training, consultant=member)
        days = training.days if index < 3 else training.days[:1]
        Attendance.objects.bulk_create(
            Attendance(participant=participant, date=day, recorded_by=admin)
            for day in days
        )


def _applications(admin, now) -> None:
    waiting, accepted = "Нарын жаштар демилгеси", "Ысык-Көл жамааттык өнүгүү"
    if Consultant.objects.filter(name_ky__in=[waiting, accepted]).exists():
        return
    Consultant.objects.create(
        kind="organization",
        legal_form="public_foundation",
        name=waiting,
        name_ky=waiting,
        home_region_id="KG-N",
        email="youth@naryn.demo.kg",
        created_at=now - timedelta(days=12),
    )
    member = Consultant.objects.create(
        kind="organization",
        legal_form="public_association",
        name=accepted,
        name_ky=accepted,
        home_region_id="KG-Y",
        email="community@issyk-kul.demo.kg",
        created_at=now - timedelta(days=40),
    )
    member.accept(by=admin)

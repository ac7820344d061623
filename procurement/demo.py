"""Demo tenders for `make run` (called by seed_demo): several municipalities,
one tender or more in every state, with bids, so that every page and the OCDS
output have something real to show. Idempotent: does nothing when demo tenders
exist. Dates are set relative to now; bids of tenders whose deadline has
already passed are written directly, as the services would have written them."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from municipalities.models import MembershipStatus, Municipality, StaffMembership
from portal.accounts.models import Role, User

from . import crypto, services
from .files import PDF, CheckedFile
from .models import (
    Award,
    AwardStatus,
    Bid,
    Complaint,
    ComplaintSubject,
    EvaluationCriterion,
    ReceiptKind,
    Release,
    Tender,
    TenderStatus,
)
from .ocds.backfill import backfill_releases

DEMO_EMAIL = "tenders@demo.kg"  # the contact address marks demo tenders

# (state, municipality, eligibility, expertise, service kind, method, selection,
#  budget, ky, ru, en)
TENDERS = [
    ("draft", "Alamüdün Ayil Okmotu", "registered", "budget-transparency",
     "budget", "open", "consultPrice", "180000",
     "Жарандык бюджетти даярдоо", "Подготовка гражданского бюджета",
     "Preparing a citizens' budget"),
    ("published", "Alamüdün Ayil Okmotu", "registered", "tariffs",
     "tariff", "open", "consultQualityPrice", "350000",
     "Ичүүчү суунун тарифин эсептөө", "Расчёт тарифа на питьевую воду",
     "Drinking water tariff calculation"),
    ("published", "Osh City Hall", "certified", "development-planning",
     "strategy", "open", "consultQualityPrice", "900000",
     "Социалдык-экономикалык өнүгүү программасы 2027–2031",
     "Программа социально-экономического развития на 2027–2031 годы",
     "Socio-economic development programme 2027–2031"),
    ("closed", "Bishkek City Hall", "registered", "tariffs",
     "service_design", "open", "consultQualityPrice", "600000",
     "Катуу тиричилик калдыктарын чогултуу кызматын уюштуруу",
     "Организация услуги по сбору твёрдых бытовых отходов",
     "Organizing solid waste collection"),
    ("opened", "Alamüdün Ayil Okmotu", "registered", "joint-monitoring",
     "monitoring", "open", "consultQualityPrice", "420000",
     "Биргелешкен мониторинг жана баалоо системасы",
     "Система совместного мониторинга и оценки",
     "Joint monitoring and evaluation system"),
    ("evaluated", "Alamüdün Ayil Okmotu", "registered", "municipal-enterprise",
     "enterprise", "restricted", "consultFixedBudget", "500000",
     "Муниципалдык ишкана түзүү", "Создание муниципального предприятия",
     "Setting up a municipal enterprise"),
    ("award_pending", "Alamüdün Ayil Okmotu", "registered", "gender",
     "training", "open", "consultQualityPrice", "250000",
     "Гендердик сезимтал саясат боюнча окутуу",
     "Обучение гендерно-чувствительной политике",
     "Training on gender-sensitive policy"),
    ("awarded", "Osh City Hall", "registered", "legal-framework",
     "other", "open", "consultQuality", "300000",
     "Жергиликтүү коомдоштуктун уставын иштеп чыгуу",
     "Разработка устава местного сообщества",
     "Drafting the local community charter"),
    ("contract_signed", "Alamüdün Ayil Okmotu", "registered", "development-planning",
     "strategy", "open", "consultQualityPrice", "380000",
     "Коомчулук менен биргелешкен аракеттер планы",
     "Совместный план действий с сообществом",
     "Joint action plan with the community"),
    ("completed", "Alamüdün Ayil Okmotu", "registered", "service-types",
     "service_design", "open", "consultQualityPrice", "200000",
     "Жергиликтүү кызмат көрсөтүүлөрдүн түрлөрүн талдоо",
     "Анализ видов местных услуг",
     "Review of local service types"),
    ("cancelled", "Bishkek City Hall", "registered", "budget-transparency",
     "budget", "open", "consultPrice", "150000",
     "Коомдук бюджеттик угууларды өткөрүү",
     "Проведение публичных бюджетных слушаний",
     "Public budget hearings"),
    ("unsuccessful", "Osh City Hall", "registered", "tariffs",
     "tariff", "open", "consultPrice", "120000",
     "Сугат суусунун тарифин эсептөө", "Расчёт тарифа на поливную воду",
     "Irrigation water tariff calculation"),
]  # fmt: skip

PROPOSAL = (
    "Иштин ыкмасы: талдоо, коомчулук менен талкуулар, долбоорду даярдоо жана "
    "жергиликтүү кеңешке сунуштоо.\nМетодика: катышуучулук пландоо."
)
TEAM = "Команда жетекчиси — 12 жыл тажрыйба\nЭкономист — 6 жыл\nЮрист — 8 жыл"


def terms_of_reference_pdf(tender: Tender) -> bytes:
    """A one-page terms of reference rendered by weasyprint."""
    from django.utils.html import escape

    try:
        from weasyprint import HTML
    except ImportError:  # pragma: no cover - weasyprint is a dependency
        return b"%PDF-1.4\n%%EOF\n"
    html = (
        "<html><body style='font-family: DejaVu Sans'>"
        f"<h1>Техникалык тапшырма</h1><h2>{escape(tender.title_ky)}</h2>"
        f"<p>{escape(tender.municipality.name_ky)}</p>"
        f"<p>{escape(tender.description_ky)}</p>"
        "<h3>Күтүлгөн натыйжалар</h3><ol><li>Абалды талдоо</li>"
        "<li>Долбоор жана коомдук талкуу</li><li>Жыйынтык отчет</li></ol>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()


def _attach(tender: Tender) -> None:
    import hashlib

    data = terms_of_reference_pdf(tender)
    services._store_document(
        tender,
        CheckedFile(
            data=data,
            content_type=PDF,
            name="terms-of-reference.pdf",
            sha256=hashlib.sha256(data).hexdigest(),
        ),
        "Техникалык тапшырма",
    )


def _bid(tender, consultant, price: str, *, at, opened: bool) -> Bid:
    """A bid as bid_submit writes it (sealed unless the tender is opened)."""
    amount = Decimal(price)
    bid = Bid.objects.create(
        tender=tender,
        consultant=consultant,
        technical_proposal=PROPOSAL,
        proposed_team=TEAM,
        conflict_of_interest_declared=True,
        sealed_price=None if opened else crypto.seal_price(amount),
        price=amount if opened else None,
        submitted_at=at,
    )
    services.receipt_issue(bid=bid, kind=ReceiptKind.SUBMITTED, price=amount, at=at)
    return bid


# The demo committee of Alamüdün: two colleagues of staff@demo.kg and an
# outside expert (make run prints them with the other demo accounts).
COMMITTEE_ACCOUNTS = [
    ("committee1@demo.kg", "Бакыт Асанбеков", False),
    ("committee2@demo.kg", "Нургүл Осмонова", False),
    ("expert@demo.kg", "Эркин Сыдыков", True),
]


def seed_committee_accounts(*, staff, password: str) -> list[tuple[str, str]]:
    """The demo committee's accounts (idempotent); returns (email,
    description) pairs to print."""
    printed = []
    for email, name, is_expert in COMMITTEE_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "role": Role.CONSULTANT if is_expert else Role.MUNICIPAL_STAFF,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        if not is_expert:
            StaffMembership.objects.get_or_create(
                user=user,
                defaults={
                    "municipality_id": staff.staff_membership.municipality_id,
                    "position": "Баалоо комиссиясынын мүчөсү",
                    "work_phone": "+996312000333",
                    "status": MembershipStatus.CONFIRMED,
                },
            )
        printed.append(
            (
                email,
                "outside expert on the evaluation committees"
                if is_expert
                else "municipal staff, evaluation committee member",
            )
        )
    return printed


def _committee_users(tender, staff) -> tuple[object, list, list]:
    """Who names the committee (by), its staff members and its experts: in
    the demo staff's own municipality the demo committee; elsewhere three
    staff accounts of that municipality made for the demo."""
    if tender.municipality_id == staff.staff_membership.municipality_id:
        accounts = {
            u.email: u
            for u in User.objects.filter(
                email__in=[email for email, _n, _e in COMMITTEE_ACCOUNTS]
            )
        }
        if len(accounts) == len(COMMITTEE_ACCOUNTS):
            colleagues = [accounts[e] for e, _n, x in COMMITTEE_ACCOUNTS if not x]
            experts = [accounts[e] for e, _n, x in COMMITTEE_ACCOUNTS if x]
            return staff, colleagues, experts
    users = []
    for index in range(1, 4):
        user, created = User.objects.get_or_create(
            email=f"committee{index}.{tender.municipality_id}@demo.kg",
            defaults={
                "full_name": f"Комиссиянын мүчөсү {index}",
                "role": Role.MUNICIPAL_STAFF,
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        StaffMembership.objects.get_or_create(
            user=user,
            defaults={
                "municipality_id": tender.municipality_id,
                "position": "Баалоо комиссиясынын мүчөсү",
                "work_phone": "+996312000444",
                "status": MembershipStatus.CONFIRMED,
            },
        )
        users.append(user)
    return users[0], users, []


def committee_name(tender, staff) -> list:
    """Name the demo committee of a tender (nobody has declared yet)."""
    by, colleagues, experts = _committee_users(tender, staff)
    return services.committee_appoint(
        tender=tender, by=by, staff=colleagues, experts=experts
    )


def committee_evaluate(tender, bids, staff, *, base: dict) -> None:
    """The whole two-envelope evaluation, as the committee would do it: each
    member declares and scores (`base[bid.pk]`, a little apart from one
    another), the municipality records the technical result, then opens the
    financial envelopes (the ranking follows)."""
    by, _colleagues, _experts = _committee_users(tender, staff)
    members = committee_name(tender, staff)
    criteria = list(tender.criteria.all())
    for index, member in enumerate(members):
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        scores = {
            (bid.pk, c.pk): min(Decimal(100), base[bid.pk] + (index - 1) * 3)
            for bid in bids
            for c in criteria
        }
        services.member_scores_save(
            member=member, by=member.user, scores=scores, submit=True
        )
    services.technical_evaluation_complete(tender=tender, by=by)
    services.financial_open(tender=tender, by=by)


def _score_and_rank(tender, bids, staff) -> None:
    base = {bid.pk: Decimal(90 - 7 * index) for index, bid in enumerate(bids)}
    if len(bids) > 2:
        base[bids[-1].pk] = Decimal(62)  # below the minimum: disqualified
    committee_evaluate(tender, bids, staff, base=base)


@transaction.atomic
def seed_tenders(*, staff, demo_consultant) -> int:
    """Create the demo tenders unless they exist; returns how many were made."""
    if Tender.objects.filter(contact_email=DEMO_EMAIL).exists():
        return 0
    now = timezone.now()
    members = list(
        Consultant.objects.filter(
            status__in=[NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED]
        )
        .exclude(pk=demo_consultant.pk)
        .order_by("id")[:8]
    )
    municipalities = {m.name_en: m for m in Municipality.objects.all()}
    made = 0
    for number, row in enumerate(TENDERS, start=1):
        (state, place, eligibility, area, kind, method, selection, budget) = row[:8]
        title_ky, title_ru, title_en = row[8:]
        municipality = municipalities.get(place) or staff.staff_membership.municipality
        past = state not in ("draft", "published")
        published = now - timedelta(days=30 if past else 2)
        deadline = now - timedelta(days=14) if past else now + timedelta(days=16)
        if state == "closed":
            deadline = now - timedelta(hours=2)
        tender = Tender.objects.create(
            municipality=municipality,
            title=title_ky,
            title_ky=title_ky,
            title_ru=title_ru,
            title_en=title_en,
            description=f"{title_ky}: техникалык тапшырмага ылайык консультациялык "
            "кызмат көрсөтүүлөр.",
            description_ky=f"{title_ky}: техникалык тапшырмага ылайык "
            "консультациялык кызмат көрсөтүүлөр.",
            description_ru=f"{title_ru}: консультационные услуги согласно "
            "техническому заданию.",
            description_en=f"{title_en}: consulting services under the terms of "
            "reference.",
            service_kind=kind,
            procurement_method=method,
            selection_method=selection,
            estimated_budget=Decimal(budget),
            eligibility=eligibility,
            contact_name=staff.get_full_name(),
            contact_email=DEMO_EMAIL,
            contact_phone="+996312000000",
            questions_deadline=deadline - timedelta(days=5),
            submission_deadline=deadline,
            opening_at=deadline + timedelta(hours=1),
            created_by=staff,
        )
        tender.regions.add(municipality.region)
        tender.expertise_areas.add(*ExpertiseArea.objects.filter(code=area))
        EvaluationCriterion.objects.create(
            tender=tender,
            name="Методология жана иш планы",
            name_ky="Методология жана иш планы",
            name_ru="Методология и план работ",
            name_en="Methodology and work plan",
            weight=60,
            order=1,
        )
        EvaluationCriterion.objects.create(
            tender=tender,
            name="Команданын тажрыйбасы",
            name_ky="Команданын тажрыйбасы",
            name_ru="Опыт команды",
            name_en="Experience of the team",
            weight=40,
            order=2,
        )
        _attach(tender)
        made += 1
        if state == "draft":
            continue
        Tender.objects.filter(pk=tender.pk).update(
            status=TenderStatus.PUBLISHED,
            published_at=published,
            status_changed_at=published,
        )
        tender.refresh_from_db()
        if state == "published":
            if eligibility == "registered":
                services.bid_submit(
                    tender=tender,
                    consultant=demo_consultant,
                    content=services.BidContent(
                        technical_proposal=PROPOSAL,
                        proposed_team=TEAM,
                        price=Decimal(budget) * Decimal("0.9"),
                        conflict_of_interest_declared=True,
                    ),
                )
            services.question_answer(
                question=services.question_ask(
                    tender=tender,
                    consultant=members[0],
                    text="Отчет кайсы тилде тапшырылат?",
                ),
                by=staff,
                text="Кыргыз жана орус тилдеринде.",
            )
            continue
        if state == "cancelled":
            services.tender_cancel(
                tender=tender,
                by=staff,
                reason="no_funds",
                explanation="Жергиликтүү бюджеттеги каражат кайра бөлүштүрүлдү.",
            )
            continue
        # every bid is sealed until its envelope is opened
        opened = False
        bidders = members[:1] if state == "unsuccessful" else members[1:3]
        if state in ("opened", "award_pending", "completed"):
            bidders = [demo_consultant, *bidders]
        if state == "completed":
            bidders = [demo_consultant, members[3]]
        factors = ["0.82", "0.9", "0.95"]
        bids = [
            _bid(
                tender,
                consultant,
                str((Decimal(budget) * Decimal(factors[i])).quantize(Decimal(1))),
                at=published + timedelta(days=3 + i),
                opened=opened,
            )
            for i, consultant in enumerate(bidders)
        ]
        if state == "closed":
            Tender.objects.filter(pk=tender.pk).update(
                status=TenderStatus.CLOSED, status_changed_at=deadline
            )
            continue
        if state == "unsuccessful":
            Tender.objects.filter(pk=tender.pk).update(
                status=TenderStatus.UNSUCCESSFUL, status_changed_at=deadline
            )
            continue
        Tender.objects.filter(pk=tender.pk).update(
            status=TenderStatus.OPENED,
            opened_at=tender.opening_at,
            status_changed_at=tender.opening_at,
        )
        tender.refresh_from_db()
        if state == "opened":
            # the committee is named; staff@demo.kg sits on it and declares
            # on the evaluation page before reading the bids
            by, colleagues, experts = _committee_users(tender, staff)
            services.committee_appoint(
                tender=tender,
                by=staff,
                staff=[staff, colleagues[0]],
                experts=experts,
            )
            continue
        if state == "award_pending":
            # the demo consultant is the runner-up and may complain
            bids = [bids[1], bids[0], *bids[2:]]
        _score_and_rank(tender, bids, staff)
        tender.refresh_from_db()
        if state == "evaluated":
            continue
        award = services.tender_award(tender=tender, by=staff)
        tender.refresh_from_db()
        if state == "award_pending":
            continue
        notified = now - timedelta(days=12)
        Award.objects.filter(pk=award.pk).update(
            notified_at=notified,
            standstill_ends_at=notified + timedelta(days=10),
            status=AwardStatus.FINAL,
            final_at=notified + timedelta(days=10),
        )
        tender.finalize_award()
        if state == "awarded":
            continue
        today = timezone.localdate()
        services.contract_record(
            tender=tender,
            by=staff,
            number=f"{number:03d}/2026",
            amount=Award.objects.get(pk=award.pk).amount,
            signed_on=today - timedelta(days=1),
            starts_on=today,
            ends_on=today + timedelta(days=90),
            milestones=[
                {"title": "Абалды талдоо", "due_on": today + timedelta(days=30)},
                {"title": "Жыйынтык отчет", "due_on": today + timedelta(days=90)},
            ],
        )
        if state == "completed":
            tender.refresh_from_db()
            services.contract_complete(
                contract=tender.contract,
                by=staff,
                rating=5,
                comment="Иш мөөнөтүндө жана сапаттуу аткарылды.",
            )
    from .demo_methods import seed_method_tenders

    made += seed_method_tenders(
        staff=staff,
        demo_consultant=demo_consultant,
        members=members,
        contact_email=DEMO_EMAIL,
        attach=_attach,
    )

    # The demo's history is backdated by hand, partly around the services:
    # its releases are reconstructed from the result, as for old tenders.
    Release.objects.filter(tender__contact_email=DEMO_EMAIL).delete()
    backfill_releases()
    return made


def seed_complaints(*, staff, reviewer, demo_consultant) -> int:
    """Complaints on the demo tenders, one at each step: a decided complaint
    about an evaluation (rejected), a complaint about terms that suspended a
    tender (partly upheld), and one about terms awaiting the municipality's
    explanation (the demo consultant's; staff@demo.kg answers it, then
    reviewer@demo.kg decides). Idempotent."""
    demo = Tender.objects.filter(contact_email=DEMO_EMAIL)
    if Complaint.objects.filter(tender__in=demo).exists():
        return 0
    made = 0
    awarded = demo.filter(status=TenderStatus.AWARDED).first()
    if awarded is not None:
        award = awarded.award
        runner_up = awarded.bids.filter(rank=2).first()
        if runner_up is not None:
            filed = award.notified_at + timedelta(days=2)
            Complaint.objects.create(
                tender=awarded,
                subject=ComplaintSubject.EVALUATION,
                consultant=runner_up.consultant,
                bid=runner_up,
                text="Биздин командабыздын тажрыйбасы туура бааланган жок.",
                filed_at=filed,
                explanation="Тажрыйба техникалык тапшырмадагы критерий боюнча "
                "бааланды; баалар протоколдо.",
                explained_at=filed + timedelta(days=1),
                decision="rejected",
                effect="none",
                answer="Баалоо критерийлерге ылайык жүргүзүлгөн; бузуу табылган жок.",
                answered_at=filed + timedelta(days=3),
                answered_by=reviewer,
            )
            made += 1
    suspended = demo.filter(
        status=TenderStatus.PUBLISHED, eligibility="certified"
    ).first()
    member = (
        Consultant.objects.filter(status=NetworkStatus.PROVISIONAL)
        .exclude(pk=demo_consultant.pk)
        .first()
    )
    if suspended is not None and member is not None:
        filed = timezone.now() - timedelta(days=1, hours=6)
        Complaint.objects.create(
            tender=suspended,
            subject=ComplaintSubject.TERMS,
            consultant=member,
            text="Тажрыйба боюнча талап (10 жыл) атаандаштыкты чектейт.",
            filed_at=filed,
            explanation="Талап программанын татаалдыгынан улам коюлган.",
            explained_at=filed + timedelta(hours=4),
            decision="partly_upheld",
            effect="suspend",
            answer="Талап ашыкча: мэрия аны 5 жылга чейин кыскартып, жаңы мөөнөт "
            "белгилеши керек.",
            answered_at=filed + timedelta(days=1),
            answered_by=reviewer,
        )
        suspended.suspend()
        made += 1
    pending = demo.filter(
        status=TenderStatus.PUBLISHED, municipality=staff.staff_membership.municipality
    ).first()
    if pending is not None:
        services.complaint_file(
            tender=pending,
            consultant=demo_consultant,
            subject=ComplaintSubject.TERMS,
            text="Техникалык тапшырмада тарифтин эсебинин мөөнөтү көрсөтүлгөн эмес.",
        )
        made += 1
    return made

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from consultants.models import NetworkStatus
from procurement import services
from procurement.files import check_upload
from procurement.models import EvaluationCriterion, Tender, TenderStatus
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import MunicipalityFactory


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF (A4 blank pages), as an office program would save it."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<wb/>"})


def odt_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}
    )


def pdf_upload(name="proposal.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def certified_consultant(**kwargs):
    kwargs.setdefault("user", ConsultantUserFactory())
    kwargs.setdefault("status", NetworkStatus.CERTIFIED)
    return ConsultantFactory(**kwargs)


class TenderFactory(factory.django.DjangoModelFactory):
    """A complete draft: publishing it needs nothing more."""

    class Meta:
        model = Tender
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Өнүгүү стратегиясы {n}")
    title_ky = factory.SelfAttribute("title")
    title_ru = factory.Sequence(lambda n: f"Стратегия развития {n}")
    title_en = factory.Sequence(lambda n: f"Development strategy {n}")
    description = "Айыл аймактын 2027–2031-жылдарга өнүгүү стратегиясын иштеп чыгуу."
    description_ky = factory.SelfAttribute("description")
    description_ru = "Разработка стратегии развития айыл аймака на 2027–2031 годы."
    service_kind = "strategy"
    procurement_method = "open"
    selection_method = "consultQualityPrice"
    estimated_budget = Decimal("500000.00")
    eligibility = "certified"
    contact_name = "Айгүл Асанова"
    contact_email = "tenders@aimak.kg"
    technical_weight = 80
    min_technical_score = Decimal("70.00")
    questions_deadline = factory.LazyFunction(
        lambda: timezone.now() + timedelta(days=10)
    )
    submission_deadline = factory.LazyFunction(
        lambda: timezone.now() + timedelta(days=15)
    )
    opening_at = factory.LazyAttribute(
        lambda o: o.submission_deadline + timedelta(hours=1)
    )

    @factory.post_generation
    def complete(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.regions.add(obj.municipality.region)
        obj.expertise_areas.add(ExpertiseAreaFactory(code="strategy-test"))
        EvaluationCriterion.objects.create(
            tender=obj, name="Методология", name_ky="Методология", weight=60, order=1
        )
        EvaluationCriterion.objects.create(
            tender=obj, name="Команда", name_ky="Команда", weight=40, order=2
        )
        services._store_document(obj, check_upload(pdf_upload("tor.pdf")), "ТТ")


def published_tender(**kwargs) -> Tender:
    """Published by the model's transition, without the outbox event of the
    service (tests count those), but with its OCDS release as the service's."""
    from procurement.ocds import record_release

    tender = TenderFactory(**kwargs)
    tender.publish()
    record_release("tender.published", tender)
    return tender


def bid_content(price="400000", files=(), **kwargs) -> services.BidContent:
    values = {
        "technical_proposal": "Методология: катышуучулук менен пландоо.",
        "proposed_team": "Асан Үсөнов — команда жетекчиси, 10 жыл",
        "price": Decimal(price),
        "conflict_of_interest_declared": True,
        "files": tuple(files),
    }
    values.update(kwargs)
    return services.BidContent(**values)


def submit_bid(tender, consultant, price="400000", **kwargs):
    return services.bid_submit(
        tender=tender, consultant=consultant, content=bid_content(price, **kwargs)
    )


def move_past(moment, seconds=1):
    """A time-machine destination just after a moment."""
    return moment + timedelta(seconds=seconds)


def sealed_bid_roles(tender, *, bidder, other, staff, academy_admin, **more) -> dict:
    """Who looks at a tender with sealed bids, by role (None: anonymous): the
    bidder and another bidder, the tender's staff and another municipality's,
    the region's coordinator, the academy, and `more`."""
    from tests.accounts.factories import CoordinatorFactory
    from tests.municipalities.factories import StaffMembershipFactory

    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(tender.municipality.region)
    return {
        "anonymous": None,
        "bidder": bidder.user,
        "other_bidder": other.user,
        "municipal_staff": staff,
        "other_staff": StaffMembershipFactory().user,
        "coordinator": coordinator,
        "academy_admin": academy_admin,
        **more,
    }


def name_committee(tender, staff, *, size=3, experts=(), with_staff=False):
    """A committee of `size` people named by `staff`: new colleagues of the
    same municipality (and `staff` too with `with_staff`), plus `experts`.
    Returns the members."""
    from tests.municipalities.factories import StaffMembershipFactory

    own = [staff] if with_staff else []
    colleagues = [
        StaffMembershipFactory(municipality=tender.municipality).user
        for _ in range(size - len(own) - len(experts))
    ]
    return services.committee_appoint(
        tender=tender, by=staff, staff=[*own, *colleagues], experts=list(experts)
    )


def committee_scores(tender, members, scores, *, spread=None, submit=True):
    """Each member declares and gives `scores` ({(bid_id, criterion_id):
    score}); with `spread`, member i gives score + spread[i]."""
    for index, member in enumerate(members):
        services.committee_declare(member=member, by=member.user, no_conflict=True)
        shift = Decimal(spread[index]) if spread else Decimal(0)
        own = {key: value + shift for key, value in scores.items()}
        services.member_scores_save(
            member=member, by=member.user, scores=own, submit=submit
        )


def tender_at_status(status: str, *, bidders=2, staff=None, prices=None):
    """A tender driven through the real services up to a status, with bids from
    `bidders` certified consultants. Returns (tender, bids)."""
    import time_machine

    from tests.municipalities.factories import StaffMembershipFactory

    staff = staff or StaffMembershipFactory().user
    tender = published_tender(municipality=staff.staff_membership.municipality)
    prices = prices or ["400000", "450000", "380000"][:bidders]
    bids = []
    for price in prices:
        receipt = submit_bid(tender, certified_consultant(), price)
        bids.append(receipt.bid)
    if status == TenderStatus.PUBLISHED:
        return tender, bids
    with time_machine.travel(move_past(tender.opening_at), tick=False):
        services.tender_close(tender=tender)
        tender.refresh_from_db()
        if status in (TenderStatus.CLOSED, TenderStatus.UNSUCCESSFUL):
            return tender, bids
        services.tender_open(tender=tender, by=staff)
        members = name_committee(tender, staff)
        if status == TenderStatus.OPENED:
            tender.refresh_from_db()
            return tender, bids
        scores = {}
        for index, bid in enumerate(bids):
            for criterion in tender.criteria.all():
                scores[(bid.pk, criterion.pk)] = Decimal(90 - 5 * index)
        committee_scores(tender, members, scores)
        services.technical_evaluation_complete(tender=tender, by=staff)
        services.financial_open(tender=tender, by=staff)
        tender.refresh_from_db()
        if status == TenderStatus.EVALUATED:
            return tender, bids
        services.tender_award(tender=tender, by=staff)
        tender.refresh_from_db()
    if status == TenderStatus.AWARD_PENDING:
        return tender, bids
    award = tender.award
    with time_machine.travel(move_past(award.standstill_ends_at), tick=False):
        services.award_finalize(tender=tender)
        tender.refresh_from_db()
        if status == TenderStatus.AWARDED:
            return tender, bids
        today = timezone.localdate()
        services.contract_record(
            tender=tender,
            by=staff,
            number="K-1",
            amount=award.amount,
            signed_on=today,
            starts_on=today,
            ends_on=today + timedelta(days=90),
            milestones=[{"title": "Долбоор", "due_on": today + timedelta(days=30)}],
        )
        tender.refresh_from_db()
        if status == TenderStatus.CONTRACT_SIGNED:
            return tender, bids
        services.contract_complete(
            contract=tender.contract, by=staff, rating=5, comment="Жакшы иш."
        )
        tender.refresh_from_db()
    return tender, bids


def subscriber(
    region_code="KG-N", expertise_code="strategy-test", language="ky", **kwargs
):
    """A certified consultant whose account subscribes to tenders of a region
    in an expertise area (the TenderFactory's defaults match)."""
    from procurement.models import TenderSubscription
    from tests.municipalities.factories import region

    kwargs.setdefault("user", ConsultantUserFactory(preferred_language=language))
    consultant = certified_consultant(**kwargs)
    TenderSubscription.objects.create(
        user=consultant.user,
        region=region(region_code) if region_code else None,
        expertise=(
            ExpertiseAreaFactory(code=expertise_code) if expertise_code else None
        ),
    )
    return consultant

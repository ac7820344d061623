"""The world the access matrix is checked in: the demo data (``seed_demo``:
tenders in every state and method, bids opened and sealed, files, documents,
certificates, trainings, consultation requests, ratings, complaints, reports,
claims, staff requests), the eleven roles, and one sealed bid full of canary
strings that nobody but its bidder may ever read."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO, StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pypdf import PdfWriter

ROLES = (
    "anonymous",
    "consultant_a",  # the demo member, the canary bid's bidder
    "consultant_b",  # another certified member, a rival bidder
    "staff_owner",  # municipal staff of the tenders' municipality (Alamüdün)
    "staff_other",  # confirmed staff of another municipality
    "staff_pending",  # signed up as staff, not confirmed (the demo's pending)
    "coordinator_region",  # coordinator of Chüy (the tenders) and Naryn
    "coordinator_other",  # coordinator of Batken only
    "academy_admin",
    "no_role",  # a signed-up account with no role
    "superuser",
)

# Unique strings in the sealed canary bid. None may appear in any response
# to anyone but the bidder, before the opening.
CANARY_TEXT = "CANARY-TECH-5c1e9a"
CANARY_TEAM = "CANARY-TEAM-7d24bf"
CANARY_CONFLICT = "CANARY-CONFLICT-90ab3e"
CANARY_FILE_NAME = "canary-file-e41f07.pdf"
CANARY_DRAFT_NAME = "canary-draft-b83c52.pdf"
CANARY_FILE_CONTENT = "CANARY-CONTENT-3f6d1a"
CANARY_PRICE = "987654.31"
CANARIES = (
    CANARY_TEXT,
    CANARY_TEAM,
    CANARY_CONFLICT,
    CANARY_FILE_NAME,
    CANARY_DRAFT_NAME,
    CANARY_FILE_CONTENT,
    "canary-file-e41f07",  # the file name without its extension
    "canary-draft-b83c52",
)
# the price however a page, an export or JSON writes it
CANARY_PRICE_PATTERN = r"987[\s\u00a0\u202f,.]?654[.,]31"


def canary_pdf(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": CANARY_FILE_CONTENT})
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@dataclass
class World:
    users: dict  # role -> User or None
    objects: dict = field(default_factory=dict)  # name -> model instance


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def build_world() -> World:
    from django.contrib.auth import get_user_model

    from consultants.models import Consultant
    from municipalities.models import Municipality, StaffMembership
    from procurement import services
    from procurement.files import check_upload
    from procurement.models import Tender, TenderStatus
    from tests.accounts.factories import CoordinatorFactory, UserFactory
    from tests.municipalities.factories import StaffMembershipFactory, region
    from tests.notifications.helpers import deliver
    from tests.procurement.factories import (
        bid_content,
        certified_consultant,
        published_tender,
    )

    call_command("seed_demo", stdout=StringIO())
    User = get_user_model()
    alamudun = Municipality.objects.get(name_en="Alamüdün Ayil Okmotu")
    coordinator = User.objects.get(email="coordinator@demo.kg")
    alamudun.region.coordinators.add(coordinator)
    other_coordinator = CoordinatorFactory()
    region("KG-B").coordinators.add(other_coordinator)
    member_a = Consultant.objects.get(user__email="consultant@demo.kg")
    member_b = certified_consultant()
    users = {
        "anonymous": None,
        "consultant_a": member_a.user,
        "consultant_b": member_b.user,
        "staff_owner": User.objects.get(email="staff@demo.kg"),
        "staff_other": StaffMembershipFactory().user,
        "staff_pending": User.objects.get(email="pending@demo.kg"),
        "coordinator_region": coordinator,
        "coordinator_other": other_coordinator,
        "academy_admin": User.objects.get(email="admin@demo.kg"),
        "no_role": UserFactory(),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    assert set(users) == set(ROLES)

    # the canary: a published tender of Alamüdün, anyone registered may bid
    tender = published_tender(
        municipality=alamudun, eligibility="registered", title="Канарейка тендери"
    )
    services.bid_submit(
        tender=tender, consultant=member_b, content=bid_content("450000.00")
    )
    canary = services.bid_submit(
        tender=tender,
        consultant=member_a,
        content=bid_content(
            CANARY_PRICE,
            technical_proposal=f"Методология {CANARY_TEXT}",
            proposed_team=f"Команда {CANARY_TEAM}",
            conflict_of_interest_declared=True,
            conflict_of_interest_note=f"Эскертүү {CANARY_CONFLICT}",
            files=[("technical", check_upload(canary_pdf(CANARY_FILE_NAME)))],
        ),
    ).bid
    drafts = services.bid_drafts_keep(
        tender=tender,
        consultant=member_a,
        files=(("financial", check_upload(canary_pdf(CANARY_DRAFT_NAME))),),
    )
    assert drafts, "the canary draft file was not kept"
    deliver()  # notifications reach the notification centre

    from consultants.models import ConsultantRating, ProfileClaim
    from consultations.models import ConsultationRequest, MunicipalityRating
    from portal.notifications.models import Notification
    from procurement.models import Complaint, Question, TenderDocument
    from trainings.models import Certificate, CertificationProgramme, Training

    def tender_in(*statuses):
        return _first(Tender, status__in=statuses)

    objects = {
        "tender": tender,
        "canary_bid": canary,
        "canary_file": canary.files.get(),
        "canary_draft": drafts[0],
        "canary_receipt": canary.receipts.order_by("pk").first(),
        "member_a": member_a,
        "member_b": member_b,
        "municipality": alamudun,
        "draft_tender": tender_in(TenderStatus.DRAFT),
        "opened_tender": tender_in(TenderStatus.OPENED),
        "evaluated_tender": tender_in("evaluated"),
        "awarded_tender": tender_in("awarded"),
        "interest_tender": tender_in("interest"),
        "shortlisted_tender": tender_in("shortlisted"),
        "suspended_tender": tender_in("suspended"),
        "document": _first(TenderDocument, tender=tender),
        "draft_document": _first(TenderDocument, tender__status=TenderStatus.DRAFT),
        "question": _first(Question),
        "complaint": _first(Complaint),
        "pending_membership": _first(StaffMembership, user=users["staff_pending"]),
        "claim": _first(ProfileClaim),
        "consultant_rating": _first(ConsultantRating, consultant=member_a),
        "municipality_rating": _first(MunicipalityRating),
        "consultation": _first(ConsultationRequest),
        "notification": _first(Notification, recipient=member_a.user),
        "training": _first(Training),
        "programme": _first(CertificationProgramme),
        "certificate": _first(Certificate),
        "reviewer": User.objects.get(email="reviewer@demo.kg"),
        "coordinator": coordinator,
    }
    return World(users=users, objects=objects)

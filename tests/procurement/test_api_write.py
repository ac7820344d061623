"""Writing through the REST API: the pages' permissions, forms and services
behind another door. 404 when the tender (or bid) is not visible, 403 when it
is but the user may not act, 400 for a form error, 409 for a refusal by the
rules. The sealed rule holds for every new response."""

import re
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from procurement.crypto import unseal_price
from procurement.models import (
    Amendment,
    Bid,
    BidReceipt,
    BidStatus,
    Question,
    Tender,
    TenderStatus,
)
from tests.consultants.factories import ExpertiseAreaFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    PDF_BYTES,
    TenderFactory,
    certified_consultant,
    docx_bytes,
    move_past,
    submit_bid,
)

ROOT = Path(__file__).resolve().parents[2]
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture
def client_for():
    """Signed-in API clients that ask for English (the API, like the pages,
    answers in the request's language, Kyrgyz by default)."""

    def make(user, language="en"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def roles(db, academy_admin, municipal_staff, coordinator, consultant):
    """Everyone who is not the owning municipality's staff or the bidder."""
    return {
        "anonymous": None,
        "other_staff": StaffMembershipFactory().user,
        "coordinator": coordinator,
        "consultant": consultant.user,
        "academy_admin": academy_admin,
    }


def own_tender(staff, **kwargs):
    return TenderFactory(municipality=staff.staff_membership.municipality, **kwargs)


def own_published(staff, **kwargs):
    tender = own_tender(staff, **kwargs)
    tender.publish()
    return tender


def tender_body(**overrides):
    area = ExpertiseAreaFactory(code="tariffs-api")
    now = timezone.now()
    body = {
        "title_ky": "Тарифтерди эсептөө",
        "description_ky": "Суу тарифин эсептөө.",
        "service_kind": "strategy",
        "expertise_areas": [area.code],
        "procurement_method": "open",
        "selection_method": "consultQualityPrice",
        "estimated_budget": "350000.00",
        "regions": ["KG-C"],
        "eligibility": "certified",
        "technical_weight": 80,
        "min_technical_score": "70",
        "questions_deadline": (now + timedelta(days=8)).isoformat(),
        "submission_deadline": (now + timedelta(days=16)).isoformat(),
        "opening_at": (now + timedelta(days=16, hours=1)).isoformat(),
        "contact_name": "Айгүл",
        "contact_email": "a@aimak.kg",
        "criteria": [
            {"name_ky": "Методология", "weight": 70, "order": 1},
            {"name_ky": "Команда", "weight": 30, "order": 2},
        ],
    }
    body.update(overrides)
    return body


def bid_body(price="300000", **overrides):
    body = {
        "technical_proposal": "Катышуучулук менен пландоо.",
        "proposed_team": "Асан Үсөнов — жетекчи",
        "price": price,
        "conflict_of_interest_declared": "true",
        "technical_files": [SimpleUploadedFile("approach.pdf", PDF_BYTES)],
        "cv_files": [SimpleUploadedFile("cv.docx", docx_bytes())],
    }
    body.update(overrides)
    return body


def _multipart(data):
    return encode_multipart(BOUNDARY, data)


_MULTIPART = MULTIPART_CONTENT


def post_json(client, url, body=None, **extra):
    return client.post(url, body or {}, content_type="application/json", **extra)


def patch_json(client, url, body, **extra):
    return client.patch(url, body, content_type="application/json", **extra)


# --------------------------------------------------------------------- tenders
@pytest.mark.django_db
class TestTenderCreate:
    def test_staff_create_a_draft_of_their_municipality(
        self, client_for, municipal_staff
    ):
        response = post_json(
            client_for(municipal_staff), "/api/v1/tenders/", tender_body()
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        tender = Tender.objects.get(pk=body["id"])
        assert tender.municipality == municipal_staff.staff_membership.municipality
        assert tender.status == TenderStatus.DRAFT == body["status"]
        assert body["expertise_areas"] == ["tariffs-api"]
        assert body["regions"] == ["KG-C"]
        assert [(c.name_ky, c.weight) for c in tender.criteria.all()] == [
            ("Методология", 70),
            ("Команда", 30),
        ]
        assert tender.created_by == municipal_staff

    @pytest.mark.parametrize(
        "role", ["anonymous", "coordinator", "consultant", "academy_admin"]
    )
    def test_others_refused(self, client_for, roles, role):
        response = post_json(client_for(roles[role]), "/api/v1/tenders/", tender_body())
        assert response.status_code == 403
        assert not Tender.objects.exists()

    def test_form_errors_are_400_by_field(self, client_for, municipal_staff):
        body = tender_body(title_ky="", description_ky="", estimated_budget="x")
        body["questions_deadline"] = body["opening_at"]
        response = post_json(client_for(municipal_staff), "/api/v1/tenders/", body)
        assert response.status_code == 400
        errors = response.json()
        assert errors["title_ky"] == [
            "Give the title in Kyrgyz; Russian and English are optional."
        ]
        assert errors["estimated_budget"] == ["Enter a number."]
        assert not Tender.objects.exists()

    def test_errors_in_the_requests_language(self, client_for, municipal_staff):
        body = tender_body(estimated_budget="x", contact_email="")
        response = post_json(
            client_for(municipal_staff),
            "/api/v1/tenders/",
            body,
            HTTP_ACCEPT_LANGUAGE="ru",
        )
        assert response.status_code == 400
        assert response.json()["estimated_budget"] == ["Введите число."]
        assert response.json()["contact_email"] == ["Обязательное поле."]

    def test_criteria_must_be_a_list_of_objects(self, client_for, municipal_staff):
        body = tender_body(criteria="Методология")
        response = post_json(client_for(municipal_staff), "/api/v1/tenders/", body)
        assert response.status_code == 400
        assert "criteria" in response.json()

    def test_csrf_is_checked_for_session_users(self, municipal_staff):
        client = Client(enforce_csrf_checks=True)
        client.force_login(municipal_staff)
        response = post_json(client, "/api/v1/tenders/", tender_body())
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]
        assert not Tender.objects.exists()


@pytest.mark.django_db
class TestTenderEdit:
    def test_staff_change_a_draft_partially(self, client_for, municipal_staff):
        tender = own_tender(municipal_staff)
        budget_before = tender.estimated_budget
        response = patch_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/",
            {
                "title_en": "Tariff study",
                "criteria": [{"name_en": "All", "weight": 100}],
            },
        )
        assert response.status_code == 200, response.json()
        tender.refresh_from_db()
        assert tender.title_en == "Tariff study"
        assert tender.title_ky.startswith("Өнүгүү")  # kept
        assert tender.estimated_budget == budget_before
        assert [(c.name_en, c.weight) for c in tender.criteria.all()] == [("All", 100)]
        assert response.json()["title_en"] == "Tariff study"

    def test_without_criteria_they_are_kept(self, client_for, municipal_staff):
        tender = own_tender(municipal_staff)
        response = patch_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/",
            {"estimated_budget": "420000"},
        )
        assert response.status_code == 200, response.json()
        tender.refresh_from_db()
        assert tender.estimated_budget == Decimal("420000.00")
        assert tender.criteria.count() == 2

    def test_published_tender_is_amended_not_edited(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = patch_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/",
            {"estimated_budget": "1"},
        )
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "Only a draft can be edited; amend a published tender."
        )
        tender.refresh_from_db()
        assert tender.estimated_budget == Decimal("500000.00")

    @pytest.mark.parametrize(
        ("role", "draft_status", "published_status"),
        [
            ("anonymous", 403, 403),
            ("other_staff", 404, 403),
            ("coordinator", 404, 403),
            ("consultant", 404, 403),
            ("academy_admin", 404, 403),
        ],
    )
    def test_others_refused(
        self, client_for, roles, municipal_staff, role, draft_status, published_status
    ):
        client = client_for(roles[role])
        draft = own_tender(municipal_staff)
        published = own_published(municipal_staff)
        for tender, expected in ((draft, draft_status), (published, published_status)):
            response = patch_json(
                client, f"/api/v1/tenders/{tender.pk}/", {"title_en": "Hijacked"}
            )
            assert response.status_code == expected
            tender.refresh_from_db()
            assert tender.title_en != "Hijacked"


@pytest.mark.django_db
class TestTenderDocuments:
    def test_create_attach_and_publish(self, client_for, municipal_staff):
        client = client_for(municipal_staff)
        tender_id = post_json(client, "/api/v1/tenders/", tender_body()).json()["id"]
        publish = f"/api/v1/tenders/{tender_id}/publish/"
        refused = post_json(client, publish)
        assert refused.status_code == 409  # no terms of reference yet
        url = f"/api/v1/tenders/{tender_id}/documents/"
        disguised = SimpleUploadedFile("tor.pdf", b"MZ\x90\x00 executable")
        response = client.post(url, {"title": "ТТ", "file": disguised})
        assert response.status_code == 400
        assert response.json()["file"] == [
            "tor.pdf is not a PDF, DOCX, XLSX or ODT document."
        ]
        response = client.post(
            url, {"title": "ТТ", "file": SimpleUploadedFile("tor.pdf", PDF_BYTES)}
        )
        assert response.status_code == 201
        assert post_json(client, publish).status_code == 200
        assert Tender.objects.get(pk=tender_id).status == TenderStatus.PUBLISHED
        late = client.post(
            url, {"title": "ТТ2", "file": SimpleUploadedFile("t.pdf", PDF_BYTES)}
        )
        assert late.status_code == 409
        assert Tender.objects.get(pk=tender_id).documents.count() == 1

    @pytest.mark.parametrize(
        ("role", "expected"),
        [("anonymous", 403), ("other_staff", 404), ("consultant", 404)],
    )
    def test_others_refused(self, client_for, roles, municipal_staff, role, expected):
        tender = own_tender(municipal_staff)
        response = client_for(roles[role]).post(
            f"/api/v1/tenders/{tender.pk}/documents/",
            {"title": "x", "file": SimpleUploadedFile("x.pdf", PDF_BYTES)},
        )
        assert response.status_code == expected
        assert tender.documents.count() == 1


@pytest.mark.django_db
class TestTenderPublish:
    def test_staff_publish(self, client_for, municipal_staff):
        tender = own_tender(municipal_staff)
        response = post_json(
            client_for(municipal_staff), f"/api/v1/tenders/{tender.pk}/publish/"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "published"
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED and tender.published_at

    def test_too_short_deadline_refused_with_message(self, client_for, municipal_staff):
        tender = own_tender(
            municipal_staff,
            questions_deadline=timezone.now() + timedelta(days=1),
            submission_deadline=timezone.now() + timedelta(days=3),
        )
        response = post_json(
            client_for(municipal_staff), f"/api/v1/tenders/{tender.pk}/publish/"
        )
        assert response.status_code == 409
        assert "at least 14 days" in response.json()["detail"]
        tender.refresh_from_db()
        assert tender.status == TenderStatus.DRAFT

    def test_publishing_twice_refused(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(municipal_staff), f"/api/v1/tenders/{tender.pk}/publish/"
        )
        assert response.status_code == 409
        assert response.json()["detail"] == "Only a draft tender can be published."

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("anonymous", 403),
            ("other_staff", 404),
            ("coordinator", 404),
            ("consultant", 404),
            ("academy_admin", 404),
        ],
    )
    def test_others_refused(self, client_for, roles, municipal_staff, role, expected):
        tender = own_tender(municipal_staff)
        response = post_json(
            client_for(roles[role]), f"/api/v1/tenders/{tender.pk}/publish/"
        )
        assert response.status_code == expected
        tender.refresh_from_db()
        assert tender.status == TenderStatus.DRAFT


@pytest.mark.django_db
class TestTenderAmend:
    def test_amendment_logged_and_bidders_asked_to_confirm(
        self, client_for, municipal_staff
    ):
        tender = own_published(municipal_staff)
        bid = submit_bid(tender, certified_consultant()).bid
        new_deadline = tender.submission_deadline + timedelta(days=2)
        response = post_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/amend/",
            {
                "summary": "Мөөнөт узартылды.",
                "submission_deadline": new_deadline.isoformat(),
                "opening_at": (new_deadline + timedelta(hours=1)).isoformat(),
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["number"] == 1
        assert set(body["changes"]) == {"submission_deadline", "opening_at"}
        tender.refresh_from_db()
        assert tender.submission_deadline == new_deadline
        assert tender.estimated_budget == Decimal("500000.00")  # not given: kept
        bid.refresh_from_db()
        assert bid.needs_confirmation
        log = client_for(None).get(f"/api/v1/tenders/{tender.pk}/amendments/")
        assert log.status_code == 200
        assert [a["summary"] for a in log.json()] == ["Мөөнөт узартылды."]

    def test_staff_without_a_municipality_refused(self, client_for):
        from tests.accounts.factories import MunicipalStaffUserFactory

        response = post_json(
            client_for(MunicipalStaffUserFactory()), "/api/v1/tenders/", tender_body()
        )
        assert response.status_code == 403

    def test_nothing_changed_refused(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/amend/",
            {"summary": "Эч нерсе."},
        )
        assert response.status_code == 409
        assert response.json()["detail"] == "Nothing was changed."
        assert not Amendment.objects.exists()

    def test_summary_required(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/amend/",
            {"estimated_budget": "600000"},
        )
        assert response.status_code == 400
        assert response.json()["summary"] == ["This field is required."]

    def test_late_change_must_extend_the_deadline(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        with time_machine.travel(tender.submission_deadline - timedelta(days=2)):
            response = post_json(
                client_for(municipal_staff),
                f"/api/v1/tenders/{tender.pk}/amend/",
                {"summary": "Бюджет.", "estimated_budget": "600000"},
            )
        assert response.status_code == 409
        assert "must extend the submission deadline" in response.json()["detail"]

    def test_disguised_document_refused(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = client_for(municipal_staff).post(
            f"/api/v1/tenders/{tender.pk}/amend/",
            {
                "summary": "Жаңы документ.",
                "document": SimpleUploadedFile("tor2.pdf", b"MZ\x90\x00 exe"),
            },
        )
        assert response.status_code == 400
        assert response.json()["document"] == [
            "tor2.pdf is not a PDF, DOCX, XLSX or ODT document."
        ]
        assert tender.documents.count() == 1

    @pytest.mark.parametrize(
        "role", ["anonymous", "other_staff", "coordinator", "consultant"]
    )
    def test_others_refused(self, client_for, roles, municipal_staff, role):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(roles[role]),
            f"/api/v1/tenders/{tender.pk}/amend/",
            {"summary": "x", "estimated_budget": "1"},
        )
        assert response.status_code == 403
        assert not Amendment.objects.exists()


@pytest.mark.django_db
class TestTenderCancel:
    def test_staff_cancel_with_reason(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/cancel/",
            {"reason": "no_funds", "explanation": "Каражат жок."},
        )
        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["status"], body["cancel_reason"]) == ("cancelled", "no_funds")
        assert body["cancel_explanation"] == "Каражат жок."

    def test_reason_and_explanation_required(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(municipal_staff),
            f"/api/v1/tenders/{tender.pk}/cancel/",
            {"reason": "whim"},
        )
        assert response.status_code == 400
        assert set(response.json()) == {"reason", "explanation"}
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("anonymous", 403),
            ("other_staff", 403),
            ("coordinator", 403),
            ("consultant", 403),
            ("academy_admin", 403),
        ],
    )
    def test_others_refused(self, client_for, roles, municipal_staff, role, expected):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(roles[role]),
            f"/api/v1/tenders/{tender.pk}/cancel/",
            {"reason": "no_funds", "explanation": "x"},
        )
        assert response.status_code == expected
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED


# ------------------------------------------------------------------- questions
@pytest.mark.django_db
class TestQuestions:
    def test_ask_and_answer_without_the_askers_name(
        self, client_for, municipal_staff, consultant
    ):
        tender = own_published(municipal_staff)
        asked = post_json(
            client_for(consultant.user),
            f"/api/v1/tenders/{tender.pk}/questions/",
            {"text": "Кайсы жылдар?"},
        )
        assert asked.status_code == 201, asked.json()
        question = Question.objects.get()
        assert question.asked_by == consultant
        answered = post_json(
            client_for(municipal_staff),
            f"/api/v1/questions/{question.pk}/answer/",
            {"answer": "2027–2031."},
        )
        assert answered.status_code == 200
        body = answered.json()
        assert body["answer"] == "2027–2031." and body["answered_at"]
        assert "asked_by" not in body
        assert consultant.name not in answered.content.decode()
        public = client_for(None).get(f"/api/v1/tenders/{tender.pk}/questions/")
        assert public.status_code == 200
        assert [(q["text"], q["answer"]) for q in public.json()] == [
            ("Кайсы жылдар?", "2027–2031.")
        ]
        assert consultant.name not in public.content.decode()
        again = post_json(
            client_for(municipal_staff),
            f"/api/v1/questions/{question.pk}/answer/",
            {"answer": "Башка."},
        )
        assert again.status_code == 409
        assert again.json()["detail"] == "This question has already been answered."

    def test_unanswered_questions_are_not_public(
        self, client_for, municipal_staff, consultant
    ):
        tender = own_published(municipal_staff)
        Question.objects.create(tender=tender, asked_by=consultant, text="Жашыруун?")
        response = client_for(None).get(f"/api/v1/tenders/{tender.pk}/questions/")
        assert response.json() == []
        draft = own_tender(municipal_staff)
        assert (
            client_for(None).get(f"/api/v1/tenders/{draft.pk}/questions/").status_code
            == 404
        )

    def test_after_the_questions_deadline_refused(
        self, client_for, municipal_staff, consultant
    ):
        tender = own_published(municipal_staff)
        client = client_for(consultant.user)
        url = f"/api/v1/tenders/{tender.pk}/questions/"
        with time_machine.travel(tender.questions_deadline - timedelta(seconds=1)):
            assert post_json(client, url, {"text": "Эрте?"}).status_code == 201
        with time_machine.travel(tender.questions_deadline):
            response = post_json(client, url, {"text": "Кеч?"})
        assert response.status_code == 409
        assert response.json()["detail"] == "The questions deadline has passed."
        assert Question.objects.count() == 1

    def test_empty_question_400(self, client_for, municipal_staff, consultant):
        tender = own_published(municipal_staff)
        response = post_json(
            client_for(consultant.user),
            f"/api/v1/tenders/{tender.pk}/questions/",
            {"text": ""},
        )
        assert response.status_code == 400
        assert response.json() == {"text": ["This field is required."]}

    @pytest.mark.parametrize(
        ("role", "draft_status", "published_status"),
        [
            ("anonymous", 403, 403),
            ("other_staff", 404, 403),
            ("coordinator", 404, 403),
            ("academy_admin", 404, 403),
        ],
    )
    def test_only_consultants_ask(
        self, client_for, roles, municipal_staff, role, draft_status, published_status
    ):
        client = client_for(roles[role])
        for tender, expected in (
            (own_tender(municipal_staff), draft_status),
            (own_published(municipal_staff), published_status),
        ):
            response = post_json(
                client, f"/api/v1/tenders/{tender.pk}/questions/", {"text": "?"}
            )
            assert response.status_code == expected
        assert not Question.objects.exists()

    def test_consultant_cannot_reach_a_draft(self, client_for, municipal_staff, roles):
        draft = own_tender(municipal_staff)
        response = post_json(
            client_for(roles["consultant"]),
            f"/api/v1/tenders/{draft.pk}/questions/",
            {"text": "?"},
        )
        assert response.status_code == 404

    @pytest.mark.parametrize(
        "role", ["anonymous", "other_staff", "coordinator", "consultant"]
    )
    def test_only_the_municipality_answers(
        self, client_for, roles, municipal_staff, consultant, role
    ):
        tender = own_published(municipal_staff)
        question = Question.objects.create(tender=tender, asked_by=consultant, text="?")
        response = post_json(
            client_for(roles[role]),
            f"/api/v1/questions/{question.pk}/answer/",
            {"answer": "Жооп."},
        )
        assert response.status_code == 403
        question.refresh_from_db()
        assert question.answered_at is None

    def test_unknown_question_404(self, client_for, municipal_staff):
        response = post_json(
            client_for(municipal_staff), "/api/v1/questions/999999/answer/", {}
        )
        assert response.status_code == 404


# ------------------------------------------------------------------------ bids
@pytest.mark.django_db
class TestBidSubmit:
    def test_submit_with_files_returns_the_receipt(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        bidder = certified_consultant()
        response = client_for(bidder.user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        receipt = BidReceipt.objects.get()
        assert HEX64.match(body["digest"]) and body["digest"] == receipt.digest
        assert body["kind"] == "submitted"
        assert body["bid"] == receipt.bid_id and body["time"]
        bid = Bid.objects.get()
        assert bid.price is None and unseal_price(bid.sealed_price) == 300000
        assert sorted(f.kind for f in bid.files.all()) == ["cv", "technical"]
        # sealed: the receipt tells nothing of the price
        assert "300000" not in response.content.decode()

    def test_second_submission_refused(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        bidder = certified_consultant()
        client = client_for(bidder.user)
        url = f"/api/v1/tenders/{tender.pk}/bids/"
        assert client.post(url, bid_body()).status_code == 201
        response = client.post(url, bid_body("1000"))
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "You have already submitted a bid for this tender."
        )
        assert unseal_price(Bid.objects.get().sealed_price) == 300000
        assert BidReceipt.objects.count() == 1

    def test_deadline_to_the_second(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        url = f"/api/v1/tenders/{tender.pk}/bids/"
        first, second = certified_consultant(), certified_consultant()
        before = tender.submission_deadline - timedelta(seconds=1)
        with time_machine.travel(before, tick=False):
            response = client_for(first.user).post(url, bid_body())
            assert response.status_code == 201
        with time_machine.travel(tender.submission_deadline, tick=False):
            response = client_for(second.user).post(url, bid_body())
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "The submission deadline has passed; no bids accepted."
        )
        assert list(Bid.objects.values_list("consultant", flat=True)) == [first.pk]

    def test_disguised_file_refused(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        bidder = certified_consultant()
        body = bid_body(
            technical_files=[SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf")]
        )
        response = client_for(bidder.user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", body
        )
        assert response.status_code == 400
        assert response.json()["technical_files"] == [
            "plan.pdf is not a PDF, DOCX, XLSX or ODT document."
        ]
        assert not Bid.objects.exists()

    def test_declaration_required(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        bidder = certified_consultant()
        body = bid_body(conflict_of_interest_declared="false")
        response = client_for(bidder.user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", body
        )
        assert response.status_code == 400
        assert "conflict_of_interest_declared" in response.json()
        assert not Bid.objects.exists()

    def test_provisional_member_refused(self, client_for, municipal_staff, consultant):
        tender = own_published(municipal_staff)  # certified members only
        response = client_for(consultant.user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "Only certified network members may bid on this tender."
        )
        assert not Bid.objects.exists()

    @pytest.mark.parametrize(
        ("role", "draft_status", "published_status"),
        [
            ("anonymous", 403, 403),
            ("other_staff", 404, 403),
            ("coordinator", 404, 403),
            ("academy_admin", 404, 403),
            ("consultant", 404, 409),  # provisional: the rules refuse
        ],
    )
    def test_others_refused(
        self, client_for, roles, municipal_staff, role, draft_status, published_status
    ):
        client = client_for(roles[role])
        for tender, expected in (
            (own_tender(municipal_staff), draft_status),
            (own_published(municipal_staff), published_status),
        ):
            response = client.post(f"/api/v1/tenders/{tender.pk}/bids/", bid_body())
            assert response.status_code == expected
        assert not Bid.objects.exists()

    def test_owning_staff_cannot_bid(self, client_for, municipal_staff):
        tender = own_published(municipal_staff)
        response = client_for(municipal_staff).post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )
        assert response.status_code == 403


@pytest.fixture
def bid_setup(db, municipal_staff):
    tender = own_published(municipal_staff)
    bidder = certified_consultant()
    receipt = submit_bid(tender, bidder, "250000")
    return tender, bidder, receipt.bid


@pytest.mark.django_db
class TestBidChange:
    def test_bidder_changes_price_and_files(self, client_for, bid_setup):
        tender, bidder, bid = bid_setup
        client = client_for(bidder.user)
        first = client.post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )  # already there
        assert first.status_code == 409
        response = client.patch(
            f"/api/v1/bids/{bid.pk}/",
            _multipart(
                {
                    "price": "240000",
                    "conflict_of_interest_declared": "true",
                    "financial_files": [
                        SimpleUploadedFile("offer.pdf", PDF_BYTES),
                    ],
                }
            ),
            content_type=_MULTIPART,
        )
        assert response.status_code == 200, response.json()
        assert response.json()["kind"] == "updated"
        bid.refresh_from_db()
        assert unseal_price(bid.sealed_price) == 240000
        assert bid.technical_proposal.startswith("Методология")  # kept
        (file,) = bid.files.all()
        removed = client.patch(
            f"/api/v1/bids/{bid.pk}/",
            {"conflict_of_interest_declared": True, "remove_files": [file.pk]},
            content_type="application/json",
        )
        assert removed.status_code == 200, removed.json()
        assert not bid.files.exists()
        receipt = client.get(f"/api/v1/bids/{bid.pk}/").json()["receipts"][-1]
        assert receipt["digest"] == removed.json()["digest"]

    def test_declaration_made_again(self, client_for, bid_setup):
        _, bidder, bid = bid_setup
        response = client_for(bidder.user).patch(
            f"/api/v1/bids/{bid.pk}/",
            {"price": "1"},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "conflict_of_interest_declared" in response.json()

    def test_after_the_deadline_refused(self, client_for, bid_setup):
        tender, bidder, bid = bid_setup
        with time_machine.travel(tender.submission_deadline, tick=False):
            response = client_for(bidder.user).patch(
                f"/api/v1/bids/{bid.pk}/",
                {"price": "1", "conflict_of_interest_declared": True},
                content_type="application/json",
            )
        assert response.status_code == 409
        assert unseal_price(Bid.objects.get().sealed_price) == 250000

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("anonymous", 403),
            ("municipal_staff", 403),
            ("other_staff", 403),
            ("coordinator", 403),
            ("academy_admin", 403),
            ("consultant", 404),
            ("other_bidder", 404),
        ],
    )
    def test_only_the_bidder(
        self, client_for, roles, municipal_staff, bid_setup, role, expected
    ):
        tender, _, bid = bid_setup
        users = {**roles, "municipal_staff": municipal_staff}
        if role == "other_bidder":
            other = certified_consultant()
            submit_bid(tender, other)
            users[role] = other.user
        client = client_for(users[role])
        body = {"price": "1", "conflict_of_interest_declared": True}
        responses = [
            client.patch(
                f"/api/v1/bids/{bid.pk}/", body, content_type="application/json"
            ),
            post_json(client, f"/api/v1/bids/{bid.pk}/withdraw/"),
            post_json(client, f"/api/v1/bids/{bid.pk}/confirm/", body),
        ]
        assert [r.status_code for r in responses] == [expected] * 3
        for response in responses:  # the sealed rule: nothing of the bid leaks
            assert "250000" not in response.content.decode()
            assert "digest" not in response.json()
        bid.refresh_from_db()
        assert bid.status == BidStatus.SUBMITTED
        assert unseal_price(bid.sealed_price) == 250000


@pytest.mark.django_db
class TestBidConfirmAndWithdraw:
    def amend(self, tender, staff):
        from procurement import services

        services.tender_amend(
            tender=tender,
            by=staff,
            changes={"estimated_budget": Decimal("550000")},
            summary="Бюджет көбөйдү.",
        )

    def test_confirm_after_amendment(self, client_for, municipal_staff, bid_setup):
        tender, bidder, bid = bid_setup
        client = client_for(bidder.user)
        url = f"/api/v1/bids/{bid.pk}/confirm/"
        declared = {"conflict_of_interest_declared": True}
        response = post_json(client, url, declared)
        assert response.status_code == 409
        assert response.json()["detail"] == "This bid does not need to be confirmed."
        self.amend(tender, municipal_staff)
        assert post_json(client, url, {}).status_code == 400
        response = post_json(client, url, declared)
        assert response.status_code == 200, response.json()
        assert response.json()["kind"] == "confirmed"
        assert HEX64.match(response.json()["digest"])
        bid.refresh_from_db()
        assert not bid.needs_confirmation
        assert unseal_price(bid.sealed_price) == 250000

    def test_confirm_after_the_deadline_refused(
        self, client_for, municipal_staff, bid_setup
    ):
        tender, bidder, bid = bid_setup
        self.amend(tender, municipal_staff)
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            response = post_json(
                client_for(bidder.user),
                f"/api/v1/bids/{bid.pk}/confirm/",
                {"conflict_of_interest_declared": True},
            )
        assert response.status_code == 409
        bid.refresh_from_db()
        assert bid.needs_confirmation

    def test_withdraw_and_submit_again(self, client_for, bid_setup):
        tender, bidder, bid = bid_setup
        client = client_for(bidder.user)
        response = post_json(client, f"/api/v1/bids/{bid.pk}/withdraw/")
        assert response.status_code == 200
        assert response.json()["kind"] == "withdrawn"
        assert HEX64.match(response.json()["digest"])
        again = post_json(client, f"/api/v1/bids/{bid.pk}/withdraw/")
        assert again.status_code == 409
        assert again.json()["detail"] == "This bid has already been withdrawn."
        resubmitted = client.post(f"/api/v1/tenders/{tender.pk}/bids/", bid_body())
        assert resubmitted.status_code == 201
        assert resubmitted.json()["bid"] == bid.pk
        assert Bid.objects.get().status == BidStatus.SUBMITTED

    def test_withdraw_after_the_deadline_refused(self, client_for, bid_setup):
        tender, bidder, bid = bid_setup
        with time_machine.travel(tender.submission_deadline, tick=False):
            response = post_json(
                client_for(bidder.user), f"/api/v1/bids/{bid.pk}/withdraw/"
            )
        assert response.status_code == 409
        assert Bid.objects.get().status == BidStatus.SUBMITTED


@pytest.mark.django_db
class TestSealedAfterWrites:
    def test_nobody_else_reads_the_bid_before_opening(
        self, client_for, roles, municipal_staff
    ):
        tender = own_published(municipal_staff)
        bidder = certified_consultant()
        client_for(bidder.user).post(f"/api/v1/tenders/{tender.pk}/bids/", bid_body())
        bid = Bid.objects.get()
        for user in [*roles.values(), municipal_staff]:
            client = client_for(user)
            assert client.get(f"/api/v1/bids/{bid.pk}/").status_code == 404
            listed = client.get(f"/api/v1/bids/?tender={tender.pk}").json()
            assert listed["results"] == []
            detail = client.get(f"/api/v1/tenders/{tender.pk}/").content.decode()
            assert "300000" not in detail and "approach.pdf" not in detail


@pytest.mark.django_db
class TestSchema:
    def test_schema_generates_without_warnings(self, client):
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "spectacular",
                "--fail-on-warn",
                "--file",
                "/dev/null",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        schema = client.get("/api/schema/")
        assert schema.status_code == 200
        text = schema.content.decode()
        for path in (
            "/api/v1/tenders/{id}/publish/",
            "/api/v1/tenders/{id}/documents/",
            "/api/v1/tenders/{id}/amendments/",
            "/api/v1/tenders/{id}/amend/",
            "/api/v1/tenders/{id}/cancel/",
            "/api/v1/tenders/{id}/questions/",
            "/api/v1/tenders/{id}/bids/",
            "/api/v1/questions/{id}/answer/",
            "/api/v1/bids/{id}/confirm/",
            "/api/v1/bids/{id}/withdraw/",
        ):
            assert path in text

"""The tender pages from the outside: flows and access for every role."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from procurement.models import (
    Bid,
    Complaint,
    Question,
    Tender,
    TenderStatus,
)
from tests.accounts.factories import CoordinatorFactory, ReviewBodyFactory
from tests.consultants.factories import ExpertiseAreaFactory
from tests.municipalities.factories import StaffMembershipFactory, region
from tests.procurement.factories import (
    PDF_BYTES,
    TenderFactory,
    certified_consultant,
    move_past,
    published_tender,
    tender_at_status,
)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def roles(db, academy_admin, municipal_staff, coordinator, consultant):
    return {
        "anonymous": None,
        "municipal_staff": municipal_staff,
        "other_staff": StaffMembershipFactory().user,
        "coordinator": coordinator,
        "consultant": consultant.user,
        "academy_admin": academy_admin,
    }


@pytest.mark.django_db
class TestTenderCreation:
    def form_data(self):
        area = ExpertiseAreaFactory(code="strategy-form")
        now = timezone.now()
        return {
            "title_ky": "Стратегия иштеп чыгуу",
            "description_ky": "Айыл аймактын стратегиясы.",
            "service_kind": "strategy",
            "expertise_areas": [area.pk],
            "procurement_method": "open",
            "selection_method": "consultQualityPrice",
            "estimated_budget": "350000",
            "regions": ["KG-C"],
            "eligibility": "certified",
            "technical_weight": "80",
            "min_technical_score": "70",
            "questions_deadline": local(now + timedelta(days=8)),
            "submission_deadline": local(now + timedelta(days=16)),
            "opening_at": local(now + timedelta(days=16, hours=1)),
            "contact_name": "Айгүл",
            "contact_email": "a@aimak.kg",
            "criteria-TOTAL_FORMS": "3",
            "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-name_ky": "Методология",
            "criteria-0-weight": "70",
            "criteria-0-order": "1",
            "criteria-1-name_ky": "Команда",
            "criteria-1-weight": "30",
            "criteria-1-order": "2",
            "criteria-2-order": "0",
        }

    def test_staff_create_attach_and_publish(self, client_for, municipal_staff):
        client = client_for(municipal_staff)
        response = client.post(reverse("procurement:tender-create"), self.form_data())
        assert response.status_code == 302, (
            response.context["form"].errors,
            response.context["formset"].errors,
            [m.message for m in response.context["messages"]],
        )
        tender = Tender.objects.get()
        assert tender.municipality == municipal_staff.staff_membership.municipality
        assert tender.status == TenderStatus.DRAFT
        assert tender.criteria.count() == 2
        publish = reverse("procurement:tender-publish", args=[tender.pk])
        client.post(publish)
        tender.refresh_from_db()
        assert tender.status == TenderStatus.DRAFT  # no terms of reference yet
        disguised = SimpleUploadedFile("tor.pdf", b"MZ\x90\x00 executable")
        client.post(
            reverse("procurement:document-add", args=[tender.pk]),
            {"title": "ТТ", "file": disguised},
        )
        assert not tender.documents.exists()
        client.post(
            reverse("procurement:document-add", args=[tender.pk]),
            {"title": "ТТ", "file": SimpleUploadedFile("tor.pdf", PDF_BYTES)},
        )
        assert tender.documents.count() == 1
        client.post(publish)
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED

    def test_russian_page_keeps_every_language(self, client_for, municipal_staff):
        data = self.form_data()
        data["title_ru"] = "Разработка стратегии"
        client = client_for(municipal_staff)
        url = reverse("procurement:tender-create").replace("/en/", "/ru/")
        assert url.startswith("/ru/")
        assert client.post(url, data).status_code == 302
        tender = Tender.objects.get()
        assert (tender.title_ky, tender.title_ru) == (
            "Стратегия иштеп чыгуу",
            "Разработка стратегии",
        )

    def test_deadline_rule_shown_and_enforced(self, client_for, municipal_staff):
        client = client_for(municipal_staff)
        page = client.get(reverse("procurement:tender-create")).content.decode()
        assert "at least 14 days" in page
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality,
            submission_deadline=timezone.now() + timedelta(days=3),
            questions_deadline=timezone.now() + timedelta(days=1),
        )
        response = client.post(
            reverse("procurement:tender-publish", args=[tender.pk]), follow=True
        )
        assert "at least 14 days" in response.content.decode()
        tender.refresh_from_db()
        assert tender.status == TenderStatus.DRAFT

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 302),
            ("consultant", 403),
            ("coordinator", 403),
            ("academy_admin", 403),
            ("municipal_staff", 200),
        ],
    )
    def test_who_creates_tenders(self, client_for, roles, role, status):
        response = client_for(roles[role]).get(reverse("procurement:tender-create"))
        assert response.status_code == status

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 404),
            ("consultant", 404),
            ("coordinator", 404),
            ("academy_admin", 404),
            ("other_staff", 404),
            ("municipal_staff", 200),
        ],
    )
    def test_drafts_are_seen_by_their_municipality_only(
        self, client_for, roles, role, status
    ):
        draft = TenderFactory(
            municipality=roles["municipal_staff"].staff_membership.municipality
        )
        response = client_for(roles[role]).get(draft.get_absolute_url())
        assert response.status_code == status
        api = client_for(roles[role]).get(f"/api/v1/tenders/{draft.pk}/")
        assert api.status_code == status


STAFF_ACTIONS = [
    "tender-publish",
    "tender-cancel",
    "tender-open",
    "tender-award",
    "contract-record",
    "contract-complete",
    "document-add",
]


@pytest.mark.django_db
class TestStaffActionsAccess:
    @pytest.mark.parametrize("action", STAFF_ACTIONS)
    @pytest.mark.parametrize(
        "role", ["consultant", "coordinator", "academy_admin", "other_staff"]
    )
    def test_only_the_municipality_acts(self, client_for, roles, role, action):
        tender = published_tender(
            municipality=roles["municipal_staff"].staff_membership.municipality
        )
        response = client_for(roles[role]).post(
            reverse(f"procurement:{action}", args=[tender.pk]),
            {"reason": "other", "explanation": "x"},
        )
        assert response.status_code == 403
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED

    @pytest.mark.parametrize(
        "action", ["tender-edit", "tender-amend", "tender-evaluate"]
    )
    def test_forms_refused_to_others(self, client_for, roles, action):
        tender = published_tender()
        for role in ("consultant", "coordinator", "academy_admin", "municipal_staff"):
            url = reverse(f"procurement:{action}", args=[tender.pk])
            assert client_for(roles[role]).get(url).status_code == 403

    def test_anonymous_goes_to_sign_in(self, client):
        tender = published_tender()
        response = client.post(reverse("procurement:tender-open", args=[tender.pk]))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("role", ["municipal_staff", "coordinator", "anonymous"])
    def test_only_consultants_bid(self, client_for, roles, role):
        tender = published_tender()
        response = client_for(roles[role]).post(
            reverse("procurement:bid-submit", args=[tender.pk]), {}
        )
        assert response.status_code in (302, 403)
        if role != "anonymous":
            assert response.status_code == 403
        assert not Bid.objects.exists()


@pytest.mark.django_db
class TestBidPages:
    def bid_data(self, **extra):
        data = {
            "technical_proposal": "Катышуучулук методология.",
            "proposed_team": "Асан — жетекчи",
            "price": "321000",
            "conflict_of_interest_declared": "on",
        }
        data.update(extra)
        return data

    def test_submit_with_files_then_withdraw(self, client_for, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender = published_tender()
        consultant = certified_consultant()
        client = client_for(consultant.user)
        url = reverse("procurement:bid-submit", args=[tender.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            self.bid_data(
                technical_files=[SimpleUploadedFile("plan.pdf", PDF_BYTES)],
                cv_files=[
                    SimpleUploadedFile("cv1.pdf", PDF_BYTES),
                    SimpleUploadedFile("cv2.pdf", PDF_BYTES),
                ],
            ),
            follow=True,
        )
        bid = Bid.objects.get()
        receipt = bid.receipts.get()
        body = response.content.decode()
        assert receipt.digest in body
        assert bid.files.count() == 3
        withdraw = reverse("procurement:bid-withdraw", args=[bid.pk])
        asked = client.post(withdraw).content.decode()
        assert 'id="confirm"' in asked and "will not be opened" in asked
        bid.refresh_from_db()
        assert bid.status == "submitted"  # not before "yes"
        done = client.post(withdraw, {"confirmed": "1"}, follow=True)
        assert "has been withdrawn" in done.content.decode()
        bid.refresh_from_db()
        assert bid.status == "withdrawn"
        assert bid.receipts.count() == 2

    def test_disguised_file_is_refused(self, client_for):
        tender = published_tender()
        consultant = certified_consultant()
        response = client_for(consultant.user).post(
            reverse("procurement:bid-submit", args=[tender.pk]),
            self.bid_data(cv_files=[SimpleUploadedFile("cv.docx", b"plain text")]),
        )
        assert response.status_code == 200
        assert "not a PDF, DOCX, XLSX or ODT" in response.content.decode()
        assert not Bid.objects.exists()

    def test_provisional_member_cannot_bid_on_certified_only(self, client_for):
        tender = published_tender(eligibility="certified")
        from tests.accounts.factories import ConsultantUserFactory
        from tests.consultants.factories import ConsultantFactory

        member = ConsultantFactory(user=ConsultantUserFactory())
        client = client_for(member.user)
        detail = client.get(tender.get_absolute_url()).content.decode()
        assert "Only certified network members may bid" in detail
        client.post(
            reverse("procurement:bid-submit", args=[tender.pk]), self.bid_data()
        )
        assert not Bid.objects.exists()

    def test_questions_answered_without_the_askers_name(self, client_for):
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        consultant = certified_consultant()
        client_for(consultant.user).post(
            reverse("procurement:question-ask", args=[tender.pk]),
            {"text": "Отчет кайсы тилде?"},
        )
        question = Question.objects.get()
        client_for(staff).post(
            reverse("procurement:question-answer", args=[question.pk]),
            {"answer": "Кыргыз жана орус тилдеринде."},
        )
        page = client_for(None).get(tender.get_absolute_url()).content.decode()
        assert "Отчет кайсы тилде?" in page
        assert "Кыргыз жана орус тилдеринде." in page
        assert consultant.name not in page


@pytest.mark.django_db
class TestEvaluationPages:
    def test_open_score_award_complain_contract_rate(self, client_for):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(TenderStatus.CLOSED, staff=staff)
        # sessions expire after two weeks: sign in again after each time jump
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            client = client_for(staff)
            client.post(reverse("procurement:tender-open", args=[tender.pk]))
            tender.refresh_from_db()
            assert tender.status == TenderStatus.OPENED
            page = client.get(tender.get_absolute_url()).content.decode()
            assert 'id="opening-record"' in page and bids[1].consultant.name in page
            # the committee: three colleagues, each declares and scores alone
            evaluate = reverse("procurement:tender-evaluate", args=[tender.pk])
            colleagues = [
                StaffMembershipFactory(municipality=tender.municipality).user
                for _ in range(3)
            ]
            client.post(
                reverse("procurement:tender-committee", args=[tender.pk]),
                {"staff": [u.pk for u in colleagues]},
            )
            assert tender.committee.count() == 3
            for colleague in colleagues:
                member = client_for(colleague)
                member.post(
                    reverse("procurement:committee-declare", args=[tender.pk]),
                    {"no_conflict": "on"},
                )
                form = member.get(evaluate).context["form"]
                data = dict.fromkeys(form.fields, "80")
                member.post(evaluate, data | {"submit": "1", "confirmed": "1"})
            for step in ("tender-technical-result", "tender-financial-open"):
                client.post(
                    reverse(f"procurement:{step}", args=[tender.pk]),
                    {"confirmed": "1"},
                )
            tender.refresh_from_db()
            assert tender.status == TenderStatus.EVALUATED
            award_url = reverse("procurement:tender-award", args=[tender.pk])
            asked = client.post(award_url).content.decode()
            assert 'id="confirm"' in asked and "standstill period" in asked
            tender.refresh_from_db()
            assert tender.status == TenderStatus.EVALUATED  # not before "yes"
            done = client.post(award_url, {"confirmed": "1"}, follow=True)
            assert "has been awarded to" in done.content.decode()
            tender.refresh_from_db()
            assert tender.status == TenderStatus.AWARD_PENDING
            # equal technical scores: the lower price (400 000) wins
            assert tender.award.bid == bids[0]
            loser = client_for(bids[1].consultant.user)
            page = loser.get(tender.get_absolute_url()).content.decode()
            assert 'id="complaint-form"' in page
            loser.post(
                reverse("procurement:complaint-file", args=[bids[1].pk]),
                {"text": "Баалоо туура эмес."},
            )
            complaint = Complaint.objects.get()
            winner_page = client_for(bids[0].consultant.user).get(
                tender.get_absolute_url()
            )
            assert 'id="complaint-form"' not in winner_page.content.decode()
            client.post(
                reverse("procurement:complaint-explain", args=[complaint.pk]),
                {"explanation": "Эрежеге ылайык."},
            )
            client_for(ReviewBodyFactory()).post(
                reverse("procurement:complaint-decide", args=[complaint.pk]),
                {
                    f"complaint-{complaint.pk}-decision": "rejected",
                    f"complaint-{complaint.pk}-effect": "none",
                    f"complaint-{complaint.pk}-reasons": "Эрежеге ылайык.",
                    "confirmed": "1",
                },
            )
            complaint.refresh_from_db()
            assert complaint.decision == "rejected"
        award = tender.award
        with time_machine.travel(move_past(award.standstill_ends_at), tick=False):
            client = client_for(staff)
            today = timezone.localdate()
            response = client.post(
                reverse("procurement:contract-record", args=[tender.pk]),
                {
                    "number": "№ 12",
                    "amount": str(award.amount),
                    "signed_on": today.isoformat(),
                    "starts_on": today.isoformat(),
                    "ends_on": (today + timedelta(days=60)).isoformat(),
                    "milestones-TOTAL_FORMS": "1",
                    "milestones-INITIAL_FORMS": "0",
                    "milestones-0-title": "Долбоор",
                    "milestones-0-due_on": (today + timedelta(days=30)).isoformat(),
                    "milestones-0-amount": "100000",
                },
            )
            assert response.status_code == 302
            tender.refresh_from_db()
            assert tender.status == TenderStatus.CONTRACT_SIGNED
            client.post(
                reverse("procurement:contract-complete", args=[tender.pk]),
                {"rating": "4", "comment": "Сапаттуу иш."},
            )
        tender.refresh_from_db()
        assert tender.status == TenderStatus.COMPLETED
        profile = client_for(None).get(bids[0].consultant.get_absolute_url())
        body = profile.content.decode()
        assert 'id="ratings"' in body and "Сапаттуу иш." in body and "4/5" in body
        loser_page = client_for(bids[1].consultant.user).get(tender.get_absolute_url())
        assert "Evaluation results" in loser_page.content.decode()


@pytest.mark.django_db
class TestPublicList:
    def test_lists_public_tenders_with_filters(self, client):
        TenderFactory(title_ky="Жашыруун долбоор")
        naryn = published_tender(title_ky="Нарын тарифи", estimated_budget=100000)
        from tests.municipalities.factories import MunicipalityFactory

        chui = published_tender(
            municipality=MunicipalityFactory(region=region("KG-C")),
            title_ky="Чүй стратегиясы",
            estimated_budget=900000,
        )
        url = reverse("procurement:tender-list")
        body = client.get(url).content.decode()
        assert naryn.title in body and chui.title in body
        assert "Жашыруун долбоор" not in body
        by_region = client.get(url, {"region": "KG-C"}).content.decode()
        assert chui.title in by_region and naryn.title not in by_region
        by_budget = client.get(url, {"budget_max": "500000"}).content.decode()
        assert naryn.title in by_budget and chui.title not in by_budget
        by_status = client.get(url, {"status": "cancelled"}).content.decode()
        assert naryn.title not in by_status
        api = client.get("/api/v1/tenders/", {"region": "KG-C"}).json()
        assert [t["id"] for t in api["results"]] == [chui.pk]

    def test_constant_queries(self, client, django_assert_max_num_queries):
        for _ in range(5):
            published_tender()
        with django_assert_max_num_queries(10):
            client.get(reverse("procurement:tender-list"))
        with django_assert_max_num_queries(10):
            client.get("/api/v1/tenders/")

    def test_atom_feed_of_published_tenders(self, client):
        TenderFactory(title_ky="Долбоор жашыруун")
        tender = published_tender()
        response = client.get(reverse("procurement:tender-feed"))
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode()
        assert tender.title in body and "Долбоор жашыруун" not in body


@pytest.mark.django_db
class TestCoordinatorScope:
    def test_other_regions_coordinator_does_not_read_opened_bids(self, client_for):
        tender, bids = tender_at_status(TenderStatus.OPENED)
        outsider = CoordinatorFactory()
        outsider.coordinated_regions.add(region("KG-C"))
        insider = CoordinatorFactory()
        insider.coordinated_regions.add(tender.municipality.region)
        url = bids[0].get_absolute_url()
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(insider).get(url).status_code == 200


@pytest.mark.django_db
def test_amend_page_publishes_the_change_log(client_for):
    tender, bids = tender_at_status(TenderStatus.PUBLISHED)
    staff = StaffMembershipFactory(municipality=tender.municipality).user
    client = client_for(staff)
    url = reverse("procurement:tender-amend", args=[tender.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v}
    for key in ("questions_deadline", "submission_deadline", "opening_at"):
        data[key] = local(getattr(tender, key))
    data.update({"estimated_budget": "550000", "summary": "Бюджет өстү."})
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        [m.message for m in response.context["messages"]],
    )
    page = client_for(None).get(tender.get_absolute_url()).content.decode()
    assert "Бюджет өстү." in page
    assert Bid.objects.filter(needs_confirmation=True).count() == len(bids)
    tender.refresh_from_db()
    assert tender.estimated_budget == Decimal("550000.00")


@pytest.mark.django_db
class TestIrreversibleActionsAskFirst:
    def test_cancelling_shows_the_consequence_and_changes_nothing(self, client_for):
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        url = reverse("procurement:tender-cancel", args=[tender.pk])
        data = {"reason": "other", "explanation": "Каражат жок."}
        asked = client_for(staff).post(url, data)
        assert asked.status_code == 200
        body = asked.content.decode()
        assert "cancelled for good" in body
        assert "Каражат жок." in body  # the explanation is carried and shown
        assert 'name="confirmed" value="1"' in body
        assert 'class="danger"' in body
        tender.refresh_from_db()
        assert tender.status == TenderStatus.PUBLISHED

    def test_confirmed_cancel_cancels_and_says_so(self, client_for):
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        url = reverse("procurement:tender-cancel", args=[tender.pk])
        data = {"reason": "other", "explanation": "Каражат жок.", "confirmed": "1"}
        done = client_for(staff).post(url, data, follow=True)
        assert "The tender has been cancelled" in done.content.decode()
        tender.refresh_from_db()
        assert tender.status == TenderStatus.CANCELLED
        assert tender.cancel_explanation == "Каражат жок."

    def test_a_refused_cancel_is_not_asked(self, client_for):
        tender = published_tender()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        url = reverse("procurement:tender-cancel", args=[tender.pk])
        data = {"reason": "other", "explanation": "x", "confirmed": "1"}
        client_for(staff).post(url, data)
        again = client_for(staff).post(url, {"reason": "other", "explanation": "y"})
        assert again.status_code == 302  # refused by the model, no question
        tender.refresh_from_db()
        assert tender.cancel_explanation == "x"

    def test_withdrawal_confirmation_is_the_bidders_alone(self, client_for):
        tender = published_tender()
        consultant = certified_consultant()
        from tests.procurement.factories import submit_bid

        submit_bid(tender, consultant)
        bid = Bid.objects.get()
        url = reverse("procurement:bid-withdraw", args=[bid.pk])
        rival = certified_consultant()
        assert client_for(rival.user).post(url).status_code == 404
        assert client_for(rival.user).post(url, {"confirmed": "1"}).status_code == 404
        bid.refresh_from_db()
        assert bid.status == "submitted"


@pytest.mark.django_db
class TestTenderFormPage:
    def test_empty_submission_gets_a_summary_linking_each_field(
        self, client_for, municipal_staff
    ):
        response = client_for(municipal_staff).post(
            reverse("procurement:tender-create"),
            {
                "criteria-TOTAL_FORMS": "1",
                "criteria-INITIAL_FORMS": "0",
                "criteria-0-weight": "50",
                "criteria-0-order": "1",
            },
        )
        assert response.status_code == 200
        body = response.content.decode()
        summary = body.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
        assert 'href="#id_title_ky"' in summary
        assert "Give the title in Kyrgyz" in summary
        assert 'href="#id_description_ky"' in summary
        assert 'href="#id_criteria-0-name_ky"' in summary
        assert 'href="#id_submission_deadline"' in summary
        assert not Tender.objects.exists()

    def test_one_language_required_the_others_optional(
        self, client_for, municipal_staff
    ):
        body = (
            client_for(municipal_staff)
            .get(reverse("procurement:tender-create"))
            .content.decode()
        )
        assert "Title in Kyrgyz (required)" in body
        assert "Title in Russian (optional translation)" in body
        assert "Description in English (optional translation)" in body
        assert "---------" not in body
        assert "Choose the kind of service" in body

    def test_a_russian_title_alone_is_refused_on_the_kyrgyz_field(
        self, client_for, municipal_staff
    ):
        data = TestTenderCreation().form_data()
        data["title_ru"] = "Разработка стратегии"
        data["title_ky"] = ""
        response = client_for(municipal_staff).post(
            reverse("procurement:tender-create"), data
        )
        assert response.status_code == 200
        assert response.context["form"].errors["title_ky"] == [
            "Give the title in Kyrgyz; Russian and English are optional."
        ]

    def test_every_criteria_field_has_a_label(self, client_for, municipal_staff):
        import re

        body = (
            client_for(municipal_staff)
            .get(reverse("procurement:tender-create"))
            .content.decode()
        )
        ids = re.findall(r'<input[^>]+id="(id_criteria-\d+-[a-z_]+)"', body)
        visible = [i for i in ids if not i.endswith(("-id", "-tender"))]
        assert len(visible) == 15  # 3 rows of 5 fields
        for field_id in visible:
            assert f'for="{field_id}"' in body, field_id

    def test_publish_is_disabled_with_the_reason_until_the_terms_are_attached(
        self, client_for, municipal_staff
    ):
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        for document in tender.documents.all():
            document.delete()
        client = client_for(municipal_staff)
        page = client.get(tender.get_absolute_url()).content.decode()
        button = page.split('id="publish"', 1)[1].split(">", 1)[0]
        assert "disabled" in button
        assert "Attach the terms of reference." in page
        client.post(
            reverse("procurement:document-add", args=[tender.pk]),
            {"title": "ТТ", "file": SimpleUploadedFile("tor.pdf", PDF_BYTES)},
        )
        page = client.get(tender.get_absolute_url()).content.decode()
        assert tender.publication_problems() == []
        button = page.split('id="publish"', 1)[1].split(">", 1)[0]
        assert "disabled" not in button

    def test_open_is_disabled_before_the_deadline_with_the_reason(
        self, client_for, municipal_staff
    ):
        tender = published_tender(
            municipality=municipal_staff.staff_membership.municipality
        )
        page = client_for(municipal_staff).get(tender.get_absolute_url())
        body = page.content.decode()
        button = body.split('id="open-bids"', 1)[1].split(">", 1)[0]
        assert "disabled" in button
        assert str(tender.refused_transitions(municipal_staff)["open"]) in body


@pytest.mark.django_db
class TestTenderListFiltersOnPhones:
    """The search box stays in view; the other filters sit behind a "Filters"
    button (a <details> the CSS keeps open on wide screens), open while one
    of them is set."""

    def test_filters_fold_away_until_one_is_set(self, client):
        body = client.get(reverse("procurement:tender-list")).content.decode()
        assert '<details class="filter-panel" id="tender-filter-panel">' in body
        assert 'name="q"' in body.split('id="tender-filter-panel"')[0]
        searched = client.get(reverse("procurement:tender-list"), {"q": "суу"})
        assert '<details class="filter-panel" id="tender-filter-panel">' in (
            searched.content.decode()
        )
        filtered = client.get(
            reverse("procurement:tender-list"), {"status": "published"}
        ).content.decode()
        assert '<details class="filter-panel" id="tender-filter-panel" open>' in (
            filtered
        )

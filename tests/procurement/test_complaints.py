"""Complaints to the independent review commission: who may file what and
when, the municipality's explanation, who decides (never the municipality
concerned), each decision's effect on the tender, and that decisions are
public. Pages, services and notifications against the real services."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipalities.models import RoleAction, RoleChange
from portal.accounts.models import Role
from portal.errors import DomainError
from procurement import services
from procurement.models import (
    Amendment,
    Award,
    Bid,
    Complaint,
    TenderStatus,
)
from tests.accounts.factories import (
    AcademyAdminFactory,
    ConsultantUserFactory,
    CoordinatorFactory,
    ReviewBodyFactory,
    UserFactory,
)
from tests.municipalities.factories import StaffMembershipFactory
from tests.notifications.helpers import emails_to
from tests.procurement.factories import (
    bid_content,
    certified_consultant,
    move_past,
    tender_at_status,
)

S = TenderStatus


def _decide_post(complaint, decision, effect, reasons="Негиздүү.", confirmed=True):
    data = {
        f"complaint-{complaint.pk}-decision": decision,
        f"complaint-{complaint.pk}-effect": effect,
        f"complaint-{complaint.pk}-reasons": reasons,
    }
    if confirmed:
        data["confirmed"] = "1"
    return data


def _terms_complaint(tender, consultant=None, text="Талап атаандаштыкты чектейт."):
    return services.complaint_file(
        tender=tender,
        consultant=consultant or certified_consultant(),
        subject="terms",
        text=text,
    )


def _evaluation_complaint(tender, bid):
    with time_machine.travel(move_past(tender.award.notified_at), tick=False):
        return services.complaint_file(
            bid=bid, consultant=bid.consultant, text="Баалоо туура эмес."
        )


def _explained(complaint, staff):
    return services.complaint_explain(
        complaint=complaint, by=staff, explanation="Эреже сакталды."
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
class TestFiling:
    def test_a_member_who_may_bid_complains_about_the_terms_on_the_page(
        self, client_for
    ):
        tender, _ = tender_at_status(S.PUBLISHED)
        member = certified_consultant()
        client = client_for(member.user)
        page = client.get(tender.get_absolute_url()).content.decode()
        assert 'id="terms-complaint-form"' in page
        client.post(
            reverse("procurement:complaint-terms", args=[tender.pk]),
            {"text": "Тажрыйба талабы ашыкча."},
        )
        complaint = Complaint.objects.get()
        assert (complaint.subject, complaint.bid, complaint.consultant) == (
            "terms",
            None,
            member,
        )

    def test_terms_complaint_refused_after_the_deadline(self, client_for):
        tender, _ = tender_at_status(S.PUBLISHED)
        member = certified_consultant()
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            with pytest.raises(DomainError, match="before the submission deadline"):
                _terms_complaint(tender, member)
            client = client_for(member.user)
            page = client.get(tender.get_absolute_url()).content.decode()
            assert 'id="terms-complaint-form"' not in page
            client.post(
                reverse("procurement:complaint-terms", args=[tender.pk]),
                {"text": "Кеч."},
            )
        assert not Complaint.objects.exists()

    def test_terms_complaint_refused_to_other_roles(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        url = reverse("procurement:complaint-terms", args=[tender.pk])
        for user in (staff, ReviewBodyFactory(), CoordinatorFactory()):
            assert client_for(user).post(url, {"text": "x"}).status_code == 403
        # a consultant account without a profile may not bid, nor complain
        assert (
            client_for(ConsultantUserFactory()).post(url, {"text": "x"}).status_code
            == 403
        )
        assert not Complaint.objects.exists()

    def test_evaluation_complaint_only_during_the_standstill(self):
        tender, bids = tender_at_status(S.EVALUATED)
        with pytest.raises(DomainError, match="only during the standstill"):
            services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Эрте."
            )
        tender, bids = tender_at_status(S.AWARD_PENDING)
        # during the standstill, not about the terms any more
        with pytest.raises(DomainError, match="before the submission deadline"):
            _terms_complaint(tender, bids[1].consultant)
        complaint = _evaluation_complaint(tender, bids[1])
        assert (complaint.subject, complaint.bid) == ("evaluation", bids[1])
        with (
            time_machine.travel(move_past(tender.award.standstill_ends_at)),
            pytest.raises(DomainError, match="only during the standstill"),
        ):
            services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Кеч."
            )
        assert Complaint.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
class TestWhoDecides:
    def test_the_municipality_cannot_decide_its_own_complaint(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _explained(_terms_complaint(tender), staff)
        url = reverse("procurement:complaint-decide", args=[complaint.pk])
        data = _decide_post(complaint, "upheld", "cancel")
        for user in (
            staff,
            StaffMembershipFactory(municipality=tender.municipality).user,
            StaffMembershipFactory().user,
            CoordinatorFactory(),
            AcademyAdminFactory(),
            complaint.consultant.user,
        ):
            assert client_for(user).post(url, data).status_code == 403, user
        assert (
            client_for(staff).get(reverse("procurement:review-list")).status_code == 403
        )
        with pytest.raises(PermissionDenied):
            services.complaint_decide(
                complaint=complaint,
                by=staff,
                decision="upheld",
                reasons="Өзүм.",
                effect="cancel",
            )
        # anonymous: to the sign-in page
        response = client_for(None).post(url, data)
        assert response.status_code == 302 and "login" in response["Location"]
        complaint.refresh_from_db()
        tender.refresh_from_db()
        assert (complaint.decision, tender.status) == ("", S.PUBLISHED)
        page = client_for(staff).get(tender.get_absolute_url()).content.decode()
        assert 'decision-form" novalidate' not in page

    def test_only_the_municipality_concerned_explains(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _terms_complaint(tender)
        url = reverse("procurement:complaint-explain", args=[complaint.pk])
        for user in (
            StaffMembershipFactory().user,
            ReviewBodyFactory(),
            complaint.consultant.user,
            AcademyAdminFactory(),
        ):
            response = client_for(user).post(url, {"explanation": "Бөтөн."})
            assert response.status_code == 403, user
        assert Complaint.objects.get().explained_at is None
        client_for(staff).post(url, {"explanation": "Өз жообубуз."})
        assert Complaint.objects.get().explanation == "Өз жообубуз."

    def test_a_draft_tenders_complaint_is_not_found(self, client_for):
        reviewer = ReviewBodyFactory()
        url = reverse("procurement:complaint-decide", args=[999999])
        assert client_for(reviewer).post(url, {}).status_code == 404

    def test_a_member_of_the_commission_decides_after_a_confirmation(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _terms_complaint(tender)
        reviewer = ReviewBodyFactory()
        client = client_for(reviewer)
        review = client.get(reverse("procurement:review-list")).content.decode()
        # the municipality has not answered yet and its time is running
        assert complaint.text in review and 'decision-form" novalidate' not in review
        client_for(staff).post(
            reverse("procurement:complaint-explain", args=[complaint.pk]),
            {"explanation": "Талап программанын көлөмүнөн келип чыгат."},
        )
        review = client.get(reverse("procurement:review-list")).content.decode()
        assert "Талап программанын көлөмүнөн" in review
        assert 'decision-form" novalidate' in review
        url = reverse("procurement:complaint-decide", args=[complaint.pk])
        first = client.post(
            url, _decide_post(complaint, "rejected", "none", confirmed=False)
        )
        assert 'name="confirmed"' in first.content.decode()
        assert Complaint.objects.get().decision == ""
        client.post(url, _decide_post(complaint, "rejected", "none"))
        complaint.refresh_from_db()
        assert complaint.decision == "rejected"
        assert complaint.answered_by == reviewer
        tender.refresh_from_db()
        assert tender.status == S.PUBLISHED
        # decided once
        again = client.post(url, _decide_post(complaint, "upheld", "cancel"))
        assert again.status_code == 302
        assert Complaint.objects.get().decision == "rejected"

    def test_the_commission_may_decide_without_an_answer_once_its_time_passed(
        self, settings
    ):
        tender, _ = tender_at_status(S.PUBLISHED)
        complaint = _terms_complaint(tender)
        reviewer = ReviewBodyFactory()
        with pytest.raises(DomainError, match="may answer until"):
            services.complaint_decide(
                complaint=complaint,
                by=reviewer,
                decision="rejected",
                reasons="x",
                effect="none",
            )
        later = complaint.filed_at + timedelta(
            days=settings.PROCUREMENT_COMPLAINT_ANSWER_DAYS, seconds=1
        )
        with time_machine.travel(later, tick=False):
            services.complaint_decide(
                complaint=complaint,
                by=reviewer,
                decision="rejected",
                reasons="Жооп берилген жок; даттануу негизсиз.",
                effect="none",
            )
        assert Complaint.objects.get().decision == "rejected"

    def test_a_rejected_complaint_has_no_effect_and_effects_fit_the_subject(self):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _explained(_terms_complaint(tender), staff)
        reviewer = ReviewBodyFactory()
        for decision, effect, message in [
            ("rejected", "cancel", "no effect"),
            ("upheld", "reevaluate", "does not apply"),
            ("", "none", "Choose the decision"),
        ]:
            with pytest.raises(DomainError, match=message):
                services.complaint_decide(
                    complaint=complaint,
                    by=reviewer,
                    decision=decision,
                    reasons="x",
                    effect=effect,
                )
        with pytest.raises(DomainError, match="reasons"):
            services.complaint_decide(
                complaint=complaint,
                by=reviewer,
                decision="upheld",
                reasons="  ",
                effect="none",
            )
        assert Complaint.objects.get().decision == ""


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
class TestEffects:
    def _decide(self, complaint, decision, effect):
        return services.complaint_decide(
            complaint=complaint,
            by=ReviewBodyFactory(),
            decision=decision,
            reasons="Комиссиянын чечими.",
            effect=effect,
        )

    def test_suspension_stops_bids_and_deadlines_until_resumed(self, client_for):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _explained(_terms_complaint(tender), staff)
        self._decide(complaint, "partly_upheld", "suspend")
        tender.refresh_from_db()
        assert tender.status == S.SUSPENDED
        assert not tender.accepts_bids()
        with pytest.raises(DomainError):
            services.bid_submit(
                tender=tender,
                consultant=certified_consultant(),
                content=bid_content("300000"),
            )
        # the deadline passes while suspended: the sweep does not close it
        with time_machine.travel(move_past(tender.submission_deadline), tick=False):
            services.advance_deadlines()
            tender.refresh_from_db()
            assert tender.status == S.SUSPENDED
            client = client_for(staff)
            page = client.get(tender.get_absolute_url()).content.decode()
            assert 'id="suspended-notice"' in page and 'id="resume"' in page
            resume = reverse("procurement:tender-resume", args=[tender.pk])
            fmt = "%Y-%m-%dT%H:%M"
            too_soon = timezone.localtime() + timedelta(days=1)
            response = client.post(
                resume,
                {
                    "summary": "Тажрыйба талабы 5 жылга кыскартылды.",
                    "submission_deadline": too_soon.strftime(fmt),
                    "opening_at": (too_soon + timedelta(hours=1)).strftime(fmt),
                },
            )
            assert response.status_code == 200
            tender.refresh_from_db()
            assert tender.status == S.SUSPENDED
            deadline = timezone.localtime() + timedelta(days=10)
            client.post(
                resume,
                {
                    "summary": "Тажрыйба талабы 5 жылга кыскартылды.",
                    "submission_deadline": deadline.strftime(fmt),
                    "opening_at": (deadline + timedelta(hours=1)).strftime(fmt),
                },
            )
            tender.refresh_from_db()
            assert tender.status == S.PUBLISHED and tender.accepts_bids()
            assert (
                timezone.localtime(tender.submission_deadline).date() == deadline.date()
            )
            amendment = Amendment.objects.get(tender=tender)
            assert "5 жылга" in amendment.summary
            assert all(
                bid.needs_confirmation for bid in Bid.objects.filter(tender=tender)
            )

    def test_only_the_municipality_resumes(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        self._decide(_explained(_terms_complaint(tender), staff), "upheld", "suspend")
        url = reverse("procurement:tender-resume", args=[tender.pk])
        for user in (ReviewBodyFactory(), StaffMembershipFactory().user):
            assert client_for(user).get(url).status_code == 403

    def test_reevaluation_annuls_the_award(self):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.AWARD_PENDING, staff=staff)
        complaint = _explained(_evaluation_complaint(tender, bids[1]), staff)
        self._decide(complaint, "upheld", "reevaluate")
        tender.refresh_from_db()
        # a new round of the committee's scoring (tests/procurement/
        # test_reevaluation.py): back to the technical evaluation
        assert tender.status == S.OPENED and tender.evaluation_round == 2
        assert not Award.objects.filter(tender=tender).exists()
        assert "award" not in tender.available_transitions(staff)

    def test_cancellation_cancels_the_tender_with_the_reasons(self):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.AWARD_PENDING, staff=staff)
        complaint = _explained(_evaluation_complaint(tender, bids[1]), staff)
        self._decide(complaint, "upheld", "cancel")
        tender.refresh_from_db()
        assert tender.status == S.CANCELLED
        assert tender.cancel_reason == "complaint"
        assert tender.cancel_explanation == "Комиссиянын чечими."
        assert not Award.objects.filter(tender=tender).exists()

    def test_an_upheld_decision_without_effect_leaves_the_tender(self):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.AWARD_PENDING, staff=staff)
        complaint = _explained(_evaluation_complaint(tender, bids[1]), staff)
        self._decide(complaint, "partly_upheld", "none")
        tender.refresh_from_db()
        assert tender.status == S.AWARD_PENDING


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
class TestPublicity:
    def test_the_decision_is_public_and_the_pending_text_is_not(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _terms_complaint(tender, text="Жашыруун даттануунун тексти.")
        anonymous = client_for(None)
        page = anonymous.get(tender.get_absolute_url()).content.decode()
        assert 'id="complaints"' in page
        assert "Жашыруун даттануунун тексти." not in page
        own = client_for(complaint.consultant.user).get(tender.get_absolute_url())
        assert "Жашыруун даттануунун тексти." in own.content.decode()
        _explained(complaint, staff)
        services.complaint_decide(
            complaint=complaint,
            by=ReviewBodyFactory(),
            decision="partly_upheld",
            reasons="Талап ашыкча; мөөнөт жаңыланат.",
            effect="suspend",
        )
        page = anonymous.get(tender.get_absolute_url()).content.decode()
        for text in (
            "Жашыруун даттануунун тексти.",
            "Эреже сакталды.",
            "Талап ашыкча; мөөнөт жаңыланат.",
            'data-decision="partly_upheld"',
        ):
            assert text in page, text

    def test_everyone_concerned_is_told(self):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(S.PUBLISHED, staff=staff)
        reviewer = ReviewBodyFactory()
        complaint = _terms_complaint(tender)
        complainant = complaint.consultant.user.email
        for address in (complainant, staff.email, reviewer.email):
            assert emails_to(address, "tender.complaint_filed"), address
        _explained(complaint, staff)
        assert emails_to(reviewer.email, "tender.complaint_explained")
        services.complaint_decide(
            complaint=complaint,
            by=reviewer,
            decision="upheld",
            reasons="Негиздүү.",
            effect="suspend",
        )
        for address in (complainant, staff.email, reviewer.email):
            assert emails_to(address, "tender.complaint_answered"), address
        assert emails_to(bids[0].consultant.user.email, "tender.suspended")


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
class TestReviewPage:
    def test_lists_every_regions_complaints_in_constant_queries(self, client_for):
        reviewer = ReviewBodyFactory()
        client = client_for(reviewer)
        url = reverse("procurement:review-list")
        tender, _ = tender_at_status(S.PUBLISHED)
        _terms_complaint(tender)
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        for _ in range(3):
            other, _ = tender_at_status(S.PUBLISHED)
            _terms_complaint(other)
        with CaptureQueriesContext(connection) as four:
            body = client.get(url).content.decode()
        assert body.count('class="review-item"') == 4
        assert len(four) == len(one)

    def test_refused_to_other_roles(self, client_for):
        url = reverse("procurement:review-list")
        for user in (
            StaffMembershipFactory().user,
            ConsultantUserFactory(),
            CoordinatorFactory(),
            AcademyAdminFactory(),
        ):
            assert client_for(user).get(url).status_code == 403


@pytest.mark.django_db
class TestCommissionMembers:
    def test_the_academy_appoints_and_removes_a_member(self, client_for):
        admin = AcademyAdminFactory()
        person = UserFactory(role="")
        client = client_for(admin)
        url = reverse("procurement:review-members")
        client.post(url, {"email": person.email, "reason": "Буйрук № 7"})
        person.refresh_from_db()
        assert person.role == Role.REVIEW_BODY
        assert RoleChange.objects.filter(
            user=person, action=RoleAction.REVIEWER_APPOINTED, reason="Буйрук № 7"
        ).exists()
        assert person.email in client.get(url).content.decode()
        client.post(
            reverse("procurement:review-member-remove", args=[person.pk]),
            {"reason": "Мөөнөтү бүттү"},
        )
        person.refresh_from_db()
        assert person.role == ""
        assert RoleChange.objects.filter(
            user=person, action=RoleAction.REVIEWER_REMOVED
        ).exists()

    def test_staff_and_consultants_cannot_be_appointed(self, client_for):
        admin = AcademyAdminFactory()
        staff = StaffMembershipFactory().user
        consultant = ConsultantUserFactory()
        for person in (staff, consultant):
            with pytest.raises(DomainError, match="another role"):
                services.review_member_appoint(user=person, by=admin, reason="x")
            person.refresh_from_db()
            assert person.role != Role.REVIEW_BODY

    def test_only_the_academy_manages_the_commission(self, client_for):
        url = reverse("procurement:review-members")
        person = UserFactory(role="")
        for user in (
            ReviewBodyFactory(),
            StaffMembershipFactory().user,
            CoordinatorFactory(),
        ):
            client = client_for(user)
            assert client.get(url).status_code == 403
            assert (
                client.post(url, {"email": person.email, "reason": "x"}).status_code
                == 403
            )
        person.refresh_from_db()
        assert person.role == ""


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
class TestApi:
    def test_the_municipality_cannot_decide_its_own_complaint(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        complaint = _terms_complaint(tender)
        url = f"/api/v1/complaints/{complaint.pk}/decision/"
        body = {"decision": "upheld", "reasons": "Өзүм.", "effect": "cancel"}
        for user in (staff, CoordinatorFactory(), AcademyAdminFactory()):
            response = client_for(user).post(url, body, content_type="application/json")
            assert response.status_code == 403, user
        assert client_for(None).post(url, body).status_code == 403
        missing = "/api/v1/complaints/999999/decision/"
        assert client_for(ReviewBodyFactory()).post(missing, body).status_code == 404
        # explanation: the municipality's only
        explain = f"/api/v1/complaints/{complaint.pk}/explanation/"
        other = StaffMembershipFactory().user
        assert client_for(other).post(explain, {"explanation": "x"}).status_code == 403
        response = client_for(staff).post(
            explain, {"explanation": "Эреже сакталды."}, content_type="application/json"
        )
        assert response.status_code == 200
        assert response.json()["explanation"] == "Эреже сакталды."
        reviewer = client_for(ReviewBodyFactory())
        response = reviewer.post(
            url,
            {"decision": "rejected", "reasons": "x", "effect": "cancel"},
            content_type="application/json",
        )
        assert response.status_code == 409  # a rejection has no effect
        response = reviewer.post(url, body, content_type="application/json")
        assert response.status_code == 200
        assert response.json()["decision"] == "upheld"
        tender.refresh_from_db()
        assert tender.status == S.CANCELLED

    def test_decisions_are_public_and_pending_texts_are_not(self, client_for):
        staff = StaffMembershipFactory().user
        tender, _ = tender_at_status(S.PUBLISHED, staff=staff)
        pending = _terms_complaint(tender, text="Күтүп жаткан даттануу.")
        decided = _explained(_terms_complaint(tender, text="Чечилген."), staff)
        services.complaint_decide(
            complaint=decided,
            by=ReviewBodyFactory(),
            decision="rejected",
            reasons="Негизсиз.",
            effect="none",
        )
        rows = {
            row["id"]: row
            for row in client_for(None)
            .get(f"/api/v1/complaints/?tender={tender.pk}")
            .json()["results"]
        }
        assert rows[decided.pk]["text"] == "Чечилген."
        assert rows[decided.pk]["reasons"] == "Негизсиз."
        assert rows[pending.pk]["text"] is None
        assert rows[pending.pk]["decision"] == ""
        own = client_for(pending.consultant.user).get(
            f"/api/v1/complaints/{pending.pk}/"
        )
        assert own.json()["text"] == "Күтүп жаткан даттануу."

"""Procurement methods as rules: who may bid under each method (one check,
two lists, the same answer), what each method needs and publishes, and who
hears of it. Real PostgreSQL, real outbox and email delivery."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from consultants.models import NetworkStatus
from portal.errors import DomainError
from procurement import services
from procurement.models import Bid, Invitation, Tender, TenderStatus
from procurement.services.evaluation import Ranked, rank_bids
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.notifications.helpers import emails_to
from tests.procurement.factories import (
    TenderFactory,
    certified_consultant,
    move_past,
    submit_bid,
    subscriber,
)
from tests.procurement.test_api_write import bid_body

JUSTIFICATION = "Law No. 27, art. 21(1)(3): continuation of the same assignment."


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def invited_tender(method="restricted", invitees=3, **kwargs):
    people = [certified_consultant() for _ in range(invitees)]
    selection = "consultPrice" if method == "rfq" else "consultQualityPrice"
    tender = TenderFactory(
        procurement_method=method, selection_method=selection, **kwargs
    )
    tender.invited_consultants.set(people)
    return tender, people


def single_source_tender(member=None, **kwargs):
    member = member or certified_consultant()
    tender = TenderFactory(
        procurement_method="single_source",
        selection_method="consultSingleSource",
        single_source_consultant=member,
        single_source_justification=JUSTIFICATION,
        **kwargs,
    )
    return tender, member


def two_stage_tender(selection="consultQualityPrice", **kwargs):
    return TenderFactory(
        procurement_method="two_stage",
        selection_method=selection,
        interest_deadline=timezone.now() + timedelta(days=11),
        **kwargs,
    )


def apply(tender, consultant, contracts=3):
    return services.interest_express(
        tender=tender,
        consultant=consultant,
        interest=services.Interest(
            experience="Стратегии развития для 4 айыл окмоту.",
            relevant_contracts=contracts,
        ),
    )


def after_interest(tender):
    return time_machine.travel(move_past(tender.interest_deadline), tick=False)


def shortlisted_tender(applicants=4, on_list=3, selection="consultQualityPrice"):
    tender = two_stage_tender(selection=selection)
    services.interest_call(tender=tender, by=None)
    people = [certified_consultant() for _ in range(applicants)]
    expressions = [apply(tender, person) for person in people]
    with after_interest(tender):
        services.shortlist_make(
            tender=tender,
            by=None,
            chosen={e.pk: "Five similar strategies." for e in expressions[:on_list]},
        )
    tender.refresh_from_db()
    return tender, people


def request_proposals(tender):
    now = timezone.now()
    services.proposals_request(
        tender=tender,
        by=None,
        dates={
            "questions_deadline": now + timedelta(days=20),
            "submission_deadline": now + timedelta(days=30),
            "opening_at": now + timedelta(days=30, hours=1),
        },
    )
    tender.refresh_from_db()
    return tender


# ------------------------------------------------------------ one rule, lists
def assert_lists_agree(tender, people):
    listed = set(tender.eligible_consultants().values_list("pk", flat=True))
    checked = {c.pk for c in people if tender.eligibility_problem(c) is None}
    assert listed & {c.pk for c in people} == checked
    for person in people:
        biddable = Tender.objects.filter(pk=tender.pk).biddable_by(person.user_id)
        assert biddable.exists() == (person.pk in checked), person


@pytest.mark.django_db
class TestTheListsAgreeWithTheCheck:
    def outsiders(self):
        return [
            certified_consultant(),
            ConsultantFactory(status=NetworkStatus.PROVISIONAL),
            ConsultantFactory(status=NetworkStatus.SUSPENDED),
        ]

    def test_open(self):
        tender = TenderFactory()
        people = self.outsiders()
        assert_lists_agree(tender, people)
        assert tender.eligibility_problem(people[0]) is None

    @pytest.mark.parametrize("method", ["restricted", "rfq"])
    def test_invited_only(self, method):
        tender, invited = invited_tender(method)
        people = [*invited, *self.outsiders()]
        tender.terms_of_reference_authors.add(invited[0])
        assert_lists_agree(tender, people)
        assert tender.eligibility_problem(invited[1]) is None
        assert "invited" in str(tender.eligibility_problem(people[-3]))

    def test_single_source(self):
        tender, member = single_source_tender()
        people = [member, *self.outsiders()]
        assert_lists_agree(tender, people)
        assert tender.eligibility_problem(member) is None
        assert "single-source" in str(tender.eligibility_problem(people[1]))

    def test_two_stage_each_stage(self):
        tender = two_stage_tender()
        services.interest_call(tender=tender, by=None)
        tender.refresh_from_db()
        outsiders = self.outsiders()
        # the call: any eligible member may express interest
        assert_lists_agree(tender, outsiders)
        assert tender.eligibility_problem(outsiders[0]) is None
        tender, people = shortlisted_tender()
        everyone = [*people, *outsiders]
        assert_lists_agree(tender, everyone)
        tender = request_proposals(tender)
        assert_lists_agree(tender, everyone)
        assert tender.eligibility_problem(people[0]) is None
        assert "shortlisted" in str(tender.eligibility_problem(people[3]))


# ---------------------------------------------------------- restricted and RFQ
@pytest.mark.django_db
class TestInvitations:
    def test_publication_needs_the_legal_minimum(self, settings):
        settings.PROCUREMENT_MIN_INVITED = 3
        tender, _ = invited_tender(invitees=2)
        with pytest.raises(DomainError, match="Invite at least 3 members"):
            tender.publish()
        assert Tender.objects.get(pk=tender.pk).status == TenderStatus.DRAFT

    def test_invitees_are_notified_and_only_they_bid(self, municipal_staff):
        tender, invited = invited_tender(
            municipality=municipal_staff.staff_membership.municipality
        )
        services.tender_publish(tender=tender, by=municipal_staff)
        for person in invited:
            (message,) = emails_to(person.user.email, "tender.invited")
            assert tender.title_ky in message.body
        outsider = certified_consultant()
        assert not emails_to(outsider.user.email)
        submit_bid(tender, invited[0])
        with pytest.raises(DomainError, match="invited"):
            submit_bid(tender, outsider)
        # the page: the bid form sends the outsider back with the reason
        page = client_for(outsider.user).get(
            f"/en/tenders/{tender.pk}/bid/", follow=True
        )
        assert "Only members the municipality invited may bid." in page.text
        # the API: refused, nothing stored
        response = client_for(outsider.user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )
        assert response.status_code in (403, 409)
        assert "invited" in response.json()["detail"]
        assert list(Bid.objects.values_list("consultant", flat=True)) == [invited[0].pk]

    def test_quotations_are_won_by_price_only(self):
        tender = TenderFactory(
            procurement_method="rfq", selection_method="consultQualityPrice"
        )
        with pytest.raises(ValidationError) as caught:
            tender.full_clean()
        assert "lowest compliant quote" in str(caught.value.message_dict)
        entries = [
            Ranked(key="a", technical=95, price=500),
            Ranked(key="b", technical=75, price=300),
        ]
        rank_bids(
            entries,
            method="consultPrice",
            technical_weight=80,
            min_technical=70,
            budget=1000,
        )
        assert [e.key for e in sorted(entries, key=lambda e: e.rank)] == ["b", "a"]

    def test_the_form_says_too_few_invitees(self, municipal_staff):
        tender, invited = invited_tender(
            municipality=municipal_staff.staff_membership.municipality
        )
        page = client_for(municipal_staff).get(f"/en/tenders/{tender.pk}/edit/")
        assert 'id="method-fields"' in page.text
        form = page.context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value()}
        data["invited_consultants"] = [invited[0].pk]
        data.update(
            {
                "criteria-TOTAL_FORMS": "0",
                "criteria-INITIAL_FORMS": "0",
                "criteria-MIN_NUM_FORMS": "0",
                "criteria-MAX_NUM_FORMS": "1000",
            }
        )
        for key in ("questions_deadline", "submission_deadline", "opening_at"):
            data[key] = timezone.localtime(getattr(tender, key)).strftime(
                "%Y-%m-%dT%H:%M"
            )
        data["expertise_areas"] = [a.pk for a in tender.expertise_areas.all()]
        data["regions"] = [r.pk for r in tender.regions.all()]
        response = client_for(municipal_staff).post(
            f"/en/tenders/{tender.pk}/edit/", data
        )
        assert response.status_code == 200
        assert "Invite at least 3 members" in response.text
        assert tender.invitations.count() == 3


# ----------------------------------------------------------------- single source
@pytest.mark.django_db
class TestSingleSource:
    def test_needs_the_member_and_the_justification(self):
        tender = TenderFactory(
            procurement_method="single_source", selection_method="consultSingleSource"
        )
        with pytest.raises(ValidationError) as caught:
            tender.full_clean()
        errors = caught.value.message_dict
        assert "single_source_consultant" in errors
        assert "single_source_justification" in errors

    def test_justification_published_and_only_the_member_submits(self):
        tender, member = single_source_tender()
        services.tender_publish(tender=tender, by=None)
        (message,) = emails_to(member.user.email, "tender.invited")
        # in the member's language (Kyrgyz by default)
        assert "бир булак катары" in message.body
        page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/en/tenders/{tender.pk}/")
        assert JUSTIFICATION in page.text
        outsider = certified_consultant()
        with pytest.raises(DomainError, match="single-source"):
            submit_bid(tender, outsider)
        response = client_for(outsider.user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )
        assert response.status_code in (403, 409)
        assert not Bid.objects.exists()
        submit_bid(tender, member)
        assert Bid.objects.get().consultant == member

    def test_fields_of_another_method_are_dropped(self):
        tender = TenderFactory(
            single_source_consultant=certified_consultant(),
            single_source_justification=JUSTIFICATION,
        )
        tender.full_clean()
        assert tender.single_source_consultant is None
        assert tender.single_source_justification == ""


# ----------------------------------------------------------------- two stages
@pytest.mark.django_db
class TestTwoStage:
    def test_the_draft_cannot_skip_the_call(self):
        tender = two_stage_tender()
        with pytest.raises(DomainError, match="expressions of interest"):
            tender.publish()
        staff = StaffMembershipFactory(municipality=tender.municipality).user
        actions = tender.available_transitions(staff)
        assert "publish" not in actions and "call_for_interest" in actions

    def test_call_applications_shortlist_proposals(self, settings):
        settings.PROCUREMENT_SHORTLIST_MIN = 3
        tender = two_stage_tender()
        services.interest_call(tender=tender, by=None)
        tender.refresh_from_db()
        assert tender.status == TenderStatus.INTEREST and tender.published_at
        people = [certified_consultant() for _ in range(4)]
        expressions = [apply(tender, p) for p in people]
        # no bids during the call
        with pytest.raises(DomainError):
            submit_bid(tender, people[0])
        chosen = {e.pk: "Similar work in Chui." for e in expressions[:3]}
        with pytest.raises(DomainError, match="not passed"):
            services.shortlist_make(tender=tender, by=None, chosen=chosen)
        with after_interest(tender):
            with pytest.raises(DomainError, match="from 3 to 6"):
                services.shortlist_make(
                    tender=tender, by=None, chosen=dict(list(chosen.items())[:2])
                )
            with pytest.raises(DomainError, match="reason"):
                services.shortlist_make(
                    tender=tender, by=None, chosen={**chosen, expressions[3].pk: ""}
                )
            assert not Invitation.objects.exists()
            services.shortlist_make(tender=tender, by=None, chosen=chosen)
        tender.refresh_from_db()
        assert tender.status == TenderStatus.SHORTLISTED
        # published with its reasons
        page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/en/tenders/{tender.pk}/")
        assert 'id="shortlist"' in page.text and "Similar work in Chui." in page.text
        # every applicant is told, on the list or not
        (on_list,) = emails_to(people[0].user.email, "tender.shortlisted")
        assert "кыска тизмеге киргизди" in on_list.body
        (off_list,) = emails_to(people[3].user.email, "tender.shortlisted")
        assert "Сиз анда жоксуз" in off_list.body
        tender = request_proposals(tender)
        assert tender.status == TenderStatus.PUBLISHED
        assert emails_to(people[1].user.email, "tender.invited")
        assert not emails_to(people[3].user.email, "tender.invited")
        submit_bid(tender, people[0])
        with pytest.raises(DomainError, match="shortlisted"):
            submit_bid(tender, people[3])
        response = client_for(people[3].user).post(
            f"/api/v1/tenders/{tender.pk}/bids/", bid_body()
        )
        assert response.status_code in (403, 409)
        assert Bid.objects.count() == 1

    def test_the_call_reaches_subscribers_who_may_apply(self):
        listening = subscriber(language="en")
        restricted, invited = invited_tender()
        services.tender_publish(tender=restricted, by=None)
        # a restricted tender reaches its invitees only, not the subscribers
        assert not emails_to(listening.user.email, "tender.published")
        tender = two_stage_tender()
        services.interest_call(tender=tender, by=None)
        (message,) = emails_to(listening.user.email, "tender.published")
        assert "Deadline for expressions of interest" in message.body

    def test_qualification_invites_the_one_best_qualified(self):
        tender = two_stage_tender(selection="consultQualification")
        services.interest_call(tender=tender, by=None)
        people = [certified_consultant() for _ in range(2)]
        expressions = [apply(tender, p, contracts=n) for n, p in enumerate(people)]
        with after_interest(tender):
            with pytest.raises(DomainError, match="exactly 1"):
                services.shortlist_make(
                    tender=tender,
                    by=None,
                    chosen={e.pk: "Most similar contracts." for e in expressions},
                )
            services.shortlist_make(
                tender=tender,
                by=None,
                chosen={expressions[1].pk: "Most similar contracts."},
            )
        tender = request_proposals(Tender.objects.get(pk=tender.pk))
        assert tender.minimum_bids == 1
        submit_bid(tender, people[1])
        with pytest.raises(DomainError, match="shortlisted"):
            submit_bid(tender, people[0])

    def test_qualification_needs_the_two_stage_method(self):
        tender = TenderFactory(selection_method="consultQualification")
        with pytest.raises(ValidationError) as caught:
            tender.full_clean()
        assert "selection_method" in caught.value.message_dict

    def test_pages_refuse_others(self, municipal_staff):
        tender = two_stage_tender()
        services.interest_call(tender=tender, by=None)
        outsider_staff = municipal_staff
        assert (
            client_for(outsider_staff).get(f"/en/tenders/{tender.pk}/shortlist/")
        ).status_code == 403
        provisional = ConsultantFactory(
            status=NetworkStatus.PROVISIONAL, user=ConsultantUserFactory()
        )
        page = client_for(provisional.user).post(
            f"/en/tenders/{tender.pk}/interest/",
            {"experience": "x", "relevant_contracts": 1},
            follow=True,
        )
        assert "Only certified network members" in page.text
        assert not tender.expressions.exists()


# ------------------------------------------------------------- codes and data
@pytest.mark.django_db
def test_old_selection_codes_are_migrated():
    from importlib import import_module

    migration = import_module(
        "procurement.migrations.0010_selection_methods_take_state_portal_codes"
    )
    old = TenderFactory()
    single = TenderFactory(procurement_method="single_source")
    Tender.objects.filter(pk=old.pk).update(selection_method="least_cost")
    migration.to_state_portal_codes(apps, None)
    assert Tender.objects.get(pk=old.pk).selection_method == "consultPrice"
    assert Tender.objects.get(pk=single.pk).selection_method == "consultSingleSource"


@pytest.mark.django_db
def test_ocds_uses_the_state_portal_codes():
    from procurement.ocds.sections import _tender_section

    tender, _ = invited_tender("restricted")
    tender.publish()
    section = _tender_section(tender, status="active")
    assert section["procurementMethod"] == "selective"
    assert section["procurementMethodDetails"] == "consultQualityPrice"
    single, _ = single_source_tender()
    single.publish()
    section = _tender_section(single, status="active")
    assert section["procurementMethod"] == "limited"
    assert section["procurementMethodDetails"] == "consultSingleSource"


@pytest.mark.django_db
def test_two_stage_through_the_pages(settings):
    """The pages, as a browser without JavaScript posts them."""
    settings.PROCUREMENT_SHORTLIST_MIN = 1
    tender = two_stage_tender()
    staff = client_for(StaffMembershipFactory(municipality=tender.municipality).user)
    base = f"/en/tenders/{tender.pk}"
    page = staff.get(f"{base}/")
    assert 'id="call-for-interest"' in page.text
    staff.post(f"{base}/interest/call/")
    tender.refresh_from_db()
    assert tender.status == TenderStatus.INTEREST
    member = certified_consultant()
    as_member = client_for(member.user)
    assert 'id="express-interest"' in as_member.get(f"{base}/").text
    empty = as_member.post(
        f"{base}/interest/", {"experience": "", "relevant_contracts": ""}
    )
    assert empty.status_code == 200 and 'id="error-summary"' in empty.text
    as_member.post(
        f"{base}/interest/", {"experience": "Four strategies.", "relevant_contracts": 4}
    )
    expression = tender.expressions.get()
    assert expression.consultant == member
    # the shortlist page opens only once the call has closed
    assert staff.get(f"{base}/shortlist/").status_code == 403
    with after_interest(tender):
        no_reason = staff.post(f"{base}/shortlist/", {f"pick_{expression.pk}": "on"})
        assert "Give the reason" in no_reason.text
        staff.post(
            f"{base}/shortlist/",
            {f"pick_{expression.pk}": "on", f"reason_{expression.pk}": "Best fit."},
        )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.SHORTLISTED
    assert "Best fit." in client_for(member.user).get(f"{base}/").text
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    staff.post(
        f"{base}/proposals/",
        {
            "submission_deadline": (now + timedelta(days=30)).strftime(fmt),
            "opening_at": (now + timedelta(days=30, hours=1)).strftime(fmt),
        },
    )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PUBLISHED
    assert tender.eligibility_problem(member) is None

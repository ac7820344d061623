"""Tender alerts: who a new tender reaches (subscriptions and eligibility,
with the reason), reminders by Bishkek calendar days, daily digests,
followers, "tenders for me", the alert settings and the feed."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from consultants.models import NetworkStatus
from portal.notifications.models import Notification, Preferences, Rhythm, Status
from portal.notifications.services import sweep
from portal.outbox.models import Event
from procurement import services
from procurement.alerts import (
    daily_digests,
    deadline_reminders,
    tenders_for,
)
from procurement.models import TenderFollow, TenderSubscription
from procurement.notifications import subscribers
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    region,
)
from tests.notifications.helpers import deliver, emails_to
from tests.procurement.factories import (
    TenderFactory,
    certified_consultant,
    published_tender,
    submit_bid,
    subscriber,
)
from tests.trainings.factories import ProgrammeFactory
from trainings.models import Certificate, CertificateStatus

BISHKEK = timezone.get_fixed_timezone(6 * 60)


def at(year, month, day, hour=0, minute=0):
    """A moment in Bishkek time (UTC+6 all year)."""
    return datetime(year, month, day, hour, minute, tzinfo=BISHKEK)


def reached(tender) -> set:
    return set(subscribers(tender).values_list("pk", flat=True))


# ---------------------------------------------------------------- matching
@pytest.mark.django_db
class TestMatching:
    def test_region_and_expertise_decide(self):
        tender = TenderFactory()  # Naryn, strategy-test
        yes = subscriber()
        any_area = subscriber(expertise_code=None)
        any_region = subscriber(region_code=None)
        other_region = subscriber(region_code="KG-T")
        other_area = subscriber(expertise_code="tariffs-test")
        assert reached(tender) == {yes.user_id, any_area.user_id, any_region.user_id}
        assert other_region.user_id not in reached(tender)
        assert other_area.user_id not in reached(tender)

    def test_a_region_where_the_work_is_done_counts(self):
        tender = TenderFactory()
        tender.regions.add(region("KG-T"))
        talas = subscriber(region_code="KG-T")
        assert talas.user_id in reached(tender)

    def test_certification_required_reaches_only_who_may_bid(self):
        tender = TenderFactory(eligibility="certified")
        certified = subscriber()
        provisional = subscriber(status=NetworkStatus.PROVISIONAL)
        suspended = subscriber(status=NetworkStatus.SUSPENDED)
        withdrawn = subscriber(status=NetworkStatus.WITHDRAWN)
        applicant = subscriber(status=NetworkStatus.APPLICANT)
        assert reached(tender) == {certified.user_id}
        tender.eligibility = "registered"
        tender.save()
        assert reached(tender) == {certified.user_id, provisional.user_id}
        for excluded in (suspended, withdrawn, applicant):
            assert excluded.user_id not in reached(tender)

    def test_authors_of_the_terms_of_reference_are_not_told(self):
        tender = TenderFactory()
        author = subscriber()
        tender.terms_of_reference_authors.add(author)
        assert author.user_id not in reached(tender)

    def test_a_certificate_past_its_date_no_longer_counts(self, academy_admin):
        tender = TenderFactory(eligibility="certified")
        person = subscriber(status=NetworkStatus.CERTIFIED)
        today = timezone.localdate()
        Certificate.objects.create(
            consultant=person,
            programme=ProgrammeFactory(),
            number="BAZhBA-TEST-1",
            issued_on=today - timedelta(days=800),
            expires_on=today - timedelta(days=1),
            status=CertificateStatus.ACTIVE,
        )
        assert tender.eligibility_problem(person) is not None
        assert person.user_id not in reached(tender)

    def test_the_list_agrees_with_the_check_of_one(self):
        tender = TenderFactory(eligibility="certified")
        people = [
            certified_consultant(),
            ConsultantFactory(status=NetworkStatus.PROVISIONAL),
            ConsultantFactory(status=NetworkStatus.SUSPENDED),
            ConsultantFactory(status=NetworkStatus.WITHDRAWN),
            ConsultantFactory(status=NetworkStatus.APPLICANT),
        ]
        tender.terms_of_reference_authors.add(people[0])
        people.append(certified_consultant())
        for eligibility in ("certified", "registered"):
            tender.eligibility = eligibility
            tender.save()
            listed = set(tender.eligible_consultants().values_list("pk", flat=True))
            checked = {c.pk for c in people if tender.eligibility_problem(c) is None}
            assert listed & {c.pk for c in people} == checked

    def test_staff_and_coordinators_need_no_eligibility(self, coordinator):
        tender = TenderFactory()
        staff = StaffMembershipFactory().user
        for user in (staff, coordinator):
            TenderSubscription.objects.create(user=user, region=region("KG-N"))
        assert {staff.pk, coordinator.pk} <= reached(tender)

    def test_the_reason_names_the_subscription_in_the_readers_language(self):
        area = ExpertiseAreaFactory(code="strategy-test")
        person = subscriber(language="ru")
        services.tender_publish(tender=TenderFactory(), by=None)
        deliver()
        row = Notification.objects.get(recipient=person.user, channel="in_app")
        with translation.override("ru"):
            expected = f"{region('KG-N').name} · {area.name}"
        assert row.reason == expected
        (message,) = emails_to(person.user.email)
        assert f"Почему вы это получили: {expected}." in message.body

    def test_publishing_tells_every_matching_consultant_once(self):
        people = [subscriber() for _ in range(30)]
        services.tender_publish(tender=TenderFactory(), by=None)
        deliver()
        deliver()
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            p.user.email for p in people
        )


# ---------------------------------------------------------------- followers
@pytest.mark.django_db
class TestFollowers:
    def test_bidders_hear_as_bidders_followers_as_alerts(self, client_for):
        tender = published_tender()
        bidder = certified_consultant()
        submit_bid(tender, bidder)
        follower = ConsultantUserFactory()
        assert (
            client_for(follower).post(f"/ky/tenders/{tender.pk}/follow/").status_code
            == 302
        )
        Preferences.objects.create(user=bidder.user, email_alerts=False)
        Preferences.objects.create(user=follower, email_alerts=False)
        services.tender_cancel(
            tender=tender, by=None, reason="no_funds", explanation="Бюджет жок."
        )
        deliver()
        rows = Notification.objects.filter(topic="tender.cancelled", channel="email")
        assert rows.get(recipient=bidder.user).status == Status.SENT
        assert rows.get(recipient=follower).status == Status.SUPPRESSED

    def test_unfollow(self, client_for):
        tender = published_tender()
        user = ConsultantUserFactory()
        client = client_for(user)
        client.post(f"/ky/tenders/{tender.pk}/follow/")
        assert TenderFollow.objects.filter(user=user).exists()
        assert (
            'id="unfollow"' in client.get(f"/ky/tenders/{tender.pk}/").content.decode()
        )
        client.post(f"/ky/tenders/{tender.pk}/follow/", {"follow": "0"})
        assert not TenderFollow.objects.filter(user=user).exists()

    def test_a_draft_cannot_be_followed_by_outsiders(self, client_for):
        draft = TenderFactory()
        response = client_for(ConsultantUserFactory()).post(
            f"/ky/tenders/{draft.pk}/follow/"
        )
        assert response.status_code == 404
        assert (
            client_for(None).post(f"/ky/tenders/{draft.pk}/follow/").status_code == 302
        )

    def test_staff_following_their_municipality_hear_of_answers(self):
        staff = StaffMembershipFactory().user
        tender = published_tender(municipality=staff.staff_membership.municipality)
        services.alerts_save(
            user=staff, regions=[], expertise_areas=[], own_municipality=True,
            email_alerts=True, in_app_alerts=True, rhythm="immediate",
            digest_hour=8, language="ky",
        )  # fmt: skip
        asker = certified_consultant()
        bidder = certified_consultant()
        submit_bid(tender, bidder)
        question = services.question_ask(tender=tender, consultant=asker, text="?")
        services.question_answer(question=question, by=staff, text="Жооп.")
        deliver()
        rows = Notification.objects.filter(
            topic="tender.question_answered", channel="in_app"
        )
        audiences = dict(rows.values_list("recipient_id", "audience"))
        assert audiences == {
            asker.user_id: "asker",
            bidder.user_id: "bidder",
            staff.pk: "follower",
        }
        assert emails_to(staff.email, "tender.question_asked")


# ---------------------------------------------------------------- reminders
@pytest.mark.django_db
class TestReminders:
    def make(self, deadline):
        with time_machine.travel(deadline - timedelta(days=20), tick=False):
            tender = TenderFactory(
                submission_deadline=deadline,
                questions_deadline=deadline - timedelta(days=5),
                opening_at=deadline + timedelta(hours=1),
            )
            tender.publish()
        return tender

    def reminders(self):
        return sorted(
            Event.objects.filter(topic="tender.deadline_reminder").values_list(
                "payload__days", flat=True
            )
        )

    def test_days_are_bishkek_calendar_days_across_midnight(self, settings):
        settings.NOTIFICATIONS_REMINDER_HOUR = 9
        # 00:30 in Bishkek on 20 May is 18:30 UTC on 19 May
        tender = self.make(at(2027, 5, 20, 0, 30))
        # 18 May 15:00 Bishkek is 09:00 UTC on 18 May: by UTC dates the
        # deadline (19 May UTC) is one day away, by Bishkek dates two
        assert deadline_reminders(now=at(2027, 5, 18, 15, 0)) == 0
        assert deadline_reminders(now=at(2027, 5, 18, 23, 59)) == 0
        # 19 May 08:59 Bishkek: the right day, before the hour
        assert deadline_reminders(now=at(2027, 5, 19, 8, 59)) == 0
        # 19 May 09:00 Bishkek = 03:00 UTC, the 1-day reminder
        assert deadline_reminders(now=at(2027, 5, 19, 9, 0)) == 1
        assert self.reminders() == [1]
        assert tender.pk == Event.objects.get().payload["tender_id"]

    def test_seven_three_one_each_once(self):
        self.make(at(2027, 6, 20, 15, 0))
        for day in range(12, 21):
            for hour in (10, 15, 23):
                deadline_reminders(now=at(2027, 6, day, hour))
                deadline_reminders(now=at(2027, 6, day, hour))
        assert self.reminders() == [1, 3, 7]

    def test_a_missed_day_is_not_made_up(self):
        self.make(at(2027, 6, 20, 15, 0))
        assert deadline_reminders(now=at(2027, 6, 14, 10)) == 0  # 6 days left
        assert self.reminders() == []

    def test_followers_and_unfinished_bids_are_reminded(self):
        deadline = at(2027, 7, 10, 17, 0)
        tender = self.make(deadline)
        follower = ConsultantUserFactory()
        TenderFollow.objects.create(user=follower, tender=tender)
        submitted = certified_consultant()
        withdrawn = certified_consultant()
        with time_machine.travel(at(2027, 7, 1, 12), tick=False):
            submit_bid(tender, submitted)
            receipt = submit_bid(tender, withdrawn)
            services.bid_withdraw(bid=receipt.bid, consultant=withdrawn)
            assert deadline_reminders(now=at(2027, 7, 7, 10)) == 1
            deliver()
        audiences = dict(
            Notification.objects.filter(
                topic="tender.deadline_reminder", channel="in_app"
            ).values_list("recipient_id", "audience")
        )
        assert audiences == {
            follower.pk: "follower",
            withdrawn.user_id: "unfinished_bid",
        }

    def test_the_sweeper_produces_them(self, settings):
        settings.NOTIFICATIONS_REMINDER_HOUR = 9
        self.make(at(2027, 8, 10, 12, 0))
        with time_machine.travel(at(2027, 8, 3, 9, 30), tick=False):
            sweep()
            sweep()
        assert self.reminders() == [7]


# ------------------------------------------------------------------ digests
@pytest.mark.django_db
class TestDigest:
    def daily(self, hour=8, **kwargs):
        person = subscriber(**kwargs)
        Preferences.objects.create(
            user=person.user, rhythm=Rhythm.DAILY, digest_hour=hour
        )
        return person

    def publish(self, moment, **kwargs):
        with time_machine.travel(moment, tick=False):
            tender = TenderFactory(
                submission_deadline=kwargs.pop("deadline", moment + timedelta(days=20)),
                **kwargs,
            )
            tender.opening_at = tender.submission_deadline + timedelta(hours=1)
            tender.questions_deadline = None
            tender.save()
            services.tender_publish(tender=tender, by=None)
        return tender

    def test_new_and_closing_soon_at_the_chosen_hour(self):
        person = self.daily(hour=8)
        self.daily(hour=9)  # another hour: not in this digest
        new = self.publish(at(2027, 3, 9, 15))
        closing = self.publish(at(2027, 2, 20, 10), deadline=at(2027, 3, 14, 17))
        other = self.publish(
            at(2027, 3, 9, 16), municipality=MunicipalityFactory(region=region("KG-T"))
        )
        with time_machine.travel(at(2027, 3, 10, 8, 1), tick=False):
            assert daily_digests() == 1
            assert daily_digests() == 0  # the same hour again
            mail.outbox.clear()
            deliver()
        (message,) = [m for m in mail.outbox if "Сиз үчүн тендерлер" in m.subject]
        assert message.to == [person.user.email]
        body = message.body
        new_part, closing_part = body.split("Мөөнөтү 7 күндүн ичинде бүтөт")
        assert new.title_ky in new_part and closing.title_ky not in new_part
        assert closing.title_ky in closing_part
        assert other.title_ky not in body
        # the immediate email of the new tender was not sent to a digest reader
        assert not Notification.objects.filter(
            recipient=person.user, topic="tender.published", channel="email"
        ).exists()

    def test_once_a_day_even_if_the_hour_changes(self):
        person = self.daily(hour=8)
        self.publish(at(2027, 3, 9, 15))
        with time_machine.travel(at(2027, 3, 10, 8, 5), tick=False):
            daily_digests()
            deliver()
        Preferences.objects.filter(user=person.user).update(digest_hour=11)
        self.publish(at(2027, 3, 10, 9))
        with time_machine.travel(at(2027, 3, 10, 11, 5), tick=False):
            daily_digests()
            deliver()
        digests = Notification.objects.filter(
            recipient=person.user, topic="alerts.digest"
        )
        assert digests.count() == 1

    def test_nothing_to_report_no_digest(self):
        person = self.daily(hour=8)
        with time_machine.travel(at(2027, 3, 10, 8, 5), tick=False):
            daily_digests()
            deliver()
        assert not Notification.objects.filter(recipient=person.user).exists()

    def test_nobody_at_this_hour_no_event(self):
        self.daily(hour=8)
        with time_machine.travel(at(2027, 3, 10, 7, 5), tick=False):
            assert daily_digests() == 0


# ---------------------------------------------------------- tenders for me
@pytest.mark.django_db
class TestTendersForMe:
    def test_open_matching_biddable_closing_soonest_first(self):
        person = subscriber()
        later = published_tender(
            submission_deadline=timezone.now() + timedelta(days=30)
        )
        later.opening_at = later.submission_deadline + timedelta(hours=1)
        sooner = published_tender()
        published_tender(municipality=MunicipalityFactory(region=region("KG-T")))
        authored = published_tender()
        authored.terms_of_reference_authors.add(person)
        TenderFactory()  # a draft
        assert list(tenders_for(person.user)) == [sooner, later]

    def test_on_the_dashboard(self, client_for):
        person = subscriber()
        tender = published_tender()
        body = client_for(person.user).get("/ky/me/").content.decode()
        assert 'id="tenders-for-me"' in body
        assert tender.title_ky in body

    def test_the_dashboard_costs_the_same_for_more_tenders(self, client_for):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        person = subscriber()
        published_tender()
        client = client_for(person.user)
        with CaptureQueriesContext(connection) as few:
            client.get("/ky/me/")
        for _ in range(5):
            published_tender()
        with CaptureQueriesContext(connection) as many:
            client.get("/ky/me/")
        assert len(many) == len(few)

    def test_a_consultant_without_alerts_is_shown_the_way_to_them(self, client_for):
        user = ConsultantUserFactory()
        body = client_for(user).get("/ky/me/").content.decode()
        assert 'id="tenders-for-me"' in body
        assert "/ky/tenders/alerts/" in body

    def test_other_roles_get_no_panel(self, client_for, municipal_staff):
        body = client_for(municipal_staff).get("/ky/me/").content.decode()
        assert 'id="tenders-for-me"' not in body


# ---------------------------------------------------- the settings page
@pytest.mark.django_db
class TestAlertSettings:
    def post(self, client, **data):
        values = {
            "email_alerts": "on", "in_app_alerts": "on", "rhythm": "immediate",
            "digest_hour": "8", "language": "ky",
        }  # fmt: skip
        values.update(data)
        return client.post("/ky/tenders/alerts/", values)

    def test_a_consultant_chooses_regions_areas_rhythm_and_language(self, client_for):
        person = subscriber()
        area = ExpertiseAreaFactory(code="tariffs-test")
        client = client_for(person.user)
        assert client.get("/ky/tenders/alerts/").status_code == 200
        response = self.post(
            client,
            regions=["KG-N", "KG-T"],
            expertise_areas=[area.pk],
            rhythm="daily",
            digest_hour="7",
            language="ru",
        )
        assert response.status_code == 302
        pairs = set(
            person.user.tender_subscriptions.values_list("region_id", "expertise_id")
        )
        assert pairs == {("KG-N", area.pk), ("KG-T", area.pk)}
        preferences = Preferences.of(person.user)
        assert (preferences.rhythm, preferences.digest_hour) == ("daily", 7)
        person.user.refresh_from_db()
        assert person.user.preferred_language == "ru"
        body = client.get("/ky/tenders/alerts/").content.decode()
        assert f"/ky/tenders/feed/?region=KG-T&amp;expertise={area.code}" in body

    def test_a_coordinator_only_among_their_regions(self, client_for, coordinator):
        client = client_for(coordinator)
        body = client.get("/ky/tenders/alerts/").content.decode()
        assert 'value="KG-N"' in body and 'value="KG-T"' not in body
        response = self.post(client, regions=["KG-T"])
        assert response.status_code == 200  # the form says why
        assert not coordinator.tender_subscriptions.exists()
        self.post(client)
        assert list(
            coordinator.tender_subscriptions.values_list("region_id", flat=True)
        ) == ["KG-N"]

    def test_staff_follow_their_municipality(self, client_for, municipal_staff):
        self.post(client_for(municipal_staff), own_municipality="on")
        (row,) = municipal_staff.tender_subscriptions.all()
        assert row.municipality_id == municipal_staff.staff_membership.municipality_id

    def test_a_bad_hour_is_refused_and_nothing_changes(self, client_for):
        person = subscriber()
        response = self.post(client_for(person.user), digest_hour="25")
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
        assert not Preferences.objects.exists()

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get("/ky/tenders/alerts/")
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )


# -------------------------------------------------- a new member's alerts
@pytest.mark.django_db
def test_an_accepted_applicant_starts_with_alerts_from_the_profile(academy_admin):
    from consultants.services import application_accept
    from portal.outbox.services import outbox_dispatch
    from tests.consultants.factories import ApplicantFactory

    applicant = ApplicantFactory(
        regions_served=[region("KG-N"), region("KG-T")],
        expertise_areas=[ExpertiseAreaFactory(code="tariffs-test")],
    )
    application_accept(consultant=applicant, by=academy_admin)
    outbox_dispatch()
    pairs = set(
        applicant.user.tender_subscriptions.values_list("region_id", "expertise__code")
    )
    assert pairs == {("KG-N", "tariffs-test"), ("KG-T", "tariffs-test")}
    assert emails_to(applicant.user.email, "consultant.decided")


# --------------------------------------------------------------------- feed
@pytest.mark.django_db
class TestFeed:
    def test_the_feed_uses_the_list_filters(self, client):
        naryn = published_tender()
        talas = published_tender(
            municipality=MunicipalityFactory(region=region("KG-T"))
        )
        body = client.get(
            "/ky/tenders/feed/", {"region": "KG-N", "expertise": "strategy-test"}
        ).content.decode()
        assert naryn.title_ky in body and talas.title_ky not in body
        assert "<feed" in body

    def test_a_bad_filter_is_a_400(self, client):
        response = client.get("/ru/tenders/feed/", {"region": "KG-XX"})
        assert response.status_code == 400
        assert "region" in response.content.decode()

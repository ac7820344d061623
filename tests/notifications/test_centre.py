"""The notification centre: the unread count on every page in one cheap
query, the list of one's own notifications, mark read / mark all read, and
opening a notification goes to the page it is about."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.notifications.models import Notification
from procurement import services
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import deliver
from tests.procurement.factories import TenderFactory, subscriber


@pytest.fixture
def notified(db):
    """A consultant told of two new tenders."""
    person = subscriber()
    tenders = [TenderFactory(), TenderFactory()]
    for tender in tenders:
        services.tender_publish(tender=tender, by=None)
    deliver()
    return person.user, tenders


def notification_queries(captured):
    return [q["sql"] for q in captured if "notifications_notification" in q["sql"]]


@pytest.mark.django_db
class TestUnreadCount:
    def test_every_page_shows_it_with_one_query(self, client_for, notified):
        user, _tenders = notified
        client = client_for(user)
        for path in ("/ky/", "/ky/tenders/", "/ky/consultants/", "/ky/me/"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200
            assert '<span class="badge" id="unread-count"' in response.content.decode()
            assert ">2</span>" in response.content.decode()
            (query,) = notification_queries(captured)
            assert query.startswith("SELECT COUNT(*)")

    def test_the_count_uses_its_partial_index(self, notified):
        user, _tenders = notified
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            sql, params = (
                Notification.objects.in_app_for(user).unread().query.sql_with_params()
            )
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        assert "notification_unread_idx" in plan

    def test_no_badge_without_unread_and_no_query_when_anonymous(self, client):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/ky/tenders/")
        assert 'id="unread-count"' not in response.content.decode()
        assert notification_queries(captured) == []


@pytest.mark.django_db
class TestCentre:
    def test_lists_ones_own_only(self, client_for, notified):
        user, tenders = notified
        other = subscriber()
        deliver()
        body = client_for(other.user).get("/ky/notifications/").content.decode()
        assert body.count('data-id="') == 0
        body = client_for(user).get("/ky/notifications/").content.decode()
        assert body.count('class="notification unread"') == 2
        for tender in tenders:
            assert tender.title_ky in body

    def test_opening_marks_read_and_goes_to_the_tender(self, client_for, notified):
        user, tenders = notified
        client = client_for(user)
        first = Notification.objects.in_app_for(user).last()
        response = client.post(f"/ru/notifications/{first.pk}/open/")
        assert response.status_code == 302
        assert response["Location"] == f"/ru/tenders/{tenders[0].pk}/"
        first.refresh_from_db()
        assert first.read_at is not None
        assert ">1</span>" in client.get("/ky/").content.decode()

    def test_someone_elses_is_not_found(self, client_for, notified):
        user, _tenders = notified
        mine = Notification.objects.in_app_for(user).first()
        stranger = client_for(UserFactory())
        assert stranger.post(f"/ky/notifications/{mine.pk}/open/").status_code == 404
        mine.refresh_from_db()
        assert mine.read_at is None

    def test_mark_all_read(self, client_for, notified):
        user, _tenders = notified
        other = subscriber()
        services.tender_publish(tender=TenderFactory(), by=None)
        deliver()
        response = client_for(user).post("/ky/notifications/read-all/")
        assert response.status_code == 302
        assert not Notification.objects.in_app_for(user).unread().exists()
        assert Notification.objects.in_app_for(other.user).unread().count() == 1

    def test_mark_all_read_ignores_a_foreign_next(self, client_for, notified):
        user, _tenders = notified
        response = client_for(user).post(
            "/ky/notifications/read-all/", {"next": "https://evil.example/"}
        )
        assert response["Location"] == "/ky/notifications/"

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get("/ky/notifications/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert client.post("/ky/notifications/read-all/").status_code == 302

    def test_get_does_not_mark_anything(self, client_for, notified):
        user, _tenders = notified
        mine = Notification.objects.in_app_for(user).first()
        response = client_for(user).get(f"/ky/notifications/{mine.pk}/open/")
        assert response.status_code == 405
        mine.refresh_from_db()
        assert mine.read_at is None

    def test_the_list_costs_the_same_for_more_notifications(
        self, client_for, notified, django_assert_max_num_queries
    ):
        user, _tenders = notified
        client = client_for(user)
        with CaptureQueriesContext(connection) as few:
            client.get("/ky/notifications/")
        for _ in range(15):
            services.tender_publish(tender=TenderFactory(), by=None)
        deliver()
        with CaptureQueriesContext(connection) as many:
            client.get("/ky/notifications/")
        assert len(many) == len(few)

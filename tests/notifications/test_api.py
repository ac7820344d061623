"""/api/v1/notifications/: one's own notifications only."""

import pytest
from rest_framework.test import APIClient

from portal.notifications.models import Notification
from procurement import services
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import deliver
from tests.procurement.factories import TenderFactory, subscriber


@pytest.fixture
def notified(db):
    person = subscriber()
    other = subscriber()
    for _ in range(2):
        services.tender_publish(tender=TenderFactory(), by=None)
    deliver()
    return person.user, other.user


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
class TestNotificationsApi:
    def test_anonymous_is_refused(self, notified):
        assert api().get("/api/v1/notifications/").status_code in (401, 403)
        assert api().post("/api/v1/notifications/read-all/").status_code in (401, 403)

    def test_lists_ones_own(self, notified):
        user, other = notified
        data = api(user).get("/api/v1/notifications/").json()
        assert data["count"] == 2
        mine = set(Notification.objects.in_app_for(user).values_list("pk", flat=True))
        assert {row["id"] for row in data["results"]} == mine
        row = data["results"][0]
        assert row["unread"] is True and row["url"].startswith("/ky/tenders/")
        assert api(UserFactory()).get("/api/v1/notifications/").json()["count"] == 0

    def test_someone_elses_is_404(self, notified):
        user, other = notified
        theirs = Notification.objects.in_app_for(other).first()
        assert api(user).get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
        response = api(user).post(f"/api/v1/notifications/{theirs.pk}/read/")
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_mark_read_and_unread_filter(self, notified):
        user, _other = notified
        first = Notification.objects.in_app_for(user).first()
        response = api(user).post(f"/api/v1/notifications/{first.pk}/read/")
        assert response.status_code == 200 and response.json()["unread"] is False
        unread = api(user).get("/api/v1/notifications/?unread=true").json()
        assert unread["count"] == 1
        assert api(user).post("/api/v1/notifications/read-all/").json() == {"marked": 1}
        assert api(user).get("/api/v1/notifications/?unread=true").json()["count"] == 0

    def test_a_bad_filter_is_a_400(self, notified):
        user, _other = notified
        response = api(user).get("/api/v1/notifications/?unread=maybe")
        assert response.status_code == 400

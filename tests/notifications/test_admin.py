"""Administrators see the delivery of each event by status and send failed
email again."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification, Status
from portal.outbox.models import Event
from procurement import services
from tests.notifications.helpers import deliver
from tests.procurement.factories import TenderFactory, subscriber


@pytest.fixture
def delivered(db):
    people = [subscriber() for _ in range(3)]
    services.tender_publish(tender=TenderFactory(), by=None)
    deliver()
    event = Event.objects.get(topic="tender.published")
    failed = Notification.objects.filter(
        channel="email", recipient=people[0].user
    ).get()
    Notification.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, sent_at=None, attempts=8, last_error="SMTPError: 451"
    )
    mail.outbox.clear()
    return event, failed


@pytest.mark.django_db
class TestDeliveryAdmin:
    def test_counts_by_status_per_event(self, client_for, academy_admin, delivered):
        event, _failed = delivered
        response = client_for(academy_admin).get(
            reverse("admin:notifications_eventdelivery_changelist")
        )
        assert response.status_code == 200
        body = response.content.decode()
        notifications = reverse("admin:notifications_notification_changelist")
        assert (
            f"{notifications}?event__id__exact={event.pk}&amp;status__exact=sent"
            in body
        )
        assert f'?event__id__exact={event.pk}&amp;status__exact=failed">1</a>' in body
        assert f'?event__id__exact={event.pk}&amp;status__exact=sent">5</a>' in body

    def test_the_count_links_to_the_notifications(
        self, client_for, academy_admin, delivered
    ):
        event, failed = delivered
        url = reverse("admin:notifications_notification_changelist")
        response = client_for(academy_admin).get(
            url, {"event__id__exact": event.pk, "status__exact": "failed"}
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert str(failed.recipient) in body
        assert "1 " in body and "?e=1" not in response.get("Location", "")

    def test_resend_failed_from_the_event(self, client_for, academy_admin, delivered):
        event, failed = delivered
        response = client_for(academy_admin).post(
            reverse("admin:notifications_eventdelivery_changelist"),
            {"action": "resend_failed", "_selected_action": [event.pk]},
        )
        assert response.status_code == 302
        failed.refresh_from_db()
        assert failed.status == Status.PENDING and failed.attempts == 0
        assert failed.next_attempt_at <= timezone.now()
        deliver()
        assert [m.to for m in mail.outbox] == [[failed.recipient.email]]

    def test_notifications_cannot_be_edited(self, client_for, academy_admin, delivered):
        _event, failed = delivered
        client = client_for(academy_admin)
        change = reverse("admin:notifications_notification_change", args=[failed.pk])
        response = client.post(change, {"status": "sent"})
        assert response.status_code == 403
        failed.refresh_from_db()
        assert failed.status == Status.FAILED

    @pytest.mark.parametrize("role", ["consultant", "municipal_staff", "coordinator"])
    def test_other_roles_are_kept_out(self, client_for, request, role, delivered):
        user = request.getfixturevalue(role)
        user = getattr(user, "user", user)
        response = client_for(user).get(
            reverse("admin:notifications_eventdelivery_changelist")
        )
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["academy_admin", "admin_user"])
def test_the_admin_does_not_tell_who_bid_before_the_opening(request, client_for, role):
    """A bid's receipt goes to its bidder alone: the admin's notification,
    delivery and event lists neither show nor find it, so they do not tell
    who bid on a sealed tender."""
    from tests.procurement.factories import (
        certified_consultant,
        published_tender,
        submit_bid,
    )

    bidder = certified_consultant()
    submit_bid(published_tender(), bidder)
    deliver()
    assert Notification.objects.filter(
        topic="bid.receipt", recipient=bidder.user
    ).exists()  # the receipt was made: the lists below could show it
    client = client_for(request.getfixturevalue(role))
    email = bidder.user.email
    for name, query in (
        ("notifications_notification", {}),
        ("notifications_notification", {"q": email}),
        ("notifications_notification", {"topic": "bid.receipt"}),
        ("notifications_eventdelivery", {}),
        ("notifications_eventdelivery", {"topic": "bid.receipt"}),
        ("outbox_event", {}),
        ("outbox_event", {"topic": "bid.receipt"}),
    ):
        response = client.get(reverse(f"admin:{name}_changelist"), query)
        if response.status_code == 403 and role == "academy_admin":
            continue  # the outbox is the superuser's alone
        assert response.status_code == 200, (name, query)
        body = response.content.decode().replace(f'value="{email}"', "")  # echoed
        assert email not in body, (name, query)
        rows = response.context["cl"].result_list
        assert all(row.topic != "bid.receipt" for row in rows), (name, query)
        if query:  # found by the bidder's email or the receipt's topic: nothing
            assert not rows, (name, query)

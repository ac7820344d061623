"""The one-click unsubscribe link: signed, refused when changed or expired,
RFC 8058's POST without cookies, and never a stop to messages about oneself."""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.notifications.models import Notification, Preferences, Status
from portal.notifications.rendering import unsubscribe_url
from portal.notifications.tokens import unsubscribe_token
from procurement import services
from tests.notifications.helpers import deliver
from tests.procurement.factories import (
    TenderFactory,
    published_tender,
    submit_bid,
    subscriber,
)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
class TestUnsubscribeLink:
    def test_get_only_asks_to_confirm(self, client):
        person = subscriber()
        response = client.get(path_of(unsubscribe_url(person.user.pk)))
        assert response.status_code == 200
        assert 'id="unsubscribe"' in response.content.decode()
        assert Preferences.of(person.user).email_alerts is True

    def test_one_click_post_without_cookies_or_csrf(self, csrf_client):
        person = subscriber()
        response = csrf_client.post(
            f"/ky/notifications/unsubscribe/{unsubscribe_token(person.user.pk)}/",
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert 'id="unsubscribed"' in response.content.decode()
        assert Preferences.of(person.user).email_alerts is False

    def test_the_link_in_the_email_works(self, client):
        person = subscriber(language="ru")
        services.tender_publish(tender=TenderFactory(), by=None)
        (message,) = deliver()
        link = "".join(message.extra_headers["List-Unsubscribe"].split()).strip("<>")
        assert link in message.body
        response = client.post(path_of(link))
        assert response.status_code == 200
        assert "Вы отписались" in response.content.decode()
        assert Preferences.of(person.user).email_alerts is False

    @pytest.mark.parametrize("change", ["user", "signature", "garbage"])
    def test_a_tampered_link_is_refused_and_changes_nothing(self, client, change):
        person = subscriber()
        other = subscriber()
        token = unsubscribe_token(person.user.pk)
        value, _sep, signature = token.rpartition(":")
        if change == "user":
            other_token = unsubscribe_token(other.user.pk)
            token = other_token.split(":")[0] + token[token.index(":") :]
        elif change == "signature":
            token = f"{value}:{signature[:-2]}xx"
        else:
            token = "not-a-token"
        response = client.post(f"/ru/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        body = response.content.decode()
        assert 'id="unsubscribe-invalid"' in body
        assert "Ничего не изменено" in body
        assert not Preferences.objects.exists()

    def test_an_expired_link_says_so(self, client, settings):
        settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS = 30
        person = subscriber()
        token = unsubscribe_token(person.user.pk)
        with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
            response = client.post(f"/en/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "has expired" in response.content.decode()
        assert Preferences.of(person.user).email_alerts is True


@pytest.mark.django_db
class TestAfterUnsubscribing:
    def test_alerts_stop_but_receipts_still_come(self, client):
        person = subscriber()
        client.post(path_of(unsubscribe_url(person.user.pk)))
        services.tender_publish(tender=TenderFactory(), by=None)
        submit_bid(published_tender(), person)
        deliver()
        assert [m.subject for m in mail.outbox if "Квитанция" in m.subject]
        assert len(mail.outbox) == 1
        alert = Notification.objects.get(topic="tender.published", channel="email")
        assert alert.status == Status.SUPPRESSED
        # the portal's own centre still shows the new tender
        assert Notification.objects.filter(
            topic="tender.published", channel="in_app", status=Status.SENT
        ).exists()

    def test_alerts_already_queued_are_withheld(self, client):
        from portal.outbox.services import outbox_dispatch

        person = subscriber()
        services.tender_publish(tender=TenderFactory(), by=None)
        outbox_dispatch()
        client.post(path_of(unsubscribe_url(person.user.pk)))
        deliver()
        assert mail.outbox == []

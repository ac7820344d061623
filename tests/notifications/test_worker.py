"""Delivery with the real parts: a Celery worker process on Redis, an SMTP
server on loopback (aiosmtpd), PostgreSQL. Publishing a tender that matches
300 consultants delivers exactly 300 emails. The same parts under faults (a
worker killed, Redis stopped or frozen, SMTP slow or refusing, PostgreSQL
restarted): tests/attack/test_faults.py."""

import email
import time
from collections import Counter
from email import policy

import pytest
from django.conf import settings as django_settings
from django.test import Client

from portal.notifications.models import Channel, Notification, Preferences, Status
from tests.attack.faultkit import publish, smtp, start, stop, wait_for, worker_env
from tests.notifications.helpers import bulk_subscribers
from tests.procurement.factories import TenderFactory

pytestmark = [
    pytest.mark.slow,
    # the worker is another process: it sees only committed rows
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_300_matching_consultants_get_exactly_300_emails():
    users = bulk_subscribers(300)
    tender = TenderFactory()
    with smtp() as (inbox, port):
        worker = start("worker", worker_env(port))
        try:
            publish(tender)
            assert wait_for(lambda: len(inbox.messages) >= 300), len(inbox.messages)
            time.sleep(2)  # nothing more comes
        finally:
            stop(worker)
    assert Counter(inbox.recipients()) == Counter(u.email for u in users)
    by_address = {u.email: u for u in users}
    subjects = {"ky": "Жаңы тендер", "ru": "Новый тендер", "en": "New tender"}
    for envelope in inbox.messages:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        user = by_address[envelope.rcpt_tos[0]]
        assert message["Subject"].strip().startswith(subjects[user.preferred_language])
        assert message["Content-Language"] == user.preferred_language
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        not Notification.objects.filter(channel=Channel.EMAIL)
        .exclude(status=Status.SENT)
        .exists()
    )
    assert Notification.objects.filter(channel=Channel.IN_APP).count() == 300
    # a List-Unsubscribe header works as RFC 8058 says: a POST, no cookies
    message = email.message_from_bytes(inbox.messages[0].content, policy=policy.default)
    link = "".join(message["List-Unsubscribe"].split()).strip("<>")
    path = link.removeprefix(django_settings.PORTAL_SITE_URL.rstrip("/"))
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    unsubscribed = by_address[inbox.messages[0].rcpt_tos[0]]
    assert Preferences.objects.get(user=unsubscribed).email_alerts is False

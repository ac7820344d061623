"""Tender alerts in a real browser, in Kyrgyz: a consultant chooses the
tenders to hear of, municipal staff publish a matching tender, the unread
count appears, the notification opens the tender, and the email reaches the
SMTP server in Kyrgyz."""

import email
from email import policy

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from portal.localservices import free_port
from portal.notifications.models import Notification
from tests.municipalities.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    region,
)
from tests.notifications.helpers import deliver
from tests.procurement.factories import TenderFactory, certified_consultant

pytestmark = pytest.mark.e2e


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield inbox
    controller.stop()


def test_a_subscription_set_in_kyrgyz_brings_the_tender(
    new_page, sign_in, live_url, smtp_server, db
):
    consultant = certified_consultant(
        name="Талас консалтинг", name_ky="Талас консалтинг"
    )
    consultant.user.preferred_language = "ru"  # the form sets it to Kyrgyz
    consultant.user.save()
    municipality = MunicipalityFactory(region=region("KG-T"))
    staff = StaffMembershipFactory(municipality=municipality).user
    draft = TenderFactory(
        municipality=municipality,
        title="Таза суу тарифи",
        title_ky="Таза суу тарифи",
        eligibility="certified",
    )
    area = draft.expertise_areas.get()

    # -- the consultant chooses Talas and the tender's expertise area, in Kyrgyz
    page = new_page()
    sign_in(page, consultant.user)
    page.goto(live_url("/ky/tenders/alerts/"))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    form = page.locator("#alert-settings")
    form.locator("input[name=regions][value=KG-T]").check()
    form.locator(f"input[name=expertise_areas][value='{area.pk}']").check()
    form.locator("input[name=rhythm][value=immediate]").check()
    form.locator("select[name=language]").select_option("ky")
    page.locator("#save-alerts").click()
    expect(page.locator(".messages")).to_contain_text("Кабарлоо жөндөөлөрү сакталды")
    expect(page.locator("#subscriptions li")).to_have_count(1)
    expect(page.locator("#unread-count")).to_have_count(0)

    # -- staff publish the matching tender
    buyer = new_page()
    sign_in(buyer, staff)
    buyer.goto(live_url(f"/ky/tenders/{draft.pk}/"))
    buyer.locator("#publish").click()
    expect(buyer.locator("#tender-status")).to_have_attribute(
        "class", "status tender-status-published"
    )

    # -- beat and the worker do their part (here, in this process)
    deliver()

    # -- the unread count appears; the notification opens the tender
    page.goto(live_url("/ky/"))
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#notifications-link").click()
    item = page.locator("#notifications li.unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Жаңы тендер: Таза суу тарифи")
    expect(item).to_contain_text("Талас облусу")
    item.locator("button.notification-open").click()
    page.wait_for_url(f"**/ky/tenders/{draft.pk}/")
    expect(page.locator("h1")).to_have_text("Таза суу тарифи")
    expect(page.locator("#unread-count")).to_have_count(0)
    assert Notification.objects.get(channel="in_app").read_at is not None

    # -- the email reached the SMTP server, in Kyrgyz
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == [consultant.user.email]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"].strip() == "Жаңы тендер: Таза суу тарифи"
    assert message["Content-Language"] == "ky"
    text = message.get_body(("plain",)).get_content()
    assert "Саламатсызбы" in text
    assert f"/ky/tenders/{draft.pk}/" in text

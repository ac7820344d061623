"""The holder hears of their certificate: issued, suspended (with the
reason), reinstated, revoked, expired, and 30 days before it ends."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.notifications.models import Notification, Preferences
from portal.outbox.models import Event
from tests.notifications.helpers import emails_to
from trainings import services
from trainings.notifications import certificates_warn_expiring


@pytest.mark.django_db
class TestCertificateMessages:
    def test_issued_reaches_the_holder_in_their_language(self, certificate):
        holder = certificate.consultant.user
        holder.preferred_language = "ru"
        holder.save()
        (message,) = emails_to(holder.email, "certificate.issued")
        assert f"Выдан сертификат {certificate.number}" == message.subject
        assert certificate.public_code in message.body

    def test_suspension_says_why_even_with_alerts_off(self, certificate, academy_admin):
        holder = certificate.consultant.user
        Preferences.objects.create(user=holder, email_alerts=False, in_app_alerts=False)
        services.certificate_suspend(
            certificate=certificate, reason="Жалоба муниципалитета", by=academy_admin
        )
        (message,) = emails_to(holder.email, "certificate.status_changed")
        assert "Жалоба муниципалитета" in message.body
        assert "убактылуу токтотулду" in message.subject

    @pytest.mark.parametrize(
        "change, words",
        [
            ("reinstate", "калыбына келтирилди"),
            ("revoke", "жокко чыгарылды"),
        ],
    )
    def test_other_changes(self, certificate, academy_admin, change, words):
        services.certificate_suspend(
            certificate=certificate, reason="x", by=academy_admin
        )
        if change == "reinstate":
            services.certificate_reinstate(certificate=certificate, by=academy_admin)
        else:
            services.certificate_revoke(
                certificate=certificate, reason="y", by=academy_admin
            )
        messages = emails_to(
            certificate.consultant.user.email, "certificate.status_changed"
        )
        assert words in messages[-1].subject

    def test_expiry(self, certificate):
        with time_machine.travel(
            timezone.make_aware(
                datetime.combine(certificate.expires_on, datetime.min.time())
            )
            + timedelta(days=1, hours=1)
        ):
            services.certificates_expire_due()
            (message,) = emails_to(
                certificate.consultant.user.email, "certificate.status_changed"
            )
        assert "мөөнөтү бүттү" in message.subject


@pytest.mark.django_db
class TestExpiringSoon:
    def moment(self, certificate, days_before, hour):
        day = certificate.expires_on - timedelta(days=days_before)
        return timezone.make_aware(
            datetime.combine(day, datetime.min.time())
        ) + timedelta(hours=hour)

    def test_warned_once_thirty_days_before_from_the_reminder_hour(
        self, certificate, settings
    ):
        settings.NOTIFICATIONS_REMINDER_HOUR = 9
        assert certificates_warn_expiring(now=self.moment(certificate, 31, 12)) == 0
        assert certificates_warn_expiring(now=self.moment(certificate, 30, 8)) == 0
        assert certificates_warn_expiring(now=self.moment(certificate, 30, 9)) == 1
        assert certificates_warn_expiring(now=self.moment(certificate, 30, 10)) == 0
        assert certificates_warn_expiring(now=self.moment(certificate, 29, 10)) == 0
        assert Event.objects.filter(topic="certificate.expiring").count() == 1
        with time_machine.travel(self.moment(certificate, 30, 9)):
            (message,) = emails_to(
                certificate.consultant.user.email, "certificate.expiring"
            )
        assert certificate.number in message.subject

    def test_a_renewed_or_revoked_certificate_is_not_warned(
        self, certificate, academy_admin
    ):
        certificates_warn_expiring(now=self.moment(certificate, 30, 12))
        services.certificate_revoke(
            certificate=certificate, reason="z", by=academy_admin
        )
        emails_to(certificate.consultant.user.email)
        assert not Notification.objects.filter(topic="certificate.expiring").exists()

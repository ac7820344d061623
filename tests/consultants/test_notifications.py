"""Applications, decisions and withdrawals are told to the people concerned."""

import pytest

from consultants import services
from portal.notifications.models import Notification
from tests.consultants.factories import ApplicantFactory
from tests.notifications.helpers import emails_to


@pytest.mark.django_db
class TestMembershipMessages:
    def test_a_decision_reaches_the_applicant(self, academy_admin):
        applicant = ApplicantFactory()
        applicant.user.preferred_language = "en"
        applicant.user.save()
        services.application_decline(
            consultant=applicant, by=academy_admin, reason="Documents missing"
        )
        (message,) = emails_to(applicant.user.email, "consultant.decided")
        assert message.subject == "Your application to the network was declined"
        assert "Documents missing" in message.body
        assert "/en/consultants/" in message.body

    def test_an_application_reaches_every_academy_administrator(self, academy_admin):
        from tests.accounts.factories import AcademyAdminFactory

        second = AcademyAdminFactory()
        from consultants.models import Consultant

        applicant = ApplicantFactory()
        Consultant.objects.filter(pk=applicant.pk).update(
            status="declined", decision_reason="x"
        )
        applicant.refresh_from_db()
        services.application_resubmit(consultant=applicant, by=applicant.user)
        for admin in (academy_admin, second):
            assert emails_to(admin.email, "consultant.applied")

    def test_a_withdrawal_reaches_the_member_and_the_academy(
        self, consultant, academy_admin
    ):
        services.consultant_withdraw(consultant=consultant, by=consultant.user)
        assert emails_to(consultant.user.email, "consultant.withdrawn")
        assert emails_to(academy_admin.email, "consultant.withdrawn")
        audiences = set(
            Notification.objects.filter(
                topic="consultant.withdrawn", channel="in_app"
            ).values_list("audience", flat=True)
        )
        assert audiences == {"member", "academy"}

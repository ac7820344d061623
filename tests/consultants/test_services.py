import pytest
from django.core import mail

from consultants import services
from tests.consultants.factories import ApplicantFactory
from tests.notifications.helpers import deliver

pytestmark = pytest.mark.django_db


class TestDecisionEmail:
    def test_a_decline_is_mailed_as_a_decline_even_after_a_resubmission(
        self, academy_admin
    ):
        """The email tells the decision the event announces, not whatever the
        status has become by the time the outbox delivers it."""
        applicant = ApplicantFactory()
        services.application_decline(
            consultant=applicant, by=academy_admin, reason="Документтер толук эмес"
        )
        services.application_resubmit(consultant=applicant, by=applicant.user)
        mail.outbox.clear()
        deliver()  # the outbox's fan-out, then the sending
        to_applicant = [m for m in mail.outbox if m.to == [applicant.user.email]]
        assert len(to_applicant) == 1
        assert "Документтер толук эмес" in to_applicant[0].body

    def test_an_acceptance_is_mailed_as_an_acceptance(self, academy_admin):
        applicant = ApplicantFactory()
        services.application_accept(consultant=applicant, by=academy_admin)
        mail.outbox.clear()
        deliver()  # the outbox's fan-out, then the sending
        (message,) = [m for m in mail.outbox if m.to == [applicant.user.email]]
        assert applicant.name_ky in message.body  # in the user's language, Kyrgyz
        assert "Себеби" not in message.body  # "Reason", of a decline only

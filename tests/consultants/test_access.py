"""consultants.access: leaving the network is offered to members only, and
only to the member themself or the academy."""

import pytest
from django.contrib.auth.models import AnonymousUser

from consultants import access
from consultants.models import NetworkStatus
from tests.consultants.factories import ApplicantFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "member"),
    [
        (NetworkStatus.APPLICANT, False),
        (NetworkStatus.DECLINED, False),
        (NetworkStatus.PROVISIONAL, True),
        (NetworkStatus.CERTIFIED, True),
        (NetworkStatus.SUSPENDED, True),
        (NetworkStatus.WITHDRAWN, False),
    ],
)
def test_can_withdraw(status, member, academy_admin, municipal_staff):
    consultant = ApplicantFactory(status=status, decision_reason="Толук эмес.")
    assert access.can_withdraw(consultant.user, consultant) is member
    assert access.can_withdraw(academy_admin, consultant) is member
    assert access.can_withdraw(municipal_staff, consultant) is False
    assert access.can_withdraw(AnonymousUser(), consultant) is False
    assert access.can_withdraw(ApplicantFactory().user, consultant) is False


@pytest.mark.django_db
def test_profile_page_offers_leaving_to_members_only(client_for):
    member = ApplicantFactory(status=NetworkStatus.CERTIFIED)
    gone = ApplicantFactory(status=NetworkStatus.WITHDRAWN)
    for consultant, offered in ((member, True), (gone, False)):
        body = client_for(consultant.user).get(consultant.get_absolute_url())
        assert (b'class="withdraw-link"' in body.content) is offered

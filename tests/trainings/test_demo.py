import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultants.models import Consultant, NetworkStatus
from trainings.models import Certificate, CertificateStatus

pytestmark = pytest.mark.django_db


def test_demo_data_shows_every_certificate_state_and_is_idempotent():
    for _ in range(2):
        call_command("seed_demo", stdout=io.StringIO())
    certificates = list(Certificate.objects.select_related("consultant"))
    by_status = {}
    for certificate in certificates:
        by_status.setdefault(certificate.effective_status, []).append(certificate)
    assert len(certificates) == 6
    assert len(by_status[CertificateStatus.ACTIVE]) == 4
    assert len(by_status[CertificateStatus.SUSPENDED]) == 1
    assert len(by_status[CertificateStatus.REVOKED]) == 1
    soon = timezone.localdate() + timedelta(30)
    assert [c for c in by_status["active"] if c.expires_on <= soon]
    demo_consultant = Consultant.objects.get(user__email="consultant@demo.kg")
    assert demo_consultant.status == NetworkStatus.CERTIFIED
    assert by_status["suspended"][0].consultant.status == NetworkStatus.SUSPENDED
    assert by_status["revoked"][0].consultant.status == NetworkStatus.PROVISIONAL

"""Suspending and revoking a certificate ask first, on a page of their own that
works without JavaScript and states the consequence; only the confirmed post
changes the certificate, and the message says what happened."""

import pytest
from django.urls import reverse
from django.utils import translation

from trainings.models import CertificateStatus

pytestmark = pytest.mark.django_db


def detail(certificate, lang="en"):
    with translation.override(lang):
        return reverse("trainings:certificate-detail", args=[certificate.pk])


@pytest.mark.parametrize(
    ("move", "status", "said"),
    [
        ("revoke", CertificateStatus.REVOKED, "has been revoked"),
        ("suspend", CertificateStatus.SUSPENDED, "has been suspended"),
    ],
)
def test_the_first_post_asks_and_changes_nothing_the_confirmed_post_does_it(
    client_for, certificate, academy_admin, move, status, said
):
    client = client_for(academy_admin)
    asked = client.post(detail(certificate), {"action": move, "reason": "Fraud"})
    assert asked.status_code == 200
    assert [t.name for t in asked.templates][0] == "confirm.html"
    html = asked.content.decode()
    assert "notice warning" in html
    assert certificate.number in html and certificate.consultant.name in html
    assert "Reason: Fraud" in html
    # the confirmation re-posts the fields, with a destructive button and a
    # way back that keeps everything as it was
    assert '<input type="hidden" name="action" value="' + move + '">' in html
    assert '<input type="hidden" name="reason" value="Fraud">' in html
    assert 'class="danger" id="confirm"' in html
    assert f'href="{detail(certificate)}"' in html
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    assert certificate.events.count() == 1

    done = client.post(
        detail(certificate),
        {"action": move, "reason": "Fraud", "confirmed": "1"},
        follow=True,
    )
    certificate.refresh_from_db()
    assert certificate.status == status
    assert [str(m) for m in done.context["messages"]] == [
        f"Certificate {certificate.number} {said}."
    ]


def test_revocation_states_that_it_is_final(client_for, certificate, academy_admin):
    asked = client_for(academy_admin).post(
        detail(certificate), {"action": "revoke", "reason": "Fraud"}
    )
    assert "cannot be undone" in asked.content.decode()


def test_without_a_reason_the_form_says_so_before_asking(
    client_for, certificate, academy_admin
):
    response = client_for(academy_admin).post(
        detail(certificate), {"action": "revoke", "reason": " "}
    )
    assert "confirm.html" not in [t.name for t in response.templates]
    assert "Give the reason." in response.content.decode()


def test_reinstating_needs_no_confirmation_and_says_reinstated(
    client_for, certificate, academy_admin
):
    client = client_for(academy_admin)
    client.post(
        detail(certificate),
        {"action": "suspend", "reason": "x", "confirmed": "1"},
        follow=True,
    )
    done = client.post(detail(certificate), {"action": "reinstate"}, follow=True)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    assert "has been reinstated" in str(list(done.context["messages"])[0])


def test_the_confirmation_is_in_the_users_language(
    client_for, certificate, academy_admin
):
    asked = client_for(academy_admin).post(
        detail(certificate, lang="ky"), {"action": "revoke", "reason": "Fraud"}
    )
    html = asked.content.decode()
    assert 'lang="ky"' in html
    assert "Revoke certificate" not in html and "cannot be undone" not in html


def test_the_holder_cannot_even_reach_the_confirmation(client_for, certificate):
    response = client_for(certificate.consultant.user).post(
        detail(certificate), {"action": "revoke", "reason": "x"}
    )
    assert response.status_code == 403

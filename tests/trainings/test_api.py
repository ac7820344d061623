from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from trainings import services

from .factories import ParticipantFactory, TrainingFactory, attend

pytestmark = pytest.mark.django_db


def _noon(day):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12))


class TestCertificateAPI:
    def test_gives_the_public_fields_of_the_verification_page(
        self, client, certificate
    ):
        response = client.get(
            f"/api/v1/certificates/{certificate.public_code}/",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert response.json() == {
            "number": certificate.number,
            "holder": certificate.consultant.name,
            "programme": certificate.programme.name,
            "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat(),
            "status": "active",
            "status_display": "active",
            "verification_url": f"/en/verify/{certificate.public_code}/",
            "available_transitions": [],
        }

    def test_offers_the_academy_the_moves_the_certificate_allows(
        self, client, certificate, academy_admin
    ):
        client.force_login(academy_admin)
        url = f"/api/v1/certificates/{certificate.public_code}/"
        assert client.get(url).json()["available_transitions"] == [
            "suspend",
            "revoke",
        ]
        services.certificate_suspend(
            certificate=certificate, reason="Audit", by=academy_admin
        )
        assert client.get(url).json()["available_transitions"] == [
            "reinstate",
            "revoke",
        ]
        services.certificate_revoke(
            certificate=certificate, reason="Fraud", by=academy_admin
        )
        assert client.get(url).json()["available_transitions"] == []

    def test_an_unknown_code_is_404(self, client):
        assert client.get("/api/v1/certificates/nope/").status_code == 404

    def test_the_status_follows_revocation_and_the_date(
        self, client, certificate, make_certificate, academy_admin
    ):
        services.certificate_revoke(
            certificate=certificate, reason="Fraud", by=academy_admin
        )
        revoked = client.get(f"/api/v1/certificates/{certificate.public_code}/")
        assert revoked.json()["status"] == "revoked"
        assert "Fraud" not in revoked.content.decode()
        other = make_certificate()
        with time_machine.travel(_noon(other.expires_on + timedelta(1))):
            expired = client.get(f"/api/v1/certificates/{other.public_code}/")
        assert expired.json()["status"] == "expired"

    def test_certificates_cannot_be_listed(self, client, certificate):
        assert client.get("/api/v1/certificates/").status_code == 404


class TestTrainingAPI:
    def test_lists_trainings_with_the_pages_filters(self, client, past_training):
        upcoming = TrainingFactory(region_id="KG-O")
        attend(ParticipantFactory(training=upcoming))
        response = client.get("/api/v1/trainings/", {"region": "KG-O"})
        assert [t["id"] for t in response.json()["results"]] == [upcoming.pk]
        assert response.json()["results"][0]["participant_count"] == 1
        past = client.get("/api/v1/trainings/", {"when": "past"}).json()["results"]
        assert past_training.pk in [t["id"] for t in past]
        assert upcoming.pk not in [t["id"] for t in past]

    def test_the_2022_training_counts_29_participants(self, client):
        results = client.get("/api/v1/trainings/", {"when": "past"}).json()["results"]
        first = next(t for t in results if t["start_date"] == "2022-05-29")
        assert first["participant_count"] == 29
        assert "procurement" in first["expertise_areas"]

    def test_keeps_a_constant_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        for _ in range(15):
            attend(ParticipantFactory(training=TrainingFactory()))
        with django_assert_max_num_queries(4):
            response = client.get("/api/v1/trainings/")
        assert response.json()["count"] == 16

"""The consultant's linked account decides who reads its sealed bids, so the
admin cannot change it (penetration test: an academy administrator linked a
bidder's profile to their own account and read the sealed bid)."""

import pytest
from django.urls import reverse

from consultants.models import Consultant
from procurement.files import check_upload
from tests.adminforms import form_data, form_errors
from tests.procurement.factories import (
    certified_consultant,
    pdf_upload,
    published_tender,
    submit_bid,
)

SECRET_TEXT = "Жашыруун методология 5519"
PRICE = "123457.00"


@pytest.fixture
def sealed_bid(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tender = published_tender()
    consultant = certified_consultant()
    return submit_bid(
        tender,
        consultant,
        PRICE,
        technical_proposal=SECRET_TEXT,
        files=[("technical", check_upload(pdf_upload()))],
    ).bid


def bid_channels(bid):
    return [
        reverse("procurement:bid-detail", args=[bid.pk]),
        reverse("procurement:bidfile-download", args=[bid.files.get().pk]),
        f"/api/v1/bids/{bid.pk}/",
    ]


def assert_cannot_read(client, bid):
    for url in bid_channels(bid):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        body = response.content
        assert SECRET_TEXT.encode() not in body
        assert b"123457" not in body and b"123 457" not in body
        assert b"%PDF" not in body


@pytest.mark.django_db
class TestConsultantAccountLink:
    def test_academy_admin_cannot_link_a_bidder_to_their_own_account(
        self, client_for, academy_admin, sealed_bid
    ):
        consultant = sealed_bid.consultant
        owner = consultant.user_id
        client = client_for(academy_admin)
        url = reverse("admin:consultants_consultant_change", args=[consultant.pk])
        page = client.get(url)
        assert page.status_code == 200
        data = form_data(page)
        data.update({"user": str(academy_admin.pk), "phone": "+996700000001"})
        response = client.post(url, data)
        assert response.status_code == 302, form_errors(response)
        consultant.refresh_from_db()
        assert consultant.phone == "+996700000001"  # the form was accepted
        assert consultant.user_id == owner
        assert_cannot_read(client, sealed_bid)
        assert 'name="user"' not in page.content.decode()

    def test_superuser_cannot_change_the_link_either(
        self, client_for, django_user_model, sealed_bid
    ):
        root = django_user_model.objects.create_superuser("root@example.kg", "x")
        consultant = sealed_bid.consultant
        owner = consultant.user_id
        client = client_for(root)
        url = reverse("admin:consultants_consultant_change", args=[consultant.pk])
        data = form_data(client.get(url))
        data["user"] = str(root.pk)
        assert client.post(url, data).status_code == 302
        consultant.refresh_from_db()
        assert consultant.user_id == owner

    def test_add_form_does_not_link_an_account(self, client_for, academy_admin):
        client = client_for(academy_admin)
        url = reverse("admin:consultants_consultant_add")
        page = client.get(url)
        assert 'name="user"' not in page.content.decode()
        data = form_data(page)
        data.update(
            {
                "kind": "individual",
                "legal_form": "",
                "name_ky": "Жаңы консультант",
                "name_ru": "Новый консультант",
                "name_en": "New consultant",
                "home_region": "KG-N",
                "user": str(academy_admin.pk),
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, form_errors(response)
        created = Consultant.objects.get(name_en="New consultant")
        assert created.user_id is None

    def test_user_admin_cannot_attach_a_consultant(
        self, client_for, academy_admin, sealed_bid, django_user_model
    ):
        """No inline or reverse field on the user's page links a consultant."""
        consultant = sealed_bid.consultant
        owner = consultant.user_id
        helper = django_user_model.objects.create_user("helper@example.kg", "x")
        client = client_for(academy_admin)
        url = reverse("admin:accounts_user_change", args=[helper.pk])
        page = client.get(url)
        assert 'name="consultant' not in page.content.decode()
        data = form_data(page)
        data["consultant"] = str(consultant.pk)
        assert client.post(url, data).status_code == 302
        consultant.refresh_from_db()
        assert consultant.user_id == owner

"""Oversize request bodies are refused before anything reads them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import translation

from portal.middleware import LimitedUploadHandler, RequestBodyTooLarge
from procurement.models import Bid
from tests.procurement.factories import certified_consultant, published_tender

MiB = 1024 * 1024
HUGE = str(300 * MiB)


class UnreadableBody(io.BytesIO):
    """A body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
class TestDeclaredLength:
    def test_a_300_mib_post_is_refused_unread(self, client_for, settings):
        tender = published_tender()
        consultant = certified_consultant()
        client = client_for(consultant.user)
        with translation.override("en"):
            url = reverse("procurement:bid-submit", args=[tender.pk])
        response = client.generic(
            "POST",
            url,
            encode_multipart("BoUnDaRy", {"price": "1"}),
            content_type="multipart/form-data; boundary=BoUnDaRy",
            CONTENT_LENGTH=HUGE,
            **{"wsgi.input": UnreadableBody()},
        )
        assert response.status_code == 413
        assert "too large" in response.content.decode()
        assert not Bid.objects.exists()

    def test_the_refusal_speaks_the_users_language(self, client):
        response = client.post(
            "/ru/tenders/", b"x", content_type="text/plain", CONTENT_LENGTH=HUGE
        )
        assert response.status_code == 413
        assert response["Content-Language"] == "ru"
        assert "слишком большой" in response.content.decode()
        response = client.post(
            "/ky/tenders/", b"x", content_type="text/plain", CONTENT_LENGTH=HUGE
        )
        assert "өтө чоң" in response.content.decode()

    def test_the_api_gets_json(self, client):
        response = client.post(
            "/api/v1/tenders/",
            b"{}",
            content_type="application/json",
            CONTENT_LENGTH=HUGE,
        )
        assert response.status_code == 413
        assert "detail" in response.json()

    def test_a_body_within_the_limit_passes(self, client, settings):
        settings.REQUEST_MAX_BYTES = 10 * MiB
        response = client.post(
            "/en/tenders/", b"x", content_type="text/plain", CONTENT_LENGTH=str(MiB)
        )
        assert response.status_code != 413


class TestUploadHandler:
    def test_stops_an_upload_that_passes_the_limit(self, settings):
        """A body larger than declared (or never declared): the handler counts
        what arrives and stops past REQUEST_MAX_BYTES."""
        settings.REQUEST_MAX_BYTES = MiB
        body = encode_multipart(
            "BoUnDaRy",
            {"file": SimpleUploadedFile("big.pdf", b"0" * (2 * MiB))},
        )
        request = RequestFactory().generic(
            "POST", "/", body, content_type="multipart/form-data; boundary=BoUnDaRy"
        )
        # a body that lies about its length, on a server (ASGI, a proxy
        # passing chunks) that hands Django the stream as it comes
        meta = {**request.META, "CONTENT_LENGTH": "100"}
        parser = MultiPartParser(
            meta, io.BytesIO(body), [LimitedUploadHandler(request)], "utf-8"
        )
        with pytest.raises(RequestBodyTooLarge):
            parser.parse()

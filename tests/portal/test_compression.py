"""HTML and JSON go out gzipped (phones on slow connections), except where
BREACH could read a secret; pages carry cache headers that keep one visitor's
page away from another and private pages out of every cache."""

import gzip
import os
import re
import subprocess
import sys

import pytest

from tests.accounts.factories import ConsultantUserFactory

CSRF = re.compile(rb'"X-CSRFToken": "([^"]+)"')


def body(response) -> bytes:
    content = response.content
    if response.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(content)
    return content


@pytest.mark.django_db
class TestCompression:
    def test_public_page_is_gzipped(self, client):
        plain = client.get("/ky/consultants/")
        packed = client.get("/ky/consultants/", HTTP_ACCEPT_ENCODING="gzip")
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert len(packed.content) * 3 < len(plain.content)
        assert b"</html>" in body(packed)

    def test_not_gzipped_for_a_client_that_does_not_ask(self, client):
        response = client.get("/ky/consultants/")
        assert "Content-Encoding" not in response.headers

    def test_csrf_token_differs_in_every_compressed_answer(self, client):
        # anonymous public pages carry no token (portal/pagecache.py): a
        # signed-in page does
        client.force_login(ConsultantUserFactory())
        tokens = {
            CSRF.search(body(client.get("/ky/me/", HTTP_ACCEPT_ENCODING="gzip"))).group(
                1
            )
            for _ in range(3)
        }
        assert len(tokens) == 3  # masked per response: nothing stable to guess

    def test_signed_in_page_reflecting_input_is_not_compressed(self, client):
        client.force_login(ConsultantUserFactory())
        response = client.get(
            "/ky/consultants/?q=secret-guess", HTTP_ACCEPT_ENCODING="gzip"
        )
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers

    def test_signed_in_page_without_input_is_compressed(self, client):
        client.force_login(ConsultantUserFactory())
        response = client.get("/ky/me/", HTTP_ACCEPT_ENCODING="gzip")
        assert response.headers["Content-Encoding"] == "gzip"

    def test_anonymous_search_is_compressed(self, client):
        response = client.get("/ky/consultants/?q=тариф", HTTP_ACCEPT_ENCODING="gzip")
        assert response.headers["Content-Encoding"] == "gzip"

    def test_binary_downloads_are_left_alone(self, client):
        response = client.get("/favicon.ico", HTTP_ACCEPT_ENCODING="gzip")
        assert "Content-Encoding" not in response.headers

    def test_api_json_is_compressed(self, client):
        response = client.get("/api/v1/regions/", HTTP_ACCEPT_ENCODING="gzip")
        assert response.headers["Content-Encoding"] == "gzip"


@pytest.mark.django_db
class TestCacheHeaders:
    def test_public_html_is_private_and_revalidated(self, client):
        cache_control = client.get("/ky/consultants/").headers["Cache-Control"]
        assert "private" in cache_control and "no-cache" in cache_control
        assert "no-store" not in cache_control

    def test_signed_in_pages_keep_no_store(self, client):
        client.force_login(ConsultantUserFactory())
        cache_control = client.get("/ky/consultants/").headers["Cache-Control"]
        assert "no-store" in cache_control and "no-cache" not in cache_control


def test_production_serves_hashed_static_files():
    """Without DEBUG the static files get hashed names (cached for years by
    WhiteNoise as immutable) and are compressed ahead of time."""
    env = {**os.environ, "DJANGO_DEBUG": "false"}
    env.pop("DJANGO_STATIC_MANIFEST", None)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'portal.settings'; django.setup(); from django.conf import settings; "
            "print(settings.STORAGES['staticfiles']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "whitenoise.storage.CompressedManifestStaticFilesStorage"

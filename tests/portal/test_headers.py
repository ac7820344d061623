"""Security headers on every answer: a Content-Security-Policy without inline
script, a Permissions-Policy, and no caching of anything shown to a signed-in user
(a bidder's own sealed price above all)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import ConsultantUserFactory


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = [p.strip().split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
class TestSecurityHeaders:
    @pytest.mark.parametrize("path", ["/ky/", "/ky/consultants/", "/api/v1/tenders/"])
    def test_csp_forbids_inline_script_and_eval(self, client, path):
        response = client.get(path)
        assert response.status_code == 200
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy.get("style-src", [])
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]

    def test_permissions_policy_denies_device_features(self, client):
        policy = client.get("/ky/").headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in policy

    def test_public_pages_for_anonymous_visitors_are_not_marked_no_store(self, client):
        response = client.get("/ky/consultants/")
        assert "no-store" not in response.headers.get("Cache-Control", "")

    def test_answers_to_signed_in_users_are_never_stored(self, client):
        client.force_login(ConsultantUserFactory())
        for path in ["/ky/", reverse("accounts:dashboard"), "/api/v1/tenders/"]:
            cache_control = client.get(path).headers.get("Cache-Control", "")
            assert "no-store" in cache_control, path
            assert "private" in cache_control, path


@pytest.mark.django_db
def test_the_bidders_own_sealed_bid_is_never_cached(client, settings, tmp_path):
    from tests.procurement.factories import (
        certified_consultant,
        published_tender,
        submit_bid,
    )

    settings.MEDIA_ROOT = tmp_path
    bidder = certified_consultant()
    bid = submit_bid(published_tender(), bidder, "123457").bid
    client.force_login(bidder.user)
    for path in [
        reverse("procurement:bid-detail", args=[bid.pk]),
        f"/api/v1/bids/{bid.pk}/",
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert "123457" in response.content.decode().replace(" ", "").replace(
            "\xa0", ""
        )
        assert "no-store" in response.headers["Cache-Control"]

"""The stylesheet inline on a browser's first page (a round trip less on slow
3G), linked afterwards; the inline style is allowed by its answer's nonce."""

import re

import pytest
from django.contrib.staticfiles import finders

from portal.stylesheet import COOKIE

pytestmark = pytest.mark.django_db


def style_nonce(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    style_src = next(p for p in policy.split(";") if p.strip().startswith("style-src"))
    return re.search(r"'nonce-([^']+)'", style_src).group(1)


def test_a_first_page_carries_the_stylesheet_and_prefetches_the_file(client):
    response = client.get("/ky/consultants/")
    html = response.content.decode()
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()  # noqa: SIM115
    style = re.search(r'<style nonce="([^"]+)">(.*?)</style>', html, re.S)
    assert style and style.group(2) == css
    assert style.group(1) == style_nonce(response)  # CSP lets it apply
    assert '<link rel="prefetch" href="/static/css/portal.css">' in html
    assert 'rel="stylesheet"' not in html
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "Cookie" in response.headers["Vary"]
    # the policy still forbids inline styles without the nonce
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_the_next_pages_link_the_cached_file(client):
    client.get("/ky/")
    response = client.get("/ky/consultants/")
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    assert "<style" not in html
    assert COOKIE not in response.cookies
    assert "Cookie" in response.headers["Vary"]


def test_another_version_of_the_stylesheet_is_inlined_again(client):
    client.cookies[COOKIE] = "an-older-version"
    response = client.get("/ky/")
    assert "<style nonce=" in response.content.decode()
    assert response.cookies[COOKIE].value != "an-older-version"


def test_the_redirect_target_of_protected_pages_inlines_it(client):
    response = client.get("/ky/me/", follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "<style nonce=" in response.content.decode()


def test_an_apps_stylesheet_is_inlined_once_then_linked(client):
    first = client.get("/ky/trainings/").content.decode()
    assert first.count("<style nonce=") == 2  # the portal's and the trainings'
    assert 'href="/static/trainings/trainings.css"' in first  # prefetched
    assert len(client.cookies[COOKIE].value.split(".")) == 2
    again = client.get("/ky/trainings/").content.decode()
    assert "<style" not in again
    assert '<link rel="stylesheet" href="/static/trainings/trainings.css">' in again

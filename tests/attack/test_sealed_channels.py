"""Sealed bids on the channels a sweep of URLs × roles misses (issue 15): the
Django admin's every changelist, filter value, search, ordering, object page,
history, delete confirmation and autocomplete; the portal's and the API's
searches, filters and orderings; exports, reports, OCDS and the feed; the
emails of a tender's whole life.

Two oracles beyond "the canary is not on the page": a search for a sealed
text answers exactly as a search for nonsense, and every page reads the same
after the sealed contents of two bids are swapped in the database (a page
that sorts, counts or filters by a price or a text would change)."""

import io
import re
from urllib.parse import quote, quote_plus

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from procurement.models import Bid
from tests.adminforms import CSRF
from tests.attack.sealed import (
    TECH,
    leaks,
    plant,
)

# a new nonce and CSRF token in each response
# (and OCDS packages say when they were made); the first page of a kind in a
# visit inlines its stylesheet, the next ones link it
NONCE = re.compile(
    rb'nonce="[^"]*"|"X-CSRFToken": "[^"]*"|"publishedDate": "[^"]*"'
    rb'|<style[^>]*>.*?</style>|<link rel="(?:stylesheet|prefetch)"[^>]*>',
    re.S,
)
CONTROL = "QZNOTHINGATALLX"  # as long as a canary token, matches nothing
SEARCHED = ("QZTECHCANARYA", "QZTEAMCANARYA", "QZNOTECANARYA", "QZFILENAMECANARYA")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root@example.kg", "x")


@pytest.fixture
def planted(db, settings, tmp_path, academy_admin, superuser):
    settings.MEDIA_ROOT = tmp_path
    return plant(academy_admin, superuser)


def readable(response) -> str:
    """What a reader gets from a response: the text of a page, the cells of a
    workbook, the text of a PDF."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    kind = response.get("Content-Type", "")
    if response.status_code == 200 and "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(data), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join(cells)
    if response.status_code == 200 and kind.startswith("application/pdf"):
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(data)).pages
        )
    return NONCE.sub(b"", CSRF.sub(b"", data)).decode(errors="replace")


def signed_in(user):
    """A client as `user` that has seen a page already: the first page of a
    visit inlines the stylesheet, the next ones link it."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get("/ky/tenders/")
    return client


def same(a: str, b: str, url: str) -> None:
    """Assert two readings are equal, naming the first line that differs."""
    if a == b:
        return
    for left, right in zip(a.splitlines(), b.splitlines(), strict=False):
        if left != right:
            raise AssertionError(
                f"{url}: {left.strip()[:300]!r} != {right.strip()[:300]!r}"
            )
    raise AssertionError(f"{url}: one reading is longer")


def echo_free(url: str, body: str) -> str:
    """The body without the echo of the canary a URL searches for."""
    for token in SEARCHED:
        if token in url:
            body = without(body, token)
    return body


def without(text: str, term: str) -> str:
    """The text without the echo of a search term (search boxes, links)."""
    for form in {term, quote(term), quote_plus(term), escape(term)}:
        text = text.replace(form, "<term>")
    return text


# ------------------------------------------------------------------ admin
def changelist(model) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


# the apps whose rows can be about a bid or a bidder: the admin's pages of
# their models are swept in depth (every filter value, ordering, object page);
# the other apps' changelists once
NEAR_BIDS = {
    "procurement",
    "consultants",
    "accounts",
    "notifications",
    "outbox",
    "audit",
}


def admin_pages(client) -> list[str]:
    """Every registered model's changelist; for the models near bids also
    every value of its filters, ordering by every column either way, and the
    latest object's change, history and delete pages."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        base = changelist(model)
        urls.append(base)
        meta = model._meta
        if meta.app_label not in NEAR_BIDS:
            continue
        response = client.get(base)
        if response.status_code != 200:
            continue
        cl = response.context["cl"]
        for spec in cl.filter_specs:
            urls += [base + choice["query_string"] for choice in spec.choices(cl)]
        columns = len(model_admin.get_list_display(response.wsgi_request)) + 1
        urls += [f"{base}?o={sign}{i}" for i in range(columns) for sign in ("", "-")]
        for pk in model._default_manager.order_by("-pk").values_list("pk", flat=True)[
            :1
        ]:
            for page in ("change", "history", "delete"):
                name = f"admin:{meta.app_label}_{meta.model_name}_{page}"
                urls.append(reverse(name, args=[pk]))
    return list(dict.fromkeys(urls))


def autocomplete_urls(term: str) -> list[str]:
    """The admin's autocomplete for every relation of every registered model."""
    urls = []
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model):
                continue
            if field.related_model not in admin.site._registry:
                continue
            urls.append(
                "/admin/autocomplete/?"
                f"app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                f"&field_name={field.name}&term={quote(term)}"
            )
    return urls


def search_urls(term: str) -> list[str]:
    """Every admin changelist searched for `term`."""
    return [f"{changelist(model)}?q={quote(term)}" for model in admin.site._registry]


ADMINS = ["academy_admin", "superuser"]


@pytest.mark.django_db
class TestAdmin:
    # the superuser reads every admin page the academy administrator reads
    # (same querysets, more permissions); both are searched below
    @pytest.mark.slow
    @pytest.mark.parametrize("role", ["superuser"])
    def test_no_admin_page_shows_a_sealed_bid(self, client_for, planted, role):
        client = client_for(planted.roles[role])
        urls = admin_pages(client)
        assert len(urls) > 80
        bid_pages = [
            reverse("admin:procurement_bid_change", args=[bid.pk])
            for bid in (planted.bid, planted.other_bid)
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), url
            body = echo_free(url, readable(response))
            assert leaks(body) == [], url
            for page in bid_pages:
                assert page not in body, url
        # every admin action on the latest rows: its output (the delete
        # action's confirmation page lists related objects)
        for model, model_admin in admin.site._registry.items():
            latest = model._default_manager.order_by("-pk").values_list("pk", flat=True)
            selected = [str(pk) for pk in latest[:3]]
            request = client.get(changelist(model)).wsgi_request
            for action in model_admin.get_actions(request):
                response = client.post(
                    changelist(model),
                    {"action": action, "_selected_action": selected},
                    follow=True,
                )
                body = readable(response)
                assert leaks(body) == [], (model, action)
                assert not any(page in body for page in bid_pages), (model, action)
        # not vacuous: the admin did list the tender and its bidders' accounts
        tender_list = client.get(changelist(type(planted.tender))).content.decode()
        assert str(planted.tender.title) in tender_list

    @pytest.mark.parametrize("role", ADMINS)
    def test_search_and_autocomplete_are_no_oracle(self, planted, role):
        client = signed_in(planted.roles[role])
        for term in ("QZTECHCANARYA", "QZFILENAMECANARYA", "987651"):
            control = CONTROL[: len(term)].ljust(len(term), "X")
            pairs = zip(
                search_urls(term) + autocomplete_urls(term),
                search_urls(control) + autocomplete_urls(control),
                strict=True,
            )
            for url, control_url in pairs:
                yes, no = client.get(url), client.get(control_url)
                assert yes.status_code == no.status_code, url
                same(without(readable(yes), term), without(readable(no), control), url)


# -------------------------------------------------------- portal and API
def portal_urls(planted) -> list[str]:
    """Searches, filters and orderings of the pages and the API (sealed
    fields named in them too: a filter that took them would be an oracle),
    exports of the registry, OCDS and the feed."""
    urls = [
        "/ky/tenders/",
        "/ky/tenders/?ordering=-budget",
        "/ky/tenders/feed/",
        planted.tender.get_absolute_url(),
        "/ky/consultants/",
        "/ky/consultants/export.csv",
        "/ky/consultants/export.xlsx",
        "/api/v1/tenders/",
        "/api/v1/tenders/?ordering=price",
        "/api/v1/tenders/?ordering=-price",
        f"/api/v1/tenders/{planted.tender.pk}/",
        "/api/v1/bids/",
        "/api/v1/bids/?ordering=price",
        "/api/v1/bids/?ordering=-price",
        "/api/v1/bids/?price=987651.37",
        "/api/v1/bids/?price__gt=500000",
        "/api/v1/consultants/",
        "/api/v1/consultants/?ordering=-price",
        "/api/v1/ocds/release-package/",
        "/api/v1/ocds/record-package/",
        "/ky/consultations/",
        "/api/v1/consultations/",
    ]
    for token in SEARCHED:
        urls += [
            f"/ky/tenders/?q={token}",
            f"/ky/consultants/?q={token}",
            f"/api/v1/tenders/?q={token}",
            f"/api/v1/tenders/?search={token}",
            f"/api/v1/bids/?search={token}",
            f"/api/v1/consultants/?q={token}",
            f"/api/v1/consultations/?q={token}",
        ]
    return urls


def report_urls(planted) -> list[str]:
    region = planted.tender.municipality.region_id
    return [
        "/ky/reports/all/",
        f"/ky/reports/{region}/",
        f"/ky/reports/{region}/export/all.xlsx",
        f"/ky/reports/{region}/export/tenders.csv",
        "/ky/reports/all/export/tenders.csv",
    ]


READERS = [
    "anonymous",
    "other_bidder",
    "municipal_staff",
    "coordinator",
    "committee_member",
    "academy_admin",
]


def swap_sealed_contents(a: Bid, b: Bid) -> None:
    """Exchange the sealed columns of two bids in the database (ciphertext
    for ciphertext): nothing a page may show changes, only what is sealed."""
    columns = (
        "technical_proposal",
        "proposed_team",
        "conflict_of_interest_note",
        "sealed_price",
    )
    assignments = ", ".join(f"{c} = other.{c}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE procurement_bid AS bid SET {assignments} "
            "FROM procurement_bid AS other "
            "WHERE (bid.id, other.id) IN ((%s, %s), (%s, %s))",
            [a.pk, b.pk, b.pk, a.pk],
        )
    assert Bid.objects.get(pk=b.pk).technical_proposal == TECH


@pytest.mark.django_db
class TestPortal:
    @pytest.mark.parametrize("role", READERS)
    def test_no_search_export_report_or_feed_shows_a_sealed_bid(
        self, client_for, planted, role
    ):
        client = client_for(planted.roles[role])
        for url in portal_urls(planted):
            response = client.get(url)
            assert response.status_code < 500, url
            found = leaks(echo_free(url, readable(response)))
            if role == "other_bidder":  # bidder B reads B's own bid
                found = [f for f in found if not f.endswith("B")]
            assert found == [], url

    @pytest.mark.slow
    def test_reports_show_no_sealed_bid(self, client_for, planted):
        """The region's and the national report, their exports and the PDF,
        as the academy (which reads every report)."""
        client = client_for(planted.roles["academy_admin"])
        region = planted.tender.municipality.region_id
        for url in [*report_urls(planted), f"/ky/reports/{region}/pdf/"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert leaks(readable(response)) == [], url

    @pytest.mark.slow
    @pytest.mark.parametrize("role", ["municipal_staff", "superuser"])
    def test_nothing_reads_differently_when_sealed_contents_swap(
        self, client_for, planted, role
    ):
        client = signed_in(planted.roles[role])
        urls = portal_urls(planted)
        if role == "superuser":
            urls += admin_pages(client)
        before = {url: readable(client.get(url)) for url in urls}
        swap_sealed_contents(planted.bid, planted.other_bid)
        for url in urls:
            same(readable(client.get(url)), before[url], url)

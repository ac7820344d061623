"""The admin is no oracle on sealed bids (penetration test: the bid
changelist's filters recovered 24 characters of each text field in about 250
requests). Before the opening no admin page lists, filters, searches or orders
sealed bids or their fields, for academy administrators and superusers alike."""

import re
from urllib.parse import quote, quote_plus

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from procurement.models import Bid, TenderStatus
from tests.adminforms import body_without_tokens
from tests.procurement.factories import (
    certified_consultant,
    published_tender,
    submit_bid,
    tender_at_status,
)

SECRET_TEXT = "Жашыруун методология 7731"


@pytest.fixture
def sealed_bid(db):
    tender = published_tender()
    return submit_bid(
        tender, certified_consultant(), "123457", technical_proposal=SECRET_TEXT
    ).bid


@pytest.fixture(params=["academy_admin", "superuser"])
def admin_client(request, client_for, django_user_model):
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser("root@example.kg", "x")
    else:
        user = request.getfixturevalue("academy_admin")
    return client_for(user)


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def assert_not_leaked(response, bid):
    assert response.status_code in (200, 302, 400, 403, 404)
    body = response.content.decode()
    assert reverse("admin:procurement_bid_change", args=[bid.pk]) not in body
    assert SECRET_TEXT not in body
    assert bid.consultant.name not in body


LINK_QUERY = re.compile(rb'(href="[^"?]*)\?[^"]*')


def normalized(response, query):
    """The body without CSRF tokens and without the echoed query value (the
    changelist repeats ?q= in its links and search box; the language
    switcher links to the same address, query and all)."""
    body = LINK_QUERY.sub(rb"\1", body_without_tokens(response))
    key, value = query.split("=", 1)
    if key != "q":
        return body
    for form in {value, quote(value), quote_plus(value), escape(value)}:
        body = body.replace(form.encode(), b"")
    return body


def oracle_pairs(bid):
    """(true, false) query strings: a working oracle answers them differently."""
    other = certified_consultant()
    return [
        ("technical_proposal__gte=a", "technical_proposal__gte=ӿ"),
        ("technical_proposal__startswith=Ж", "technical_proposal__startswith=X"),
        ("technical_proposal__contains=7731", "technical_proposal__contains=0000"),
        (f"consultant={bid.consultant_id}", f"consultant={other.pk}"),
        (
            f"consultant__id__exact={bid.consultant_id}",
            f"consultant__id__exact={other.pk}",
        ),
        ("proposed_team__startswith=А", "proposed_team__startswith=X"),
        ("price__isnull=True", "price__isnull=False"),
        ("sealed_price__isnull=False", "sealed_price__isnull=True"),
        ("tender__status=published", "tender__status=draft"),
        ("q=Жашыруун", "q=Xyz"),
    ]


@pytest.mark.django_db
class TestBidChangelistBeforeOpening:
    def test_no_filter_tells_a_true_guess_from_a_false_one(
        self, admin_client, sealed_bid
    ):
        url = changelist(Bid)
        # a browser's first portal page (a refusal is one) carries the
        # stylesheet inline, later ones link it (portal/stylesheet.py)
        admin_client.get("/ky/")
        for true, false in oracle_pairs(sealed_bid):
            yes = admin_client.get(f"{url}?{true}")
            no = admin_client.get(f"{url}?{false}")
            assert_not_leaked(yes, sealed_bid)
            assert_not_leaked(no, sealed_bid)
            assert yes.status_code == no.status_code, true
            assert normalized(yes, true) == normalized(no, false), true

    def test_field_lookups_are_refused(self, admin_client, sealed_bid):
        for query in (
            "technical_proposal__startswith=Ж",
            "consultant=1",
            "price__gt=1",
        ):
            response = admin_client.get(f"{changelist(Bid)}?{query}")
            assert response.status_code == 400, query

    def test_ordering_by_any_column_lists_nothing(self, admin_client, sealed_bid):
        url = changelist(Bid)
        columns = len(admin.site._registry[Bid].list_display) + 2
        for index in range(columns):
            for order in (str(index), f"-{index}"):
                assert_not_leaked(admin_client.get(f"{url}?o={order}"), sealed_bid)

    def test_the_bid_page_is_not_found(self, admin_client, sealed_bid):
        for name in ("change", "history", "delete"):
            url = reverse(f"admin:procurement_bid_{name}", args=[sealed_bid.pk])
            response = admin_client.get(url)
            assert response.status_code in (302, 403, 404), name
            assert_not_leaked(response, sealed_bid)

    def test_no_admin_of_the_portal_answers_lookups_through_bids(
        self, admin_client, sealed_bid
    ):
        """Relation lookups to a bid's fields from every other changelist."""
        paths = [
            "bids__technical_proposal__startswith",
            "bid__technical_proposal__startswith",
            "tender__bids__technical_proposal__startswith",
            "consultant__bids__technical_proposal__startswith",
            "award__bid__technical_proposal__startswith",
        ]
        for model in admin.site._registry:
            url = changelist(model)
            for path in paths:
                yes = admin_client.get(f"{url}?{path}=Ж")
                no = admin_client.get(f"{url}?{path}=X")
                assert_not_leaked(yes, sealed_bid)
                assert yes.status_code == no.status_code, (url, path)
                if yes.status_code != 200:
                    continue  # refused pages echo the address they refuse
                assert normalized(yes, f"{path}=Ж") == normalized(no, f"{path}=X"), (
                    url,
                    path,
                )


@pytest.mark.django_db
def test_after_the_opening_the_academy_reads_bids_with_the_safe_filters(
    client_for, academy_admin
):
    tender, bids = tender_at_status(TenderStatus.OPENED)
    client = client_for(academy_admin)
    url = changelist(Bid)
    listing = client.get(f"{url}?status__exact=submitted&tender__id__exact={tender.pk}")
    assert listing.status_code == 200
    for bid in bids:
        assert reverse("admin:procurement_bid_change", args=[bid.pk]) in (
            listing.content.decode()
        )
    assert client.get(f"{url}?technical_proposal__startswith=М").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["question", "award", "complaint", "contract"])
def test_procurement_decisions_are_read_only_in_the_admin(
    client_for, academy_admin, model
):
    """Answers, awards, complaint decisions and contracts change only through the
    pages' rules: the admin offers no add, change or delete, to anyone."""
    from django.test import RequestFactory

    from procurement import models

    model_admin = admin.site._registry[getattr(models, model.capitalize())]
    request = RequestFactory().get("/")
    request.user = academy_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, None)
    assert not model_admin.has_delete_permission(request, None)
    add = client_for(academy_admin).get(reverse(f"admin:procurement_{model}_add"))
    assert add.status_code == 403

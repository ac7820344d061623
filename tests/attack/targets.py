"""Everything the access matrix requests: every named URL of the resolver
(the walker's enumeration, tests/e2e/pages.py, including the admin, downloads
and POST-only actions) and every operation of the OpenAPI schema, each with
its parameters filled from the world (tests/attack/world.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation

from tests.attack.world import World
from tests.e2e.pages import PAGES, Demo, named_urls

API_PREFIX = "api/v1/"


@dataclass(frozen=True)
class Target:
    key: str  # the table's key: a URL name (with "#variant"), or "API <METHOD> <path>"
    method: str  # GET for pages (POST for POST-only actions), the API's own
    path: str


def _pk(obj) -> dict:
    return {"pk": obj.pk}


def page_parameters(world: World) -> dict[str, list[tuple[str, dict]]]:
    """URL name -> [(variant, kwargs)] for the names the walker does not visit
    or where the matrix wants the world's own objects (the canary)."""
    o = world.objects
    tender, bid = o["tender"], o["canary_bid"]
    one = lambda **kwargs: [("", kwargs)]  # noqa: E731
    return {
        "healthz": one(),
        "favicon": one(),
        "api-schema": one(),
        "api-docs": one(),
        "set_language": one(),
        "javascript-catalog": one(),
        "accounts:email-language": one(),
        "notifications:notification-open": one(**_pk(o["notification"])),
        "notifications:notification-read-all": one(),
        "municipalities:staff-decide": one(
            pk=o["pending_membership"].pk, decision="confirm"
        ),
        "municipalities:coordinator-remove": one(
            code="KG-N", user_id=o["coordinator"].pk
        ),
        "consultants:consultant-export-csv": one(),
        "consultants:consultant-export-xlsx": one(),
        "consultants:consultant-resubmit": one(**_pk(o["member_a"])),
        "consultants:rating-answer": one(**_pk(o["consultant_rating"])),
        "consultants:claim-decide": one(claim_id=o["claim"].pk, decision="accept"),
        "procurement:tender-feed": one(),
        "procurement:tender-detail": [
            ("", _pk(tender)),
            ("draft", _pk(o["draft_tender"])),
            ("opened", _pk(o["opened_tender"])),
        ],
        "procurement:bid-detail": one(**_pk(bid)),
        "procurement:bid-submit": one(**_pk(tender)),
        "procurement:document-add": one(**_pk(o["draft_tender"])),
        "procurement:document-delete": one(**_pk(o["draft_document"])),
        "procurement:document-download": one(**_pk(o["document"])),
        "procurement:tender-publish": one(**_pk(o["draft_tender"])),
        "procurement:tender-invite-recommended": one(**_pk(o["draft_tender"])),
        "procurement:interest-call": one(**_pk(o["draft_tender"])),
        "procurement:tender-cancel": one(**_pk(tender)),
        "procurement:tender-follow": one(**_pk(tender)),
        "procurement:question-ask": one(**_pk(tender)),
        "procurement:question-answer": one(**_pk(o["question"])),
        "procurement:tender-open": one(**_pk(tender)),
        "procurement:committee-declare": one(**_pk(o["opened_tender"])),
        "procurement:tender-technical-result": one(**_pk(o["opened_tender"])),
        "procurement:tender-financial-open": one(**_pk(o["opened_tender"])),
        "procurement:tender-evaluation-report": one(**_pk(o["evaluated_tender"])),
        "procurement:tender-award": one(**_pk(o["evaluated_tender"])),
        "procurement:contract-record": one(**_pk(o["awarded_tender"])),
        "procurement:contract-complete": one(**_pk(o["awarded_tender"])),
        "procurement:bid-withdraw": one(**_pk(bid)),
        "procurement:complaint-file": one(**_pk(bid)),
        "procurement:complaint-terms": one(**_pk(o["opened_tender"])),
        "procurement:complaint-explain": one(**_pk(o["complaint"])),
        "procurement:complaint-decide": one(**_pk(o["complaint"])),
        "procurement:bidfile-download": one(**_pk(o["canary_file"])),
        "procurement:biddraft-download": one(**_pk(o["canary_draft"])),
        "procurement:bidreceipt-document": one(**_pk(o["canary_receipt"])),
        "procurement:review-member-remove": one(user_id=o["reviewer"].pk),
        "consultations:request-answer": one(**_pk(o["consultation"])),
        "consultations:request-agree": one(**_pk(o["consultation"])),
        "consultations:request-cancel": one(**_pk(o["consultation"])),
        "consultations:request-complete": one(**_pk(o["consultation"])),
        "consultations:municipality-rate": one(**_pk(o["consultation"])),
        "consultations:request-tender": one(**_pk(o["consultation"])),
        "consultations:rating-answer": one(**_pk(o["municipality_rating"])),
        "reports:report-pdf": one(scope="KG-N"),
        "reports:report-export": [
            ("", {"scope": "KG-N", "table": "all", "fmt": "xlsx"}),
        ],
        "trainings:training-attendance-download": one(**_pk(o["training"])),
        "trainings:certificate-download": one(**_pk(o["certificate"])),
    }


POST_ONLY_NAMES = {
    "set_language",
    "accounts:email-language",
    "notifications:notification-open",
    "notifications:notification-read-all",
    "municipalities:staff-decide",
    "municipalities:coordinator-remove",
    "consultants:consultant-resubmit",
    "consultants:rating-answer",
    "consultants:claim-decide",
}


def _admin_parameters(name: str, route: str) -> dict | None:
    """kwargs for an admin URL: the first object of the model it is about."""
    from django.apps import apps
    from django.contrib import admin

    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    params = [a or b for a, b in params]
    if not params:
        return {}
    kwargs = {}
    model = None
    for registered in admin.site._registry:
        prefix = f"admin:{registered._meta.app_label}_{registered._meta.model_name}_"
        if name.startswith(prefix):
            model = registered
    for param in params:
        if param == "app_label":
            kwargs[param] = "procurement"
        elif param in ("object_id", "id") and model is not None:
            found = model._default_manager.order_by("pk").first()
            # a model with no rows: an id that is nobody's (the answer is then
            # the same refusal or "not found" for the admin's users)
            kwargs[param] = str(found.pk) if found else "0"
        elif param == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            kwargs[param] = ContentType.objects.get_for_model(
                apps.get_model("procurement", "Tender")
            ).pk
        elif param == "object_id":
            kwargs[param] = str(world_tender_pk())
        elif param == "id":  # the user admin's password form
            from django.contrib.auth import get_user_model

            kwargs[param] = str(get_user_model().objects.order_by("pk").first().pk)
        else:
            return None
    return kwargs


_WORLD_TENDER = {}


def world_tender_pk():
    return _WORLD_TENDER["pk"]


def page_targets(world: World) -> tuple[list[Target], list[str]]:
    """The targets of every named URL outside the API, and the names that
    could not be filled (a failure of the test)."""
    _WORLD_TENDER["pk"] = world.objects["tender"].pk
    demo = Demo()
    own = page_parameters(world)
    targets, unfilled = [], []
    with translation.override("ky"):
        for url in named_urls():
            if url.route.startswith(API_PREFIX):
                continue  # the API: every operation from the schema instead
            if url.name in own:
                variants = own[url.name]
            elif url.name.startswith("admin:"):
                kwargs = _admin_parameters(url.name, url.route)
                variants = [] if kwargs is None else [("", kwargs)]
            elif url.name in PAGES:
                found = PAGES[url.name](demo)
                variants = [("", found[0])] if found else []
            else:
                variants = []
            if not variants:
                unfilled.append(url.name)
            for variant, kwargs in variants:
                key = f"{url.name}#{variant}" if variant else url.name
                method = "POST" if is_post_only(url.name) else "GET"
                targets.append(Target(key, method, reverse(url.name, kwargs=kwargs)))
    return targets, unfilled


def is_post_only(name: str) -> bool:
    from tests.e2e.pages import EXCLUDED, POST_ONLY

    return name in POST_ONLY_NAMES or EXCLUDED.get(name) == POST_ONLY


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation in the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    ]


def api_targets(world: World) -> list[Target]:
    o = world.objects
    ids = {
        "bids": o["canary_bid"].pk,
        "tenders": o["tender"].pk,
        "complaints": o["complaint"].pk,
        "questions": o["question"].pk,
        "notifications": o["notification"].pk,
        "consultants": o["member_a"].pk,
        "municipalities": o["municipality"].pk,
        "trainings": o["training"].pk,
        "consultations": o["consultation"].pk,
    }
    codes = {
        "regions": "KG-C",
        "expertise-areas": "tariffs",
        "certificates": o["certificate"].public_code,
    }
    targets = []
    for method, template in api_operations():
        resource = template.split("/")[3]
        path = template.replace("{id}", str(ids.get(resource, 0)))
        path = path.replace("{code}", codes.get(resource, "x"))
        path = path.replace("{ocid}", o["tender"].ocid)
        path = path.replace("{day}", "2026-01-01")
        assert "{" not in path, f"no value for a parameter of {template}"
        targets.append(Target(f"API {method} {template}", method, path))
    return targets

"""Schemathesis against the API's own OpenAPI schema, in process (WSGI) over the
test database: generated requests, valid and invalid, for every operation,
anonymous and signed in as each role. No answer is a 5xx, and every answer is
one the schema documents (status code, content type, body shape).

`PORTAL_SCHEMATHESIS_EXAMPLES` sets the examples per operation and role
(default 20; `PORTAL_SCHEMATHESIS_EXAMPLES=200 make test` is the nightly-sized run).
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.accounts.factories import AcademyAdminFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    certified_consultant,
    published_tender,
    submit_bid,
)

EXAMPLES = int(os.environ.get("PORTAL_SCHEMATHESIS_EXAMPLES", "20"))
CSRF = "schemathesis0csrf0token0for0test"  # 32 characters, as Django's secret


def _wsgi_app():
    handler = get_wsgi_application()

    def app(environ, start_response):
        # as Django's test client does: a request must not close the connection
        # that holds the test's transaction
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            # materialized here, so request_finished (on close) runs disconnected
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


def _load_schema():
    # the same document /api/schema/ serves, built without a request
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(document))
    )
    loaded.app = _wsgi_app()
    return loaded


schema = _load_schema()


@pytest.fixture
def world(db, settings, tmp_path):
    """Objects for the path parameters to find: a published tender with a bid."""
    settings.MEDIA_ROOT = tmp_path
    staff = StaffMembershipFactory().user
    tender = published_tender(municipality=staff.staff_membership.municipality)
    bidder = certified_consultant()
    submit_bid(tender, bidder, "150000")
    return {
        "anonymous": None,
        "consultant": bidder.user,
        "municipal_staff": staff,
        "academy_admin": AcademyAdminFactory(),
    }


@pytest.fixture
def role_headers(world, client) -> dict:
    """Request headers per role: a session cookie and a CSRF pair."""
    headers = {}
    for role, user in world.items():
        if user is None:
            headers[role] = {}
            continue
        client.force_login(user)
        session = client.cookies["sessionid"].value
        headers[role] = {
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
        }
    return headers


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
    # not positive_data_acceptance: filters on reference data (district ids,
    # expertise codes) are checked against the database, which a static schema
    # cannot enumerate; an unknown id is a 400 with the field's message
]


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_as_documented(case, role_headers):
    # each generated request is sent anonymously and as each role
    # (identity: the WSGI transport does not undo the gzip the portal applies
    # to JSON for clients that accept it; tests/portal/test_compression.py)
    for headers in role_headers.values():
        case.call_and_validate(
            headers={**headers, "Accept-Encoding": "identity"}, checks=CHECKS
        )

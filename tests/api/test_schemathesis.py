"""Schemathesis against the API's own OpenAPI schema, in process (WSGI) over the
test database: generated requests, valid and invalid, for every operation,
anonymous and signed in as each role. No answer is a 5xx, and every answer is
one the schema documents (status code, content type, body shape).

Sizes (tests/fuzzing.py): in `make test` and CI, 200 examples per operation,
each sent as one role drawn by Hypothesis (so every operation is tried about
30 times per role); `PORTAL_FUZZ=nightly` sends each of the 200 examples as
every role (200 per operation and role). `PORTAL_SCHEMATHESIS_EXAMPLES`
overrides the examples per operation.
"""

import json
import os

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks

from procurement import services
from tests import fuzzing
from tests.accounts.factories import (
    AcademyAdminFactory,
    CoordinatorFactory,
    UserFactory,
)
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    certified_consultant,
    published_tender,
    submit_bid,
)

EXAMPLES = int(
    os.environ.get("PORTAL_SCHEMATHESIS_EXAMPLES", fuzzing.API_EXAMPLES_PER_OPERATION)
)
ROLES = (
    "anonymous",
    "consultant",
    "municipal_staff",
    "coordinator",
    "academy_admin",
    "superuser",
    "no_role",
)
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
    """A user per role, and objects for the path parameters to find: a
    published tender of the staff member's municipality with a bid and a
    question, in a region the coordinator coordinates."""
    settings.MEDIA_ROOT = tmp_path
    # seven accounts for each of the 53 operations: the hasher's cost is not
    # what is tested here
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = StaffMembershipFactory().user
    municipality = staff.staff_membership.municipality
    tender = published_tender(municipality=municipality)
    bidder = certified_consultant()
    bid = submit_bid(tender, bidder, "150000")
    question = services.question_ask(
        tender=tender, consultant=bidder, text="Мөөнөтү узартылабы?"
    )
    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(municipality.region)
    users = {
        "anonymous": None,
        "consultant": bidder.user,
        "municipal_staff": staff,
        "coordinator": coordinator,
        "academy_admin": AcademyAdminFactory(),
        "superuser": get_user_model().objects.create_superuser(
            "root@example.kg", "not-used-here"
        ),
        "no_role": UserFactory(),
    }
    assert set(users) == set(ROLES)
    # the first path segment after /api/v1/ -> a real identifier
    known = {
        "tenders": tender.pk,
        "bids": bid.pk,
        "questions": question.pk,
        "municipalities": municipality.pk,
        "consultants": bidder.pk,
        "regions": municipality.region.code,
        "expertise-areas": "strategy-test",
    }
    return {"users": users, "known": known}


@pytest.fixture
def role_headers(world, client) -> dict:
    """Request headers per role: a session cookie and a CSRF pair."""
    headers = {}
    for role, user in world["users"].items():
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


def _aim_at_known_object(case, known: dict) -> None:
    """Point an operation's identifier at an object that exists, so that the
    request goes past the 404 into the serializers and the rules (only a
    well-typed identifier: an invalid one stays, to be rejected)."""
    segment = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    for name in ("id", "code"):
        value = (case.path_parameters or {}).get(name)
        wanted = known.get(segment)
        if value is not None and type(value) is type(wanted):
            case.path_parameters[name] = wanted


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=fuzzing.DERANDOMIZE,
    database=None,
)
def test_api_answers_as_documented(case, data, world, role_headers):
    if data.draw(st.booleans(), label="aimed at an existing object"):
        _aim_at_known_object(case, world["known"])
    if fuzzing.NIGHTLY:
        roles = ROLES  # each example as every role
    else:
        roles = [data.draw(st.sampled_from(ROLES), label="role")]
    for role in roles:
        # (identity: the WSGI transport does not undo the gzip the portal
        # applies to JSON for clients that accept it; tests/portal/test_compression.py)
        case.call_and_validate(
            headers={**role_headers[role], "Accept-Encoding": "identity"},
            checks=CHECKS,
        )

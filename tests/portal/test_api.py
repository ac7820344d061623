"""A JSON body that is not an object (a number, list, string or boolean) is a
400 with a translated message on every write endpoint of the API, never a 500
or, under DEBUG, a traceback page."""

import json

import pytest
from django.test import Client
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from procurement import services
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    certified_consultant,
    published_tender,
    submit_bid,
)

NOT_OBJECTS = ["-123", "[1, 2]", '"str"', "true"]
WRITE_METHODS = {"post", "put", "patch", "delete"}
REFUSED_BEFORE_THE_BODY = {401, 403, 404, 405}


def write_endpoints():
    """(path template, method, takes a body) for every write operation the URL
    configuration routes to the API, found as the schema generator finds them."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method, "requestBody" in operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WRITE_METHODS
    ]


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = StaffMembershipFactory()
    tender = published_tender(municipality=staff.municipality)
    bidder = certified_consultant()
    question = services.question_ask(
        tender=tender, consultant=bidder, text="Мөөнөтү узартылабы?"
    )
    bid = submit_bid(tender, bidder).bid
    ids = {"tenders": tender.pk, "bids": bid.pk, "questions": question.pk}
    return {"staff": staff.user, "bidder": bidder.user}, ids


def concrete(path: str, ids: dict) -> str:
    collection = path.removeprefix("/api/v1/").split("/", 1)[0]
    return path.replace("{id}", str(ids.get(collection, 1))).replace("{ocid}", "x")


def send(client, method, url, body):
    return getattr(client, method)(
        url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru"
    )


def test_the_api_has_write_endpoints_that_take_a_body():
    """Guards the test below against finding nothing to attack."""
    with_body = [(p, m) for p, m, body in write_endpoints() if body]
    assert ("/api/v1/tenders/", "post") in with_body
    assert len(with_body) >= 7


@pytest.mark.django_db
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_json_body_that_is_not_an_object_is_a_400_everywhere(world, body):
    users, ids = world
    with translation.override("ru"):
        message = str(translation.gettext("The request body must be a JSON object."))
    assert message != "The request body must be a JSON object."
    reached = set()
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        for path, method, takes_body in write_endpoints():
            response = send(client, method, concrete(path, ids), body)
            where = f"{name} {method.upper()} {path} {body}"
            assert response.status_code < 500, where
            if response.status_code in REFUSED_BEFORE_THE_BODY:
                continue  # permissions and lookups may come first
            if not takes_body:
                continue  # an action without a body does not read one
            assert response.status_code == 400, where
            assert response.json() == {"detail": message}, where
            reached.add((path, method))
    # the staff member may create tenders, the bidder may ask and bid
    assert ("/api/v1/tenders/", "post") in reached
    assert ("/api/v1/tenders/{id}/questions/", "post") in reached
    assert ("/api/v1/tenders/{id}/bids/", "post") in reached


@pytest.mark.django_db
def test_under_debug_the_answer_is_not_a_traceback(world, settings):
    settings.DEBUG = True
    users, _ids = world
    client = Client(raise_request_exception=False)
    client.force_login(users["staff"])
    response = send(client, "post", "/api/v1/tenders/", "[1, 2]")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert len(response.content) < 500
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_an_object_body_still_reaches_the_form(world):
    users, _ids = world
    client = Client()
    client.force_login(users["staff"])
    response = send(client, "post", "/api/v1/tenders/", json.dumps({"title_ky": ""}))
    assert response.status_code == 400
    assert "detail" not in response.json()  # field errors, not a parse error

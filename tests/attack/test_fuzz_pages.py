"""The forms that have a page, posted there with hostile input by Hypothesis
as the role that uses the page (issue 15, bad input): the answer is 200, 302
or 4xx, never a 5xx or an exception, and neither the answer nor the page a
redirect leads to (where what was saved is shown) carries the input
unescaped. List filters are fuzzed through their query strings.

One generic driver: each row names the form, the page and the role; the
values come from the form's own fields (tests/attack/test_fuzz_forms.py).
"""

import pytest
from django.test import Client
from hypothesis import given, settings

from tests import fuzzing
from tests.attack import test_fuzz_forms
from tests.attack.test_fuzz_forms import (
    FORMS,
    assert_escaped,
    constructor_kwargs,
    form_data,
)

fuzz_world = test_fuzz_forms.fuzz_world  # the same world, built for this module

# form class name -> (method, path from the world, role)
PAGES = {
    "TenderForm": ("post", lambda w: "/ky/tenders/new/", "municipal_staff"),
    "QuestionForm": (
        "post",
        lambda w: f"/ky/tenders/{w['tender'].pk}/questions/",
        "consultant",
    ),
    "ComplaintForm": (
        "post",
        lambda w: f"/ky/tenders/{w['tender'].pk}/complaint/",
        "consultant",
    ),
    "AlertSettingsForm": ("post", lambda w: "/ky/tenders/alerts/", "consultant"),
    "ConsultantProfileForm": (
        "post",
        lambda w: f"/ky/consultants/{w['users']['consultant'].consultant.pk}/edit/",
        "consultant",
    ),
    "StaffRequestForm": ("post", lambda w: "/ky/municipalities/join/", "no_role"),
    "LoginLinkRequestForm": ("post", lambda w: "/ky/me/sign-in-link/", "anonymous"),
    "TrainingForm": ("post", lambda w: "/ky/trainings/new/", "academy_admin"),
    "RequestForm": ("post", lambda w: "/ky/consultations/new/", "municipal_staff"),
    "TenderListFilterSetForm": ("get", lambda w: "/ky/tenders/", "anonymous"),
    "ConsultantListFilterSetForm": ("get", lambda w: "/ky/consultants/", "anonymous"),
    "MunicipalityListFilterSetForm": (
        "get",
        lambda w: "/ky/municipalities/",
        "anonymous",
    ),
    "TrainingListFilterSetForm": ("get", lambda w: "/ky/trainings/", "anonymous"),
}
BY_NAME = {c.__name__: c for c in FORMS}


def test_every_page_row_names_a_form_of_the_project():
    assert set(PAGES) <= set(BY_NAME)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_answers_hostile_input_without_error(name, fuzz_world, db):
    form_class = BY_NAME[name]
    method, path, role = PAGES[name]
    url = path(fuzz_world)
    client = Client()
    if fuzz_world["users"][role] is not None:
        client.force_login(fuzz_world["users"][role])
    form = form_class(**constructor_kwargs(form_class, fuzz_world))

    @settings(max_examples=fuzzing.VIEW_EXAMPLES)
    @given(data=form_data(form))
    def attempt(data):
        # the test client raises what the view raises: an exception fails here
        send = client.get if method == "get" else client.post
        response = send(url, dict(data.lists()), follow=True)
        assert response.status_code < 500
        assert response.status_code in (200, 400, 403, 404, 405, 413), name
        if "html" in response.get("Content-Type", ""):
            assert_escaped(response.content.decode())

    attempt()


@pytest.mark.parametrize(
    "name", [n for n in sorted(PAGES) if n.endswith("FilterSetForm")]
)
def test_a_nul_character_in_any_filter_is_refused_not_an_error(name, client, db):
    # found by the page fuzzing: PostgreSQL refuses NUL in text, and a
    # choice looked up by its text value passed it to the database (a 500)
    url = PAGES[name][1](None)
    for field in BY_NAME[name].base_fields:
        response = client.get(url, {field: "a\x00b"})
        assert response.status_code in (200, 400), (field, response.status_code)

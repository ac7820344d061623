"""Every form of the project, fed hostile input by Hypothesis (issue 15, bad
input): no exception but validation errors, and the bound form, rendered
with its errors, shows the input escaped.

The forms are found by the walk of tests/portal/test_forms.py (every
forms.Form, ModelForm and django-filter form of the portal's apps); a form
whose constructor needs an argument this module does not know fails, so a new
form cannot slip past. Values per field kind: tests/fuzzing.py.
"""

import inspect
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from procurement import services
from procurement.models import Bid
from tests import fuzzing
from tests.accounts.factories import AcademyAdminFactory, UserFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.portal.test_forms import project_form_classes
from tests.procurement.factories import (
    certified_consultant,
    published_tender,
    submit_bid,
)
from tests.trainings.factories import EndedTrainingFactory, completer

FORMS = sorted(
    # not the abstract ones (the portal's ModelForm, a formset's base form)
    (
        c
        for c in project_form_classes()
        if not (issubclass(c, forms.ModelForm) and c._meta.model is None)
    ),
    key=lambda c: f"{c.__module__}.{c.__qualname__}",
)


def _form_id(form_class) -> str:
    return f"{form_class.__module__.split('.')[0]}.{form_class.__qualname__}"


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, inside a transaction rolled back at its end
    (each test's own transaction is a savepoint within it)."""
    media = tmp_path_factory.mktemp("fuzz-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _build_world() -> dict:
    """The objects the forms' constructors ask for, and rows for their
    choice fields to choose from."""
    staff = StaffMembershipFactory().user
    tender = published_tender(municipality=staff.staff_membership.municipality)
    bidders = [certified_consultant(), certified_consultant()]
    for consultant, price in zip(bidders, ("1", "2"), strict=True):
        submit_bid(tender, consultant, price)
    bids = list(Bid.objects.filter(tender=tender).select_related("consultant"))
    complaint = services.complaint_file(
        tender=tender, consultant=bidders[0], subject="terms", text="Талап."
    )
    training = EndedTrainingFactory()
    completers = [completer(training).consultant]
    request = RequestFactory().post("/ky/accounts/login/")
    request.session = SessionStore()
    request.user = staff
    return {
        # for the pages (tests/attack/test_fuzz_pages.py)
        "users": {
            "anonymous": None,
            "consultant": bidders[0].user,
            "municipal_staff": staff,
            "academy_admin": AcademyAdminFactory(),
            "no_role": UserFactory(),
        },
        "tender": tender,
        "bids": bids,
        "criteria": list(tender.criteria.all()),
        "existing": {},
        "complaint": complaint,
        "expressions": [SimpleNamespace(pk=c.pk, consultant=c) for c in bidders],
        "training": training,
        "completers": completers,
        "user": bidders[0].user,
        "email": "invited@example.kg",
        "choices": None,
        "request": request,
    }


def constructor_kwargs(form_class, world) -> dict:
    """The keyword arguments a form's constructor needs, from the world."""
    kwargs = {}
    for cls in form_class.__mro__:
        if "__init__" not in cls.__dict__ or cls.__module__.startswith("django."):
            continue
        for name, parameter in inspect.signature(cls.__init__).parameters.items():
            if name in world and parameter.kind is not parameter.VAR_KEYWORD:
                kwargs.setdefault(name, world[name])
            elif (
                parameter.kind is parameter.KEYWORD_ONLY
                and parameter.default is parameter.empty
            ):
                raise AssertionError(
                    f"{form_class.__qualname__} needs {name!r}: add it to fuzz_world"
                )
    if "request" in kwargs or _needs_request(form_class):
        kwargs["request"] = world["request"]
    return kwargs


def _needs_request(form_class) -> bool:
    return any(
        cls.__module__.startswith(("allauth.", "django.contrib.auth"))
        for cls in form_class.__mro__
    )


def _choice_values(field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return [str(field.prepare_value(o)) for o in field.queryset[:3]]
    return [str(value) for value, _label in field.choices if value != ""][:6]


def field_strategy(field):
    """Hostile values for one form field, by its kind."""
    if isinstance(field, forms.FileField):
        return st.none()
    if isinstance(field, (forms.ModelMultipleChoiceField, forms.MultipleChoiceField)):
        good = _choice_values(field)
        item = (
            st.one_of(st.sampled_from(good), fuzzing.hostile_identifier)
            if good
            else fuzzing.hostile_identifier
        )
        return st.lists(st.one_of(item, fuzzing.hostile_text), max_size=4)
    if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
        good = _choice_values(field)
        bad = st.one_of(fuzzing.hostile_identifier, fuzzing.hostile_text)
        return st.one_of(st.sampled_from(good), bad) if good else bad
    if isinstance(field, forms.BooleanField):
        return st.one_of(
            st.sampled_from(["on", "", "false", "0"]), fuzzing.hostile_text
        )
    if isinstance(field, (forms.DateField, forms.DateTimeField, forms.TimeField)):
        return fuzzing.hostile_date
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return fuzzing.hostile_number
    if isinstance(field, forms.EmailField):
        return st.one_of(
            st.sampled_from(
                [
                    "a@example.kg",
                    "<script>@x.kg",
                    "айгүл@мисал.кг",
                    "a@b",
                    "a" * 300 + "@x.kg",
                ]
            ),
            fuzzing.hostile_text,
        )
    return fuzzing.hostile_text


def form_data(form) -> st.SearchStrategy:
    """Hostile POST data for a (constructed) form: each field present with a
    hostile value, or missing."""
    return st.fixed_dictionaries(
        {},
        optional={
            form.add_prefix(name): field_strategy(field)
            for name, field in form.fields.items()
        },
    ).map(
        lambda d: MultiValueDict(
            {
                k: (v if isinstance(v, list) else [v])
                for k, v in d.items()
                if v is not None
            }
        )
    )


def assert_escaped(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html, html[:2000]


def test_the_walk_finds_the_forms_it_must():
    names = {c.__name__ for c in FORMS}
    assert len(FORMS) >= 60
    assert {"TenderForm", "BidForm", "ConsultantProfileForm", "RequestForm"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("form_class", FORMS, ids=_form_id)
def test_every_form_survives_hostile_input(form_class, fuzz_world, db):
    kwargs = constructor_kwargs(form_class, fuzz_world)
    strategy = form_data(form_class(**kwargs))

    @given(data=strategy)
    def attempt(data):
        form = form_class(data=data, files=MultiValueDict(), **kwargs)
        # a validation error is the only answer bad input may get
        form.is_valid()
        assert_escaped(str(form))

    attempt()


def test_the_escape_check_sees_an_unescaped_script():
    class Careless(forms.Form):
        text = forms.CharField(help_text=fuzzing.SCRIPT)

    with pytest.raises(AssertionError):
        assert_escaped(str(Careless()))


def test_the_strategies_give_what_the_issue_names():
    # negative and absurd amounts, far dates, Kyrgyz, digits and controls
    texts = "".join(fuzzing.HOSTILE_TEXTS)
    for needle in ("<script>", "ңөү", "٠١٢", "\u200b", "\ufeff", "\u202e", "\x00"):
        assert needle in texts
    assert max(len(t) for t in fuzzing.HOSTILE_TEXTS) > 10_000

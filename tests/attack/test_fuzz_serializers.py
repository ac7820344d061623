"""Every DRF serializer of the project, fed hostile input by Hypothesis
(issue 15, bad input): is_valid() answers True or False and never raises; the
errors are a dict whose leaves are strings. A real row of each model
serializer the API renders renders (the valid input itself is not rendered:
the views hand validated_data to the services).

The serializers are found by the walk of tests/portal/test_forms.py (every
module of the portal's apps); a serializer this module's table (CONTEXTS)
does not know fails, so a new one cannot slip past. Nothing is saved: the
world is tests/attack/test_fuzz_forms.py's, rolled back at the module's end.
Values per field kind: tests/fuzzing.py.
"""

from collections.abc import Mapping
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.request import Request

from procurement.api.inputs import InputSerializer
from tests import fuzzing
from tests.attack.test_fuzz_forms import fuzz_world  # noqa: F401 (fixture)
from tests.notifications.helpers import deliver
from tests.portal.test_forms import _ours, _project_modules, _subclasses


def project_serializer_classes() -> list[type]:
    list(_project_modules())  # import every module, so every serializer is defined
    found = {
        c
        for c in _subclasses(serializers.BaseSerializer)
        # not the abstract portal.api.ModelSerializer
        if _ours(c)
        and not (
            issubclass(c, serializers.ModelSerializer)
            and getattr(getattr(c, "Meta", None), "model", None) is None
        )
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


SERIALIZERS = project_serializer_classes()


def _id(cls) -> str:
    return f"{cls.__module__.split('.')[0]}.{cls.__qualname__}"


# What each serializer's constructor is given, as the views give it: the
# role of the request's user, the instance (a world key) and partial. A
# serializer not listed fails test_every_serializer_is_in_the_table.
STAFF = {"user": "municipal_staff"}
CONTEXTS = {
    # read-only output (the instance is rendered too)
    "ExpertiseAreaSerializer": {},
    "ConsultantSerializer": STAFF,
    "RecommendedMemberSerializer": {},
    "RecipientSerializer": {},
    "RequestSerializer": STAFF,
    "DistrictSerializer": {},
    "RegionSerializer": {},
    "PlaceSerializer": {},
    "MunicipalitySerializer": {},
    "MunicipalityDetailSerializer": {},
    "NotificationSerializer": STAFF,
    "ComplaintSerializer": STAFF,
    "ExpressionSerializer": {},
    "ShortlistEntrySerializer": {},
    "TenderSerializer": STAFF,
    "ReceiptSerializer": {},
    "AmendmentSerializer": {},
    "QuestionSerializer": {},
    "BidSerializer": {"user": "consultant"},
    "TrainingSerializer": {},
    "CertificateSerializer": {"user": "academy_admin"},
    # request bodies
    "InputSerializer": {},
    "CriterionInput": {},
    "TenderInput": STAFF | {"instance": "tender", "partial": True},
    "AmendInput": STAFF | {"instance": "tender", "partial": True},
    "DocumentInput": STAFF,
    "CancelInput": STAFF,
    "QuestionInput": {"user": "consultant"},
    "AnswerInput": STAFF,
    "BidInput": {"user": "consultant", "partial": True, "existing_files": True},
    "BidConfirmInput": {"user": "consultant"},
    "InterestInput": {"user": "consultant"},
    "ShortlistChoiceInput": STAFF,
    "ShortlistInput": STAFF,
    "ComplaintInput": {"user": "consultant"},
    "ExplanationInput": STAFF,
    "DecisionInput": {"user": "academy_admin"},
}


def constructor_kwargs(cls, world) -> dict:
    spec = CONTEXTS.get(cls.__qualname__)
    if spec is None:
        raise AssertionError(f"{_id(cls)}: add what its constructor needs to CONTEXTS")
    request = Request(RequestFactory().post("/api/v1/"))
    user = world["users"].get(spec.get("user", "no_role"))
    if user is not None:
        request.user = user
    context = {"request": request}
    if spec.get("existing_files"):
        context["existing_files"] = list(world["bids"][0].files.all())
    kwargs = {"context": context}
    if "instance" in spec:
        kwargs["instance"] = world[spec["instance"]]
    if spec.get("partial"):
        kwargs["partial"] = True
    return kwargs


WRONG_TYPES = st.sampled_from(
    [None, [], {}, ["x"], {"a": "b"}, 0, -1, 10**30, 1.5, True, False, [None]]
)


def _real_ids(field) -> list:
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return []
    slug = getattr(field, "slug_field", "pk")
    return list(queryset.values_list(slug, flat=True)[:3])


def field_strategy(field, depth=0):
    """Hostile values for one serializer field, by its kind (JSON types)."""
    if isinstance(field, serializers.ListSerializer):
        item = serializer_data(field.child, depth + 1)
        return st.one_of(st.lists(item, max_size=3), WRONG_TYPES, fuzzing.hostile_text)
    if isinstance(field, serializers.BaseSerializer):
        return st.one_of(serializer_data(field, depth + 1), WRONG_TYPES)
    if isinstance(field, serializers.ManyRelatedField):
        item = field_strategy(field.child_relation, depth)
        return st.one_of(st.lists(item, max_size=4), WRONG_TYPES, fuzzing.hostile_text)
    if isinstance(field, serializers.ListField):
        item = field_strategy(field.child, depth)
        return st.one_of(st.lists(item, max_size=4), WRONG_TYPES, fuzzing.hostile_text)
    if isinstance(field, serializers.RelatedField):
        good = _real_ids(field)
        bad = st.one_of(fuzzing.hostile_identifier, fuzzing.hostile_text, WRONG_TYPES)
        return st.one_of(st.sampled_from(good), bad) if good else bad
    if isinstance(field, serializers.ChoiceField):
        good = list(field.choices)[:6]
        bad = st.one_of(fuzzing.hostile_text, WRONG_TYPES)
        return st.one_of(st.sampled_from(good), bad) if good else bad
    if isinstance(field, serializers.FileField):
        return st.one_of(fuzzing.hostile_text, WRONG_TYPES)
    if isinstance(field, serializers.BooleanField):
        return st.one_of(
            st.sampled_from([True, False, "true", "on", "0", ""]),
            fuzzing.hostile_text,
            WRONG_TYPES,
        )
    if isinstance(field, (serializers.DateField, serializers.DateTimeField)):
        return st.one_of(fuzzing.hostile_date, WRONG_TYPES)
    if isinstance(
        field,
        (serializers.IntegerField, serializers.DecimalField, serializers.FloatField),
    ):
        return st.one_of(
            fuzzing.hostile_number,
            st.integers(min_value=-(10**40), max_value=10**40),
            st.floats(allow_nan=False),
            WRONG_TYPES,
        )
    return st.one_of(fuzzing.hostile_text, WRONG_TYPES)


def serializer_data(serializer, depth=0) -> st.SearchStrategy:
    """A body for a serializer: each writable field present with a hostile
    value, or missing."""
    if depth > 2:
        return st.just({})
    return st.fixed_dictionaries(
        {},
        optional={
            field.field_name: field_strategy(field, depth)
            for field in serializer._writable_fields
        },
    )


def body_strategy(serializer) -> st.SearchStrategy:
    # now and then not an object at all
    return st.one_of(serializer_data(serializer), WRONG_TYPES, fuzzing.hostile_text)


def assert_error_shape(errors) -> None:
    """A dict (or, for many=True, a list) whose leaves are strings; a list
    field's errors are keyed by the item's index (DRF's ListField)."""
    if isinstance(errors, Mapping):
        assert errors, "an empty error dict"
        for key, value in errors.items():
            assert isinstance(key, str | int) and not isinstance(key, bool), key
            assert_error_shape(value)
    elif isinstance(errors, list):
        for value in errors:
            assert_error_shape(value)
    else:
        assert isinstance(errors, str), repr(errors)
        str(errors)  # a lazy translation resolves


# what the API renders: the model serializers that are not request bodies
RENDERED = [
    c
    for c in SERIALIZERS
    if issubclass(c, serializers.ModelSerializer) and not issubclass(c, InputSerializer)
]


def test_the_walk_finds_the_serializers_it_must():
    names = {c.__qualname__ for c in SERIALIZERS}
    assert len(SERIALIZERS) >= 30
    assert {"TenderInput", "BidInput", "TenderSerializer", "ComplaintInput"} <= names


def test_every_serializer_is_in_the_table():
    unknown = sorted(_id(c) for c in SERIALIZERS if c.__qualname__ not in CONTEXTS)
    assert not unknown, f"add what their constructors need to CONTEXTS: {unknown}"


@pytest.mark.slow
@pytest.mark.parametrize("cls", SERIALIZERS, ids=_id)
def test_every_serializer_survives_hostile_input(cls, fuzz_world, db):  # noqa: F811
    kwargs = constructor_kwargs(cls, fuzz_world)
    strategy = body_strategy(cls(**kwargs))

    @given(data=strategy)
    def attempt(data):
        serializer = cls(data=data, **kwargs)
        # a validation error is the only answer bad input may get
        valid = serializer.is_valid()
        assert valid is True or valid is False
        if valid:
            assert serializer.errors == {}
        else:
            assert isinstance(serializer.errors, Mapping)
            assert_error_shape(serializer.errors)

    attempt()


@pytest.fixture(scope="module")
def demo_rows(fuzz_world, django_db_blocker):  # noqa: F811
    """The demo data, for a row of every model the API renders (inside the
    fuzz world's transaction: rolled back with it)."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        deliver()  # the events' notifications, for the notification centre
    return fuzz_world


@pytest.mark.parametrize("cls", RENDERED, ids=_id)
def test_every_model_serializer_renders_a_real_row(cls, demo_rows, db):
    # the first row: the fuzz world's (hostile texts), else the demo's
    instance = cls.Meta.model._default_manager.order_by("pk").first()
    assert instance is not None, f"the fuzz world has no {cls.Meta.model.__name__}"
    kwargs = constructor_kwargs(cls, demo_rows)
    kwargs["instance"] = instance
    data = cls(**kwargs).data
    assert isinstance(data, Mapping) and data


def test_the_error_check_sees_a_non_string_leaf():
    with pytest.raises(AssertionError):
        assert_error_shape({"price": [ValueError("x")]})
    with pytest.raises(AssertionError):
        assert_error_shape({})

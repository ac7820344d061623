"""The API's request bodies: serializers that validate the input and hand it to
the same services the pages call. The schema is generated from them.

No business rule lives here. Field types, lengths and ranges come from the
models' fields; the date, amount and text rules are the models' clean()
(InputSerializer.model_errors asks it, so the API and the pages give the same
message on the same field); refusals by the workflow are the services'
DomainErrors (409).

As a Django form does, the model's rules are asked even when another field
did not parse, so one answer lists every problem. Errors the pages show too
use Django's form wording (``This field is required.``, ``Enter a number.``),
translated by the same catalogues; DRF's own messages are in ``messages.py``.
"""

from collections.abc import Mapping
from copy import copy

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import SkipField, get_error_detail
from rest_framework.settings import api_settings

from consultants.models import Consultant, ExpertiseArea
from municipalities.models import Region
from portal.api import ModelSerializer
from portal.errors import DomainError

from ..files import check_upload
from ..models import Bid, BidFile, CancelReason, Tender
from ..services import AMENDABLE_FIELDS, EDITABLE_FIELDS, BidContent

REQUIRED = forms.Field.default_error_messages["required"]
INVALID_CHOICE = forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]
# Django's form wording for an input that does not parse, by DRF field type
INVALID = {
    serializers.DecimalField: forms.DecimalField.default_error_messages["invalid"],
    serializers.IntegerField: forms.IntegerField.default_error_messages["invalid"],
    serializers.DateTimeField: forms.DateTimeField.default_error_messages["invalid"],
    serializers.DateField: forms.DateField.default_error_messages["invalid"],
    serializers.EmailField: EmailValidator.message,
    serializers.FileField: forms.FileField.default_error_messages["invalid"],
}


def _form_wording(field) -> None:
    """Django's messages for what the pages say too, on this field and the
    fields it holds."""
    messages = field.error_messages
    for key in ("required", "blank", "null", "empty"):
        if key in messages:
            messages[key] = REQUIRED
    for kind, message in INVALID.items():
        if isinstance(field, kind):
            messages["invalid"] = message
    if "not_a_list" in messages and not isinstance(field, serializers.ListSerializer):
        messages["not_a_list"] = forms.ModelMultipleChoiceField.default_error_messages[
            "invalid_list"
        ]
    if isinstance(field, serializers.FileField):
        messages["empty"] = forms.FileField.default_error_messages["empty"]
    for inner in ("child", "child_relation"):
        if getattr(field, inner, None) is not None:
            _form_wording(getattr(field, inner))


class InputSerializer(serializers.Serializer):
    """A request body: Django's wording, and the model's rules asked like a
    form asks them (model_errors), together with the fields' own errors."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _form_wording(field)
        return fields

    # given on a change too (a partial update), not kept from before
    required_when_partial: tuple = ()

    def model_errors(self, values: dict) -> dict:
        """{field: [messages]} of the model's clean() for these values."""
        return {}

    def to_internal_value(self, data):
        # DRF's loop, which keeps the values that parsed so that the model's
        # rules can be asked of them even when another field failed
        if not isinstance(data, Mapping):
            message = self.error_messages["invalid"].format(
                datatype=type(data).__name__
            )
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        values, errors = {}, {}
        for field in self._writable_fields:
            validate_method = getattr(self, "validate_" + field.field_name, None)
            try:
                value = field.run_validation(field.get_value(data))
                if validate_method is not None:
                    value = validate_method(value)
            except ValidationError as exc:
                errors[field.field_name] = exc.detail
            except DjangoValidationError as exc:
                errors[field.field_name] = get_error_detail(exc)
            except SkipField:
                pass
            else:
                self.set_value(values, field.source_attrs, value)
        for name in self.required_when_partial:
            if name not in values and name not in errors:
                errors[name] = [REQUIRED]
        for name, messages in self.model_errors(values).items():
            errors[name] = [*errors.get(name, []), *messages]
        if errors:
            raise ValidationError(errors)
        return values


def clean_errors(instance, values: dict) -> dict:
    """The model's clean() on a copy of `instance` with `values` applied
    (many-to-many and nested values left out)."""
    candidate = copy(instance)
    concrete = {f.name for f in type(instance)._meta.concrete_fields}
    for name, value in values.items():
        if name in concrete:
            setattr(candidate, name, value)
    try:
        candidate.clean()
    except DjangoValidationError as exc:
        return exc.message_dict
    return {}


# ------------------------------------------------------------------- fields
class ReferenceField(serializers.SlugRelatedField):
    """An object named by a code or id; anything else gets Django's
    'Select a valid choice' with the value."""

    def to_internal_value(self, data):
        if isinstance(data, str | int) and not isinstance(data, bool):
            try:
                return self.get_queryset().get(**{self.slug_field: data})
            except (ObjectDoesNotExist, ValueError, TypeError, DjangoValidationError):
                pass
        raise ValidationError(INVALID_CHOICE % {"value": data})


def codes(model, help_text):
    """A non-empty list of objects named by their codes."""
    return ReferenceField(
        many=True,
        slug_field="code",
        queryset=model.objects.all(),
        allow_empty=False,
        help_text=help_text,
    )


class CheckedFileField(serializers.FileField):
    """A document checked by its content (procurement.files.check_upload, as
    the pages' file fields): the value is a CheckedFile."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            return check_upload(upload)
        except DomainError as exc:
            raise ValidationError(exc.message) from exc


class CheckedFilesField(serializers.ListField):
    """Several checked documents; an error names the file, not its index."""

    child = CheckedFileField()

    def to_internal_value(self, data):
        if not isinstance(data, list | tuple):
            data = [data]
        return [self.child.run_validation(item) for item in data]


# ------------------------------------------------------------------ tenders
class CriterionInput(InputSerializer):
    default_error_messages = {"invalid": _("Give a list of criteria.")}

    name_ky = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_ru = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    weight = serializers.IntegerField(min_value=1, max_value=100)
    order = serializers.IntegerField(
        required=False, min_value=0, help_text=_("By default the place in the list.")
    )


class TenderInput(InputSerializer, ModelSerializer):
    """A draft tender; on a change, fields not given keep their values."""

    expertise_areas = codes(ExpertiseArea, _("Codes of expertise areas."))
    regions = codes(Region, _("ISO 3166-2:KG region codes."))
    terms_of_reference_authors = ReferenceField(
        many=True, slug_field="id", queryset=Consultant.objects.public(), required=False
    )
    invited_consultants = ReferenceField(
        many=True,
        slug_field="id",
        queryset=Consultant.objects.public(),
        required=False,
        help_text=_(
            "Restricted tender and request for quotations: ids of the invited "
            "members (at least the PROCUREMENT_MIN_INVITED setting)."
        ),
    )
    single_source_consultant = ReferenceField(
        slug_field="id",
        queryset=Consultant.objects.public(),
        required=False,
        allow_null=True,
        help_text=_("Single source: id of the one member who may submit."),
    )
    criteria = CriterionInput(
        many=True,
        required=False,
        error_messages={"not_a_list": _("Give a list of criteria.")},
        help_text=_("Replaces the evaluation criteria when given."),
    )

    class Meta:
        model = Tender
        fields = [*EDITABLE_FIELDS, "criteria"]
        # as the page's form: the dates that make a tender publishable
        extra_kwargs = {
            "submission_deadline": {"required": True, "allow_null": False},
            "opening_at": {"required": True, "allow_null": False},
        }

    def model_errors(self, values):
        return clean_errors(self.instance or Tender(), values)

    def criteria_rows(self) -> list[dict] | None:
        """The criteria to save, each with its place in the list as the
        default order; None when not given (they are kept)."""
        rows = self.validated_data.get("criteria")
        if rows is None:
            return None
        return [{"order": n, **row} for n, row in enumerate(rows, start=1)]

    def values(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k != "criteria"}


class AmendInput(InputSerializer, ModelSerializer):
    """A change to a published tender; fields not given keep their values."""

    required_when_partial = ("summary",)

    summary = serializers.CharField(
        max_length=4000, help_text=_("What changed and why.")
    )
    document = CheckedFileField(required=False)
    document_title = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )

    class Meta:
        model = Tender
        fields = [*AMENDABLE_FIELDS, "summary", "document", "document_title"]
        extra_kwargs = {
            name: {"required": False}
            | (
                {"allow_null": False}
                if name in ("submission_deadline", "opening_at")
                else {}
            )
            for name in AMENDABLE_FIELDS
        }

    def model_errors(self, values):
        return clean_errors(self.instance, values)

    def changes(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k in AMENDABLE_FIELDS}

    def document_upload(self):
        """(CheckedFile, title) for services.tender_amend, or None."""
        checked = self.validated_data.get("document")
        if checked is None:
            return None
        return checked, self.validated_data.get("document_title") or ""


class DocumentInput(InputSerializer):
    title = serializers.CharField(max_length=200)
    file = CheckedFileField(help_text=_("PDF, DOCX, XLSX or ODT."))


# a plain enum: a second component for the reason codes (TenderSerializer has
# CancelReasonEnum) would make drf-spectacular warn about two names
@extend_schema_field({"type": "string", "enum": CancelReason.values})
class CancelReasonField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CancelReason.choices, **kwargs)


class CancelInput(InputSerializer):
    reason = CancelReasonField()
    explanation = serializers.CharField(max_length=4000)


class QuestionInput(InputSerializer):
    text = serializers.CharField(max_length=4000)


class AnswerInput(InputSerializer):
    answer = serializers.CharField(max_length=4000)


# --------------------------------------------------------------------- bids
class BidInput(InputSerializer):
    """A bid, as submitted or changed. The files of the bid being changed are
    in the context (`existing_files`); on a change, texts and price not given
    keep their values, and the declaration is made again."""

    technical_proposal = serializers.CharField(max_length=50000)
    proposed_team = serializers.CharField(max_length=10000)
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    conflict_of_interest_declared = serializers.BooleanField(
        help_text=_("Made again with every submission.")
    )
    conflict_of_interest_note = serializers.CharField(
        required=False, allow_blank=True, max_length=4000
    )
    technical_files = CheckedFilesField(required=False)
    cv_files = CheckedFilesField(required=False)
    financial_files = CheckedFilesField(required=False)
    remove_files = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Ids of this bid's files to remove (changes only)."),
    )

    required_when_partial = ("conflict_of_interest_declared",)

    def validate_price(self, value):
        problem = Bid.offer_problem(value)
        if problem:
            raise ValidationError(problem)
        return value

    def validate_conflict_of_interest_declared(self, value):
        if not value:
            raise ValidationError(REQUIRED)
        return value

    def validate_remove_files(self, value):
        existing = self.context.get("existing_files")
        if existing is None:  # a new bid has no files to remove
            return []
        ids = {f.pk for f in existing}
        for pk in value:
            if pk not in ids:
                raise ValidationError(INVALID_CHOICE % {"value": pk})
        return value

    def content(self, bid=None, price=None):
        """services.BidContent from the input, over the bid's own values."""
        data = self.validated_data
        files = []
        for name, kind in (
            ("technical_files", BidFile.Kind.TECHNICAL),
            ("cv_files", BidFile.Kind.CV),
            ("financial_files", BidFile.Kind.FINANCIAL),
        ):
            files += [(kind, checked) for checked in data.get(name, [])]

        def given(name, default=""):
            value = data.get(name)
            if value is None and bid is not None:
                return getattr(bid, name)
            return default if value is None else value

        return BidContent(
            technical_proposal=given("technical_proposal"),
            proposed_team=given("proposed_team"),
            price=data.get("price", price),
            conflict_of_interest_declared=data["conflict_of_interest_declared"],
            conflict_of_interest_note=given("conflict_of_interest_note"),
            files=tuple(files),
            remove_file_ids=tuple(data.get("remove_files") or ()),
        )


class BidConfirmInput(InputSerializer):
    conflict_of_interest_declared = serializers.BooleanField()

    def validate_conflict_of_interest_declared(self, value):
        if not value:
            raise ValidationError(_("Make the conflict-of-interest declaration."))
        return value

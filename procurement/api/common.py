"""What the API's views share: refusals as 409, form errors as 400, the
request body as form data."""

from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from portal.errors import DomainError

from .. import services
from ..forms import (
    TenderForm,
)
from .serializers import ReceiptSerializer


class Refused(APIException):
    """A service refused the action (a DomainError): 409 with its message."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DomainError as exc:
        raise Refused(str(exc.message)) from exc


def _form_errors(form) -> dict:
    return {
        field: [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }


def _request_data(request, defaults=None) -> MultiValueDict:
    """The request body (JSON or multipart) as form data, over `defaults`: a
    partial update keeps what it does not mention."""
    data = MultiValueDict()
    for source in (defaults or {}), request.data:
        getlist = getattr(source, "getlist", None)
        for key in source:
            value = getlist(key) if getlist else source[key]
            data.setlist(key, value if isinstance(value, list | tuple) else [value])
    return data


def _current_values(form) -> dict:
    """The instance's values as form data: the defaults of a partial update.
    Not BoundField.value(), which cuts times to the widget's precision (an
    untouched deadline would then move)."""
    return {
        name: field.prepare_value(form.initial.get(name, field.initial))
        for name, field in form.fields.items()
    }


# ------------------------------------------------------------- write: forms
class TenderApiForm(TenderForm):
    """The page's tender form; expertise areas are named by code, as in reads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise_areas"].to_field_name = "code"


def _criteria_data(data, tender) -> MultiValueDict:
    """Management data for the page's criteria formset: the existing criteria
    as they are, or, when `criteria` is given, replaced by the given list."""
    given = data.getlist("criteria") if "criteria" in data else None
    if given is not None and not all(isinstance(row, dict) for row in given):
        raise ValidationError({"criteria": [_("Give a list of criteria.")]})
    existing = list(tender.criteria.all()) if tender else []
    rows = []
    for criterion in existing:
        row = {
            "id": criterion.pk,
            "name_ky": criterion.name_ky or "",
            "name_ru": criterion.name_ru or "",
            "name_en": criterion.name_en or "",
            "weight": criterion.weight,
            "order": criterion.order,
        }
        if given is not None:
            row["DELETE"] = "on"
        rows.append(row)
    # a criterion without an order keeps its place in the list
    rows += [{"order": n, **row} for n, row in enumerate(given or [], start=1)]
    prefix = "criteria"
    out = MultiValueDict(
        {
            f"{prefix}-TOTAL_FORMS": [str(len(rows))],
            f"{prefix}-INITIAL_FORMS": [str(len(existing))],
            f"{prefix}-MIN_NUM_FORMS": ["0"],
            f"{prefix}-MAX_NUM_FORMS": ["1000"],
        }
    )
    for index, row in enumerate(rows):
        for key, value in row.items():
            out.setlist(f"{prefix}-{index}-{key}", [value])
    return out


def _formset_errors(formset) -> dict:
    errors = [
        {field: list(messages) for field, messages in form.errors.items()}
        for form in formset.forms
    ]
    errors += [{"non_field_errors": list(formset.non_form_errors())}]
    return {"criteria": [e for e in errors if any(e.values())]}


def _bid_receipt(receipt, *, created=False) -> Response:
    return Response(
        ReceiptSerializer(receipt).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


def _get_or_404(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _bid_content(form) -> services.BidContent:
    data = form.cleaned_data
    return services.BidContent(
        technical_proposal=data["technical_proposal"],
        proposed_team=data["proposed_team"],
        price=data["price"],
        conflict_of_interest_declared=data["conflict_of_interest_declared"],
        conflict_of_interest_note=data["conflict_of_interest_note"],
        files=form.uploaded(),
        remove_file_ids=tuple(data.get("remove_files") or ()),
    )

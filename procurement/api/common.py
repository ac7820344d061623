"""What the API's views share: a refusal by the rules is a 409, invalid input
a 400 (the input serializers), an object out of reach a 404."""

from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from portal.errors import DomainError

from .serializers import ReceiptSerializer


class Refused(APIException):
    """A service refused the action (a DomainError): 409 with its message."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


def call(service, **kwargs):
    """The service's answer, or its DomainError as a 409."""
    try:
        return service(**kwargs)
    except DomainError as exc:
        raise Refused(str(exc.message)) from exc


def valid(serializer):
    """The input serializer, validated (else a 400 with its errors)."""
    serializer.is_valid(raise_exception=True)
    return serializer


def receipt_response(receipt, *, created=False) -> Response:
    return Response(
        ReceiptSerializer(receipt).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


def get_or_404(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj

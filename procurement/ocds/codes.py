"""OCDS codes for the portal's choices, and the small formatters."""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone

from ..models import (
    ProcurementMethod,
    SelectionMethod,
    Tender,
    TenderStatus,
)

OCDS_VERSION = "1.1"
# releases are written in Kyrgyz, the portal's first language
OCDS_LANGUAGE = "ky"
# the extensions the releases use, declared in every package
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_bid_extension/v1.1.5/extension.json",
]
CURRENCY = "KGS"

TENDER_STATUS = {
    TenderStatus.INTEREST: "active",
    TenderStatus.SHORTLISTED: "active",
    TenderStatus.PUBLISHED: "active",
    TenderStatus.SUSPENDED: "active",
    TenderStatus.CLOSED: "active",
    TenderStatus.OPENED: "active",
    TenderStatus.EVALUATED: "active",
    TenderStatus.AWARD_PENDING: "active",
    TenderStatus.AWARDED: "complete",
    TenderStatus.CONTRACT_SIGNED: "complete",
    TenderStatus.COMPLETED: "complete",
    TenderStatus.CANCELLED: "cancelled",
    TenderStatus.UNSUCCESSFUL: "unsuccessful",
}
# OCDS 1.1 procurementMethod: open (anyone may bid), selective (only the
# qualified, here the invited or shortlisted, may bid), limited (the buyer
# contacts the suppliers of its choice).
METHOD = {
    ProcurementMethod.OPEN: "open",
    ProcurementMethod.TWO_STAGE: "selective",
    ProcurementMethod.RESTRICTED: "selective",
    ProcurementMethod.REQUEST_FOR_QUOTATIONS: "limited",
    ProcurementMethod.SINGLE_SOURCE: "limited",
}
# the state procurement portal's codes for consulting selection methods are
# the stored values themselves
METHOD_DETAILS = {code: code for code in SelectionMethod.values}
AWARD_CRITERIA = {
    SelectionMethod.QUALITY_COST: "ratedCriteria",
    SelectionMethod.QUALITY: "qualityOnly",
    SelectionMethod.FIXED_BUDGET: "qualityOnly",
    SelectionMethod.LEAST_COST: "priceOnly",
    SelectionMethod.QUALIFICATION: "qualityOnly",
    SelectionMethod.SINGLE_SOURCE: "singleBidOnly",
}


def _dt(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = timezone.make_aware(datetime.combine(value, time.min))
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _money(amount) -> dict:
    return {"amount": float(amount), "currency": CURRENCY}


def _count(tender, annotation: str, queryset) -> int:
    value = getattr(tender, annotation, None)
    return queryset.count() if value is None else value


def _site() -> str:
    return settings.PORTAL_SITE_URL.rstrip("/")


def _clean(data):
    """Drop empty values: OCDS fields are omitted rather than null or empty."""
    if isinstance(data, dict):
        cleaned = {k: _clean(v) for k, v in data.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [_clean(v) for v in data if v not in (None, "", [], {})]
    return data


def buyer_id(tender: Tender) -> str:
    municipality = tender.municipality
    if municipality.inn:
        return f"KG-INN-{municipality.inn}"
    return f"{settings.OCDS_OCID_PREFIX}municipality-{municipality.pk}"


def supplier_id(consultant) -> str:
    if consultant.inn:
        return f"KG-INN-{consultant.inn}"
    return f"{settings.OCDS_OCID_PREFIX}consultant-{consultant.pk}"

"""Open Contracting Data Standard 1.1 releases and records of tenders.

ocids are OCDS_OCID_PREFIX (default ``ocds-bazhba-``: this portal's own prefix,
distinct from the state portal's ``ocds-h7i0z4-``) followed by the tender id.
Each stage of a tender is a release: the tender notice, each amendment, the
tender's later updates (opening, unsuccessful), the cancellation, the award
(intention and final) and the contract (signed and completed). Bids are not
published: the opening record stays with the municipality and the bidders; only
the number of tenderers, the awarded supplier and the contract are public.
"""

from datetime import datetime, time

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone

from .models import (
    Amendment,
    AwardStatus,
    BidQuerySet,
    ProcurementMethod,
    SelectionMethod,
    Tender,
    TenderStatus,
)

OCDS_VERSION = "1.1"
CURRENCY = "KGS"

TENDER_STATUS = {
    TenderStatus.PUBLISHED: "active",
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
METHOD = {
    ProcurementMethod.OPEN: "open",
    ProcurementMethod.RESTRICTED: "selective",
    ProcurementMethod.REQUEST_FOR_QUOTATIONS: "limited",
    ProcurementMethod.SINGLE_SOURCE: "direct",
}
# the state procurement portal's codes for consulting selection methods
METHOD_DETAILS = {
    SelectionMethod.QUALITY_COST: "consultQualityPrice",
    SelectionMethod.QUALITY: "consultQuality",
    SelectionMethod.FIXED_BUDGET: "consultFixedBudget",
    SelectionMethod.LEAST_COST: "consultPrice",
}
AWARD_CRITERIA = {
    SelectionMethod.QUALITY_COST: "ratedCriteria",
    SelectionMethod.QUALITY: "qualityOnly",
    SelectionMethod.FIXED_BUDGET: "qualityOnly",
    SelectionMethod.LEAST_COST: "priceOnly",
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


def publishable():
    """Tenders with their related rows, in a constant number of queries."""
    return (
        Tender.objects.public()
        .select_related(
            "municipality__region",
            "award__bid__consultant",
            "contract",
        )
        .prefetch_related(
            "documents",
            "expertise_areas",
            "regions",
            "contract__milestones",
            Prefetch("amendments", queryset=Amendment.objects.order_by("number")),
        )
        .annotate(
            question_total=Count("questions", distinct=True),
            tenderers=Count(
                "bids",
                filter=BidQuerySet.valid_q("bids__"),
                distinct=True,
            ),
        )
        .order_by("published_at", "id")
    )


def _parties(tender: Tender, award) -> list:
    municipality = tender.municipality
    parties = [
        {
            "id": buyer_id(tender),
            "name": municipality.name,
            "identifier": (
                {
                    "scheme": "KG-INN",
                    "id": municipality.inn,
                    "legalName": municipality.name,
                }
                if municipality.inn
                else None
            ),
            "address": {
                "region": municipality.region.name,
                "countryName": "Kyrgyzstan",
            },
            "contactPoint": {
                "name": tender.contact_name,
                "email": tender.contact_email,
                "telephone": tender.contact_phone,
            },
            "roles": ["buyer", "procuringEntity"],
        }
    ]
    if award is not None:
        consultant = award.bid.consultant
        parties.append(
            {
                "id": supplier_id(consultant),
                "name": consultant.name,
                "identifier": (
                    {"scheme": "KG-INN", "id": consultant.inn}
                    if consultant.inn
                    else None
                ),
                "address": {
                    "region": consultant.home_region_id,
                    "countryName": "Kyrgyzstan",
                },
                "roles": ["supplier"],
            }
        )
    return parties


def _tender_section(tender: Tender, *, status: str, amendments=()) -> dict:
    site = _site()
    data = {
        "id": str(tender.pk),
        "title": tender.title,
        "description": tender.description,
        "status": status,
        "procuringEntity": {"id": buyer_id(tender), "name": tender.municipality.name},
        "value": _money(tender.estimated_budget),
        "procurementMethod": METHOD[tender.procurement_method],
        "procurementMethodDetails": METHOD_DETAILS[tender.selection_method],
        "mainProcurementCategory": "services",
        "additionalProcurementCategories": ["consultingServices"],
        "awardCriteria": AWARD_CRITERIA[tender.selection_method],
        "awardCriteriaDetails": tender.get_selection_method_display(),
        "submissionMethod": ["electronicSubmission"],
        "eligibilityCriteria": tender.get_eligibility_display(),
        "tenderPeriod": {
            "startDate": _dt(tender.published_at),
            "endDate": _dt(tender.submission_deadline),
        },
        "enquiryPeriod": {
            "startDate": _dt(tender.published_at),
            "endDate": _dt(tender.questions_deadline),
        },
        "hasEnquiries": _count(tender, "question_total", tender.questions) > 0,
        "items": [
            {
                "id": "1",
                "description": tender.get_service_kind_display(),
                "classification": {
                    "scheme": "x_BAZhBA-expertise",
                    "id": area.code,
                    "description": area.name,
                },
                "quantity": 1,
                "deliveryAddress": {
                    "region": ", ".join(r.name for r in tender.regions.all())
                },
            }
            for area in list(tender.expertise_areas.all())[:1]
        ],
        "documents": [
            {
                "id": str(document.pk),
                "documentType": "technicalSpecifications",
                "title": document.title,
                "url": f"{site}{document.get_absolute_url()}",
                "datePublished": _dt(max(document.uploaded_at, tender.published_at)),
                "format": document.content_type,
            }
            for document in tender.documents.all()
        ],
        "amendments": [
            {
                "id": str(amendment.number),
                "date": _dt(amendment.made_at),
                "rationale": amendment.summary,
                "description": ", ".join(sorted(amendment.changes)),
            }
            for amendment in amendments
        ],
    }
    if tender.opened_at:
        data["numberOfTenderers"] = _count(tender, "tenderers", tender.bids.valid())
    return data


def _award_section(tender: Tender, award, *, final: bool) -> dict:
    consultant = award.bid.consultant
    return {
        "id": f"{tender.pk}-award",
        "title": tender.title,
        "status": "active" if final else "pending",
        "date": _dt(award.final_at if final else award.notified_at),
        "value": _money(award.amount),
        "suppliers": [{"id": supplier_id(consultant), "name": consultant.name}],
        "contractPeriod": None,
    }


def _contract_section(tender: Tender, contract, *, completed: bool) -> dict:
    return {
        "id": f"{tender.pk}-contract",
        "awardID": f"{tender.pk}-award",
        "title": contract.number or tender.title,
        "status": "terminated" if completed else "active",
        "value": _money(contract.amount),
        "period": {
            "startDate": _dt(contract.starts_on),
            "endDate": _dt(contract.ends_on),
        },
        "dateSigned": _dt(contract.signed_on),
        "milestones": [
            {
                "id": str(milestone.pk),
                "title": milestone.title,
                "type": "delivery",
                "dueDate": _dt(milestone.due_on),
                "status": "met" if completed else "scheduled",
            }
            for milestone in contract.milestones.all()
        ],
    }


def _release(tender, *, suffix: str, date, tags, tender_status, amendments, **rest):
    award = rest.pop("award_for_parties", None)
    data = {
        "ocid": tender.ocid,
        "id": f"{tender.ocid}-{suffix}",
        "date": _dt(date),
        "tag": tags,
        "initiationType": "tender",
        "language": "ky",
        "parties": _parties(tender, award),
        "buyer": {"id": buyer_id(tender), "name": tender.municipality.name},
        "tender": _tender_section(tender, status=tender_status, amendments=amendments),
        **rest,
    }
    return _clean(data)


def releases_for(tender: Tender) -> list[dict]:
    """Every release of a public tender, oldest first."""
    amendments = list(tender.amendments.all())
    award = getattr(tender, "award", None)
    contract = getattr(tender, "contract", None)
    releases = []

    def add(suffix, date, tag, status, *, upto=None, with_award=True, **sections):
        releases.append(
            _release(
                tender,
                suffix=suffix,
                date=date,
                tags=[tag],
                tender_status=status,
                amendments=amendments if upto is None else amendments[:upto],
                award_for_parties=award if with_award else None,
                **sections,
            )
        )

    # releases before the award name no supplier among the parties
    add("tender", tender.published_at, "tender", "active", upto=0, with_award=False)
    for index, amendment in enumerate(amendments, start=1):
        add(
            f"amendment-{amendment.number}",
            amendment.made_at,
            "tenderAmendment",
            "active",
            upto=index,
            with_award=False,
        )
    if tender.opened_at:
        add("opening", tender.opened_at, "tenderUpdate", "active", with_award=False)
    if tender.status == TenderStatus.UNSUCCESSFUL:
        add(
            "unsuccessful",
            tender.status_changed_at,
            "tenderUpdate",
            "unsuccessful",
            with_award=False,
        )
    if award is not None:
        add(
            "award",
            award.notified_at,
            "award",
            "active",
            awards=[_award_section(tender, award, final=False)],
        )
        final_awards = [_award_section(tender, award, final=True)]
        if award.status == AwardStatus.FINAL:
            add(
                "award-final",
                award.final_at,
                "awardUpdate",
                "complete",
                awards=final_awards,
            )
        if contract is not None:
            add(
                "contract",
                contract.recorded_at,
                "contract",
                "complete",
                awards=final_awards,
                contracts=[_contract_section(tender, contract, completed=False)],
            )
            if contract.completed_at:
                add(
                    "contract-completed",
                    contract.completed_at,
                    "contractUpdate",
                    "complete",
                    awards=final_awards,
                    contracts=[_contract_section(tender, contract, completed=True)],
                )
    if tender.status == TenderStatus.CANCELLED:
        add("cancellation", tender.cancelled_at, "tenderCancellation", "cancelled")
        releases[-1]["tender"]["statusDetails"] = (
            f"{tender.get_cancel_reason_display()}: {tender.cancel_explanation}"
        )
    return releases


def compiled_release(tender: Tender) -> dict:
    """The tender's current state as one release."""
    releases = releases_for(tender)
    compiled = dict(releases[-1])
    for release in releases:
        for key in ("awards", "contracts"):
            if key in release:
                compiled[key] = release[key]
    compiled["id"] = f"{tender.ocid}-compiled"
    compiled["tag"] = ["compiled"]
    compiled["tender"] = dict(compiled["tender"])
    compiled["tender"]["status"] = TENDER_STATUS[tender.status]
    return compiled


def _publisher() -> dict:
    return {
        "name": "Central Asian Academy of Local Governance (BAZhBA)",
        "uri": _site(),
    }


def release_package(tenders, *, since=None, until=None, uri: str) -> dict:
    releases = []
    for tender in tenders:
        for release in releases_for(tender):
            day = release["date"][:10]
            if since and day < since.isoformat():
                continue
            if until and day > until.isoformat():
                continue
            releases.append(release)
    releases.sort(key=lambda r: (r["date"], r["id"]))
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _dt(timezone.now()),
        "publisher": _publisher(),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": releases,
    }


def record_package(tender: Tender, *, uri: str) -> dict:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _dt(timezone.now()),
        "publisher": _publisher(),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "records": [
            {
                "ocid": tender.ocid,
                "releases": releases_for(tender),
                "compiledRelease": compiled_release(tender),
            }
        ],
    }

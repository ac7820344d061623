"""The sections of a release: parties, tender, award, contract."""

from ..models import (
    Tender,
)
from .codes import (
    AWARD_CRITERIA,
    METHOD,
    METHOD_DETAILS,
    _clean,
    _count,
    _dt,
    _money,
    _site,
    buyer_id,
    supplier_id,
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

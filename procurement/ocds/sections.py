"""The sections of a release: parties, tender, bids, award, contract."""

from django.utils.translation import gettext as _

from ..models import (
    Tender,
)
from .codes import (
    AWARD_CRITERIA,
    METHOD,
    METHOD_DETAILS,
    _count,
    _dt,
    _money,
    _site,
    buyer_id,
    supplier_id,
)

SOATE_SCHEME = "KG-SOATE"
# The tender's fields as paths of the release, for amendments' former values.
AMENDED_PATHS = {
    "title_ky": "tender/title",
    "description_ky": "tender/description",
    "estimated_budget": "tender/value/amount",
    "questions_deadline": "tender/enquiryPeriod/endDate",
    "submission_deadline": "tender/tenderPeriod/endDate",
    "contact_name": "parties/contactPoint/name",
    "contact_email": "parties/contactPoint/email",
    "contact_phone": "parties/contactPoint/telephone",
    "state_notice_number": "relatedProcesses/identifier",
    "documents": "tender/documents",
}


def _buyer(tender: Tender) -> dict:
    municipality = tender.municipality
    return {
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
        # the national register of administrative units: lines the buyer up
        # with the state systems (the state portal's exporter uses ateCode)
        "additionalIdentifiers": (
            [
                {
                    "scheme": SOATE_SCHEME,
                    "id": municipality.soate,
                    "legalName": municipality.name,
                }
            ]
            if municipality.soate
            else None
        ),
        "address": {
            "region": municipality.region.name,
            "locality": municipality.name,
            "countryName": "Kyrgyzstan",
        },
        "contactPoint": {
            "name": tender.contact_name,
            "email": tender.contact_email,
            "telephone": tender.contact_phone,
        },
        "roles": ["buyer", "procuringEntity"],
    }


def _consultant(consultant, roles: list) -> dict:
    return {
        "id": supplier_id(consultant),
        "name": consultant.name,
        "identifier": (
            {"scheme": "KG-INN", "id": consultant.inn, "legalName": consultant.name}
            if consultant.inn
            else None
        ),
        "address": {
            "region": consultant.home_region_id,
            "countryName": "Kyrgyzstan",
        },
        "roles": roles,
    }


def _parties(tender: Tender, award, bids=(), shortlist=()) -> list:
    """The buyer; the shortlisted members once the shortlist is published
    (interestedParty: they expressed interest and were invited); the
    tenderers once their bids are disclosed; the supplier once awarded (one
    party per consultant, with every role it has)."""
    winner = award.bid.consultant_id if award is not None else None
    roles: dict = {}  # consultant id → (consultant, roles), in order
    for invitation in shortlist:
        roles.setdefault(invitation.consultant_id, (invitation.consultant, []))
        roles[invitation.consultant_id][1].append("interestedParty")
    for bid in bids:
        roles.setdefault(bid.consultant_id, (bid.consultant, []))
        roles[bid.consultant_id][1].append("tenderer")
    if award is not None:
        roles.setdefault(winner, (award.bid.consultant, []))
        roles[winner][1].append("supplier")
    return [_buyer(tender)] + [
        _consultant(consultant, consultant_roles)
        for consultant, consultant_roles in roles.values()
    ]


def published_shortlist(tender: Tender) -> list:
    """The shortlist of a two-stage tender once published (the invitations
    with their reasons), else []."""
    if not (tender.is_two_stage and tender.shortlist_is_public):
        return []
    return list(tender.invitations.select_related("consultant").order_by("pk"))


def _shortlist_document(tender: Tender, shortlist: list) -> dict:
    """OCDS 1.1.5 has no structured shortlist in the tender: the published
    shortlist is a document of type shortlistedFirms (the tender page's
    shortlist, every member with the municipality's reason); the members
    are parties (interestedParty) and invited bids (the bids extension)."""
    return {
        "id": "shortlist",
        "documentType": "shortlistedFirms",
        "title": str(_("Shortlist")),
        "description": "\n".join(
            f"{invitation.consultant.name}: {invitation.reason}"
            for invitation in shortlist
        ),
        "url": f"{_site()}{tender.get_absolute_url()}#shortlist",
        "datePublished": _dt(tender.shortlist_published_at),
        "format": "text/html",
    }


def _amendment(amendment, *, release_id: str, amends: str | None) -> dict:
    changes = amendment.changes or {}
    return {
        "id": str(amendment.number),
        "date": _dt(amendment.made_at),
        "rationale": amendment.summary,
        "description": ", ".join(sorted(changes)),
        "amendsReleaseID": amends,
        "releaseID": release_id,
        # the previous values (OCDS 1.1's amendment.changes)
        "changes": [
            {"property": AMENDED_PATHS.get(field, field), "former_value": old}
            for field, (old, _new) in sorted(changes.items())
        ],
    }


def _tender_section(
    tender: Tender, *, status: str, amendments=(), shortlist=()
) -> dict:
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
        ]
        + ([_shortlist_document(tender, shortlist)] if shortlist else []),
        "amendments": list(amendments),
    }
    if tender.opened_at:
        data["numberOfTenderers"] = _count(tender, "tenderers", tender.bids.valid())
    return data


def _invited(tender: Tender, shortlist: list) -> list:
    """The published shortlist in the bids extension: one invited bid a
    shortlisted member (bidStatus "invited")."""
    return [
        {
            "id": f"{tender.pk}-invitation-{invitation.pk}",
            "date": _dt(tender.shortlist_published_at),
            "status": "invited",
            "tenderers": [
                {
                    "id": supplier_id(invitation.consultant),
                    "name": invitation.consultant.name,
                }
            ],
        }
        for invitation in shortlist
    ]


def _bids_section(tender: Tender, bids: list, shortlist=(), disclosed=True) -> dict:
    """The bids extension: the shortlisted members invited to bid (once the
    shortlist is published); once the bids are disclosed, who bid and, once
    the financial offers are open, at what price."""
    invited = _invited(tender, list(shortlist))
    if not disclosed:
        return {"details": invited}
    prices = [bid.price for bid in bids if bid.price is not None]
    statistics = [{"id": "validBids", "measure": "validBids", "value": len(bids)}]
    if prices:
        statistics += [
            {
                "id": "lowestValidBidValue",
                "measure": "lowestValidBidValue",
                "value": float(min(prices)),
                "currency": "KGS",
            },
            {
                "id": "highestValidBidValue",
                "measure": "highestValidBidValue",
                "value": float(max(prices)),
                "currency": "KGS",
            },
        ]
    return {
        "statistics": statistics,
        "details": invited
        + [
            {
                "id": bid_id(tender, bid),
                "date": _dt(bid.submitted_at),
                "status": "disqualified" if bid.qualified is False else "valid",
                "tenderers": [
                    {"id": supplier_id(bid.consultant), "name": bid.consultant.name}
                ],
                "value": None if bid.price is None else _money(bid.price),
            }
            for bid in bids
        ],
    }


def bid_id(tender: Tender, bid) -> str:
    return f"{tender.pk}-bid-{bid.pk}"


def award_id(tender: Tender, award) -> str:
    return f"{tender.pk}-award-{award.pk}"


def _award_section(tender: Tender, award, *, final: bool) -> dict:
    consultant = award.bid.consultant
    return {
        "id": award_id(tender, award),
        "title": tender.title,
        "status": "active" if final else "pending",
        "date": _dt(award.final_at if final else award.notified_at),
        "value": _money(award.amount),
        "suppliers": [{"id": supplier_id(consultant), "name": consultant.name}],
    }


def _contract_section(tender: Tender, contract, *, completed: bool) -> dict:
    return {
        "id": f"{tender.pk}-contract",
        "awardID": award_id(tender, contract.award),
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


def _related_processes(tender: Tender) -> list:
    """The same procurement's notice on the state procurement portal."""
    if not tender.state_notice_number:
        return []
    return [
        {
            "id": "state-portal",
            "relationship": ["x_statePortalNotice"],
            "title": "zakupki.gov.kg",
            "scheme": "ocid",
            "identifier": tender.state_ocid,
            "uri": tender.state_notice_url,
        }
    ]

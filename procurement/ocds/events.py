"""Releases stored when their event happens, and never rebuilt.

`record_release` is called in the transaction of the event: by
procurement.services.common.announce() for the announced events in
RELEASE_EVENTS, and by the contract services (which announce nothing). A
release is the tender's state at that moment (OCDS releases may repeat
unchanged data); `tender.amendments` carries over from the previous release,
so an amendment listed once keeps its former values in every later release.
"""

from datetime import timedelta

from django.utils import timezone, translation

from ..models import Award, AwardStatus, Release, Tender, TenderStatus
from .codes import OCDS_LANGUAGE, TENDER_STATUS, _clean, buyer_id
from .sections import (
    _amendment,
    _award_section,
    _bids_section,
    _contract_section,
    _parties,
    _related_processes,
    _tender_section,
    published_shortlist,
)

# announced topic → (release tag, id suffix); topics not listed make no release
RELEASE_EVENTS = {
    "tender.published": ("tender", "tender"),
    # the published shortlist of a two-stage tender (sections.published_shortlist)
    "tender.shortlisted": ("tenderUpdate", "shortlist"),
    # the request for proposals to the shortlist: its tender period (only a
    # two-stage tender's; other invitations come with their publication)
    "tender.invited": ("tenderUpdate", "request-for-proposals"),
    "tender.amended": ("tenderAmendment", "amendment-{amendment_number}"),
    "tender.opened": ("tenderUpdate", "opening"),
    # the prices of qualified bids: bids.details gain their values
    "tender.financial_opened": ("tenderUpdate", "financial-opening"),
    "tender.unsuccessful": ("tenderUpdate", "unsuccessful"),
    "tender.cancelled": ("tenderCancellation", "cancellation"),
    "tender.award_intended": ("award", "award-{award_id}"),
    "tender.award_final": ("awardUpdate", "award-{award_id}-final"),
    # only when the decision annulled the award (see record_release)
    "tender.complaint_answered": ("awardUpdate", "complaint-{complaint_id}"),
    # a new round of the committee's evaluation, ordered on a complaint
    "tender.reevaluation_ordered": ("tenderUpdate", "evaluation-round-{round}"),
    "contract.signed": ("contract", "contract"),
    "contract.completed": ("contractUpdate", "contract-completed"),
}


def bids_disclosed(tender: Tender) -> bool:
    """Whether the bids of the tender may be published: after the opening,
    never before. The one place OCDS reads the opening state (Tender.is_sealed);
    a bid's price is published only once its own offer is open (bid.price)."""
    return not tender.is_sealed


def _disclosed_bids(tender: Tender) -> list:
    if not bids_disclosed(tender):
        return []
    return list(tender.bids.valid().select_related("consultant").order_by("pk"))


def snapshot(
    tender: Tender,
    *,
    release_id: str,
    date,
    tag: str,
    previous: dict | None,
    amendment=None,
) -> dict:
    """The release of the tender as it is now. Bids appear only once disclosed
    (bids_disclosed); an award that a previous release showed and that no
    longer exists (annulled on a complaint) is published as cancelled."""
    award = (
        Award.objects.filter(tender=tender).select_related("bid__consultant").first()
    )
    contract = getattr(tender, "contract", None) if award is not None else None
    bids = _disclosed_bids(tender)
    shortlist = published_shortlist(tender)
    previous_tender = (previous or {}).get("tender", {})
    amendments = list(previous_tender.get("amendments", []))
    if amendment is not None:
        amendments.append(
            _amendment(
                amendment,
                release_id=release_id,
                amends=(previous or {}).get("id"),
            )
        )
    awards = []
    if award is not None:
        awards.append(
            _award_section(tender, award, final=award.status == AwardStatus.FINAL)
        )
    current = {a["id"] for a in awards}
    for old in (previous or {}).get("awards", []):
        if old["id"] not in current and old.get("status") != "cancelled":
            awards.append({**old, "status": "cancelled"})
    data = {
        "ocid": tender.ocid,
        "id": release_id,
        "date": date.isoformat(),
        "tag": [tag],
        "initiationType": "tender",
        "language": OCDS_LANGUAGE,
        "parties": _parties(tender, award, bids, shortlist),
        "buyer": {"id": buyer_id(tender), "name": tender.municipality.name},
        "tender": _tender_section(
            tender,
            status=TENDER_STATUS[tender.status],
            amendments=amendments,
            shortlist=shortlist,
        ),
        "bids": (
            _bids_section(tender, bids, shortlist, disclosed=bool(bids))
            if bids or shortlist
            else None
        ),
        "awards": awards,
        "contracts": (
            [
                _contract_section(
                    tender, contract, completed=contract.completed_at is not None
                )
            ]
            if contract is not None
            else []
        ),
        "relatedProcesses": _related_processes(tender),
    }
    if tender.status == TenderStatus.CANCELLED:
        data["tender"]["statusDetails"] = (
            f"{tender.get_cancel_reason_display()}: {tender.cancel_explanation}"
        )
    return _clean(data)


def record_release(topic: str, tender: Tender, **payload) -> Release | None:
    """Store the release of an event (a topic of RELEASE_EVENTS), in the
    caller's transaction, with the tender row locked by the caller. Drafts
    have no releases."""
    if topic not in RELEASE_EVENTS or tender.published_at is None:
        return None
    if topic == "tender.invited" and not tender.is_two_stage:
        return None
    tag, suffix = RELEASE_EVENTS[topic]
    amendment = None
    if topic == "tender.amended":
        amendment = tender.amendments.get(pk=payload["amendment_id"])
        payload["amendment_number"] = amendment.number
    # the tender as stored now, with the counts the sections need
    from .packages import publishable

    tender = publishable().get(pk=tender.pk)
    last = Release.objects.filter(tender=tender).order_by("-sequence").first()
    sequence = (last.sequence + 1) if last else 1
    release_id = f"{tender.ocid}-{suffix.format(**payload)}"
    if Release.objects.filter(release_id=release_id).exists():
        release_id = f"{release_id}-{sequence}"
    date = _release_date(_event_time(topic, tender, amendment), last)
    with translation.override(OCDS_LANGUAGE):
        data = snapshot(
            tender,
            release_id=release_id,
            date=date,
            tag=tag,
            previous=last.data if last else None,
            amendment=amendment,
        )
    if topic == "tender.complaint_answered" and data.get("awards") == (
        last.data.get("awards") if last else None
    ):
        return None  # the decision changed nothing that is published
    return Release.objects.create(
        tender=tender,
        sequence=sequence,
        ocid=tender.ocid,
        release_id=release_id,
        date=date,
        tag=[tag],
        data=data,
    )


def _event_time(topic: str, tender: Tender, amendment):
    award = getattr(tender, "award", None)
    contract = getattr(tender, "contract", None)
    moments = {
        "tender.published": lambda: tender.published_at,
        "tender.shortlisted": lambda: tender.shortlist_published_at,
        "tender.amended": lambda: amendment.made_at,
        "tender.opened": lambda: tender.opened_at,
        "tender.unsuccessful": lambda: tender.status_changed_at,
        "tender.cancelled": lambda: tender.cancelled_at,
        "tender.award_intended": lambda: award and award.notified_at,
        "tender.award_final": lambda: award and award.final_at,
        "contract.signed": lambda: contract and contract.recorded_at,
        "contract.completed": lambda: contract and contract.completed_at,
    }
    moment = moments.get(topic, lambda: None)()
    return moment or timezone.now()


def _release_date(moment, last):
    """The moment of the event, in Bishkek time; after the previous release
    of the record, so that merging by date keeps the order of events."""
    date = timezone.localtime(moment)
    if last is not None and date <= last.date:
        date = timezone.localtime(last.date + timedelta(microseconds=1))
    return date

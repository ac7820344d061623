"""Releases reconstructed once from a tender's current data, for the tenders
published before the portal stored releases at their events (migration
0009). They are marked `backfilled` and their ids say `backfill`: an early
one shows the data as it is now, not as it was then."""

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from ..models import AwardStatus, Release, Tender, TenderStatus
from .codes import OCDS_LANGUAGE, _clean, buyer_id
from .sections import (
    _amendment,
    _award_section,
    _bids_section,
    _contract_section,
    _parties,
    _related_processes,
    _tender_section,
)


def reconstructed_releases(tender: Tender, bids: list) -> list[dict]:
    """Every stage of the tender as a release, oldest first, from its data now."""
    award = getattr(tender, "award", None)
    contract = getattr(tender, "contract", None)
    releases = []
    amendments = []

    def add(suffix, date, tag, status, *, with_award=True, **sections):
        release_id = f"{tender.ocid}-backfill-{suffix}"
        opened = tender.opened_at is not None and date >= tender.opened_at
        shown = bids if opened else []
        data = {
            "ocid": tender.ocid,
            "id": release_id,
            "date": timezone.localtime(date).isoformat(),
            "tag": [tag],
            "initiationType": "tender",
            "language": OCDS_LANGUAGE,
            "parties": _parties(tender, award if with_award else None, shown),
            "buyer": {"id": buyer_id(tender), "name": tender.municipality.name},
            "tender": _tender_section(tender, status=status, amendments=amendments),
            "bids": _bids_section(tender, shown) if shown else None,
            "relatedProcesses": _related_processes(tender),
            **sections,
        }
        releases.append(_clean(data))
        return release_id

    last_id = add("tender", tender.published_at, "tender", "active", with_award=False)
    for amendment in tender.amendments.all():
        release_id = f"{tender.ocid}-backfill-amendment-{amendment.number}"
        amendments.append(_amendment(amendment, release_id=release_id, amends=last_id))
        last_id = add(
            f"amendment-{amendment.number}",
            amendment.made_at,
            "tenderAmendment",
            "active",
            with_award=False,
        )
    if tender.opened_at:
        add("opening", tender.opened_at, "tenderUpdate", "active", with_award=False)
    if tender.financial_opened_at:
        add(
            "financial-opening",
            tender.financial_opened_at,
            "tenderUpdate",
            "active",
            with_award=False,
        )
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


def backfill_releases() -> int:
    """Store the reconstructed releases of every public tender that has none
    yet; returns how many releases were stored (manage.py ocds_backfill_releases
    after every migrate; idempotent)."""
    from .events import _disclosed_bids
    from .packages import publishable

    stored = 0
    pending = publishable().filter(published_at__isnull=False, releases__isnull=True)
    with translation.override(OCDS_LANGUAGE):
        for tender in pending.iterator(chunk_size=100):
            releases = reconstructed_releases(tender, _disclosed_bids(tender))
            releases.sort(key=lambda r: parse_datetime(r["date"]))
            Release.objects.bulk_create(
                Release(
                    tender=tender,
                    sequence=number,
                    ocid=tender.ocid,
                    release_id=data["id"],
                    date=data["date"],
                    tag=data["tag"],
                    data=data,
                    backfilled=True,
                )
                for number, data in enumerate(releases, start=1)
            )
            stored += len(releases)
    return stored

"""Releases of a tender, the compiled record, and the packages."""

from django.db.models import Count, Prefetch
from django.utils import timezone

from ..models import (
    Amendment,
    AwardStatus,
    BidQuerySet,
    Tender,
    TenderStatus,
)
from .codes import (
    OCDS_VERSION,
    TENDER_STATUS,
    _dt,
    _site,
)
from .sections import (
    _award_section,
    _contract_section,
    _release,
)


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

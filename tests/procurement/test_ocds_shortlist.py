"""The published shortlist of a two-stage tender in OCDS 1.1.5, which has no
structured shortlist field in the tender: a release of its own (tag
tenderUpdate) when the shortlist is published, with a document of type
shortlistedFirms (every member and the municipality's reason), the
shortlisted members as parties (interestedParty) and as invited bids (the
bids extension's bidStatus "invited"); nothing of it before publication;
every package validates against the schema."""

import pytest
from django.utils import translation

from procurement import services
from procurement.models import Release
from procurement.ocds.codes import OCDS_LANGUAGE
from tests.procurement.factories import certified_consultant, submit_bid
from tests.procurement.test_methods import (
    after_interest,
    apply,
    request_proposals,
    two_stage_tender,
)
from tests.procurement.test_ocds import get_json, validate_package

RELEASES = "/api/v1/ocds/release-package/"
REASON = "Беш окшош стратегия иштеп чыккан."


def _releases(tender) -> list:
    return list(Release.objects.filter(tender=tender).order_by("sequence"))


def _roles(release, consultant) -> list:
    from procurement.ocds.codes import supplier_id

    return next(
        (p["roles"] for p in release["parties"] if p["id"] == supplier_id(consultant)),
        [],
    )


@pytest.fixture
def shortlisted(db, settings):
    settings.PROCUREMENT_SHORTLIST_MIN = 3
    tender = two_stage_tender()
    services.interest_call(tender=tender, by=None)
    people = [certified_consultant() for _ in range(4)]
    expressions = [apply(tender, person) for person in people]
    before = [r.data for r in _releases(tender)]
    with after_interest(tender):
        services.shortlist_make(
            tender=tender,
            by=None,
            chosen={e.pk: REASON for e in expressions[:3]},
        )
    tender.refresh_from_db()
    return tender, people, before


@pytest.mark.django_db
class TestShortlistInOcds:
    def test_the_call_publishes_no_shortlist(self, shortlisted):
        tender, people, before = shortlisted
        (call,) = before
        assert "bids" not in call
        assert all(
            d["documentType"] != "shortlistedFirms"
            for d in call["tender"].get("documents", [])
        )
        assert all(_roles(call, person) == [] for person in people)

    def test_publishing_the_shortlist_is_a_release(self, shortlisted):
        tender, people, before = shortlisted
        release = _releases(tender)[-1]
        assert release.tag == ["tenderUpdate"]
        assert release.release_id == f"{tender.ocid}-shortlist"
        assert release.date == tender.shortlist_published_at
        data = release.data
        (document,) = [
            d
            for d in data["tender"]["documents"]
            if d["documentType"] == "shortlistedFirms"
        ]
        with translation.override(OCDS_LANGUAGE):
            lines = [f"{person.name}: {REASON}" for person in people[:3]]
            assert document["description"].splitlines() == lines
            assert people[3].name not in document["description"]
        assert document["url"].endswith(f"/tenders/{tender.pk}/#shortlist")
        invited = data["bids"]["details"]
        assert {d["status"] for d in invited} == {"invited"}
        assert len(invited) == 3 and "statistics" not in data["bids"]
        for person in people[:3]:
            assert _roles(data, person) == ["interestedParty"]
        assert _roles(data, people[3]) == []
        # the earlier release is unchanged
        assert _releases(tender)[0].data == before[0]

    def test_later_releases_keep_it_and_the_packages_validate(
        self, client, shortlisted
    ):
        tender, people, before = shortlisted
        tender = request_proposals(tender)
        submit_bid(tender, people[0])
        count = len(_releases(tender))
        latest = _releases(tender)[-1].data
        assert count > 2 and latest["tender"]["tenderPeriod"]["endDate"]
        assert len(latest["bids"]["details"]) == 3  # bids still sealed
        package = get_json(client, RELEASES)
        assert validate_package(package, "release") == []
        records = get_json(client, f"/api/v1/ocds/record-package/{tender.ocid}/")
        assert validate_package(records, "record") == []
        compiled = records["records"][0]["compiledRelease"]
        assert any(
            d["documentType"] == "shortlistedFirms"
            for d in compiled["tender"]["documents"]
        )

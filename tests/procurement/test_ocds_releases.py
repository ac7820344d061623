"""OCDS releases are snapshots stored at their events: never rebuilt, merged
into records by ocdsmerge, with bids only after the opening."""

import json

import ocdsmerge
import pytest
import time_machine
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from municipalities.models import Municipality
from portal.errors import DomainError
from procurement import services
from procurement.models import Release, TenderStatus
from procurement.ocds.merge_rules import MERGE_RULES
from tests.accounts.factories import ReviewBodyFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    TenderFactory,
    certified_consultant,
    move_past,
    submit_bid,
    tender_at_status,
)
from tests.procurement.test_ocds import (
    all_states,
    extended_release_schema,
    get_json,
    validate_package,
)

RELEASES = "/api/v1/ocds/release-package/"
RECORDS = "/api/v1/ocds/record-package/"


def record_of(client, tender) -> dict:
    package = get_json(client, f"{RECORDS}{tender.ocid}/")
    return package["records"][0]


def published(**kwargs):
    tender = TenderFactory(**kwargs)
    services.tender_publish(tender=tender, by=None)
    tender.refresh_from_db()
    return tender


@pytest.mark.django_db
class TestReleasesAreSnapshots:
    def test_publishing_stores_the_tender_release(self):
        draft = TenderFactory()
        assert not Release.objects.exists()  # a draft has no release
        tender = published(municipality=draft.municipality)
        release = Release.objects.get(tender=tender)
        assert release.tag == ["tender"]
        assert release.data["tender"]["title"] == tender.title_ky
        assert release.data["id"] == release.release_id == f"{tender.ocid}-tender"
        assert not release.backfilled

    def test_a_release_is_unchanged_after_a_later_amendment(self, client):
        tender = published(title="Эски аталыш", title_ky="Эски аталыш")
        before = get_json(client, RELEASES)["releases"]
        stored = Release.objects.get(tender=tender).data
        services.tender_amend(
            tender=tender,
            by=None,
            changes={"title_ky": "Жаңы аталыш", "estimated_budget": 900000},
            summary="Аталыш тактоо",
        )
        releases = get_json(client, RELEASES)["releases"]
        assert releases[0] == before[0]  # the notice as it was published
        assert Release.objects.get(release_id=before[0]["id"]).data == stored
        assert releases[0]["tender"]["title"] == "Эски аталыш"
        amended = releases[1]
        assert amended["tag"] == ["tenderAmendment"]
        assert amended["tender"]["title"] == "Жаңы аталыш"
        (amendment,) = amended["tender"]["amendments"]
        assert amendment["amendsReleaseID"] == before[0]["id"]
        assert amendment["releaseID"] == amended["id"]
        assert amendment["rationale"] == "Аталыш тактоо"
        former = {c["property"]: c["former_value"] for c in amendment["changes"]}
        assert former["tender/title"] == "Эски аталыш"
        assert former["tender/value/amount"] == str(tender.estimated_budget)
        compiled = record_of(client, tender)["compiledRelease"]
        assert compiled["tender"]["title"] == "Жаңы аталыш"
        assert compiled["tender"]["amendments"] == [amendment]

    def test_a_stored_release_cannot_be_changed(self):
        tender = published()
        release = Release.objects.get(tender=tender)
        release.data = {"tampered": True}
        with pytest.raises(DomainError):
            release.save()
        assert "tampered" not in Release.objects.get(pk=release.pk).data

    def test_every_event_stores_one_release_in_order(self):
        tender, _ = tender_at_status(TenderStatus.COMPLETED)
        releases = list(Release.objects.filter(tender=tender).order_by("sequence"))
        assert [r.tag[0] for r in releases] == [
            "tender",
            "tenderUpdate",  # technical opening: tenderers, no prices
            "tenderUpdate",  # financial opening: the qualified bids' prices
            "award",
            "awardUpdate",  # final
            "contract",
            "contractUpdate",  # completed
        ]
        technical, financial = releases[1].data, releases[2].data
        assert technical["bids"]["details"]
        assert not any("value" in bid for bid in technical["bids"]["details"])
        assert all("value" in bid for bid in financial["bids"]["details"])
        dates = [r.date for r in releases]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert [parse_datetime(r.data["date"]) for r in releases] == dates
        assert all(r.data["date"].endswith("+06:00") for r in releases)


@pytest.mark.django_db
class TestCompiledRelease:
    def test_the_merge_rules_are_the_schemas(self):
        merger = ocdsmerge.Merger(schema=extended_release_schema())
        assert merger.merge_rules == MERGE_RULES

    def test_compiled_release_equals_ocdsmerge(self, client):
        tenders = all_states()
        completed, _ = tender_at_status(TenderStatus.COMPLETED)
        amended = published()
        services.tender_amend(
            tender=amended, by=None, changes={"contact_name": "Б"}, summary="Б"
        )
        merger = ocdsmerge.Merger(schema=extended_release_schema())
        for tender in [*tenders, completed, amended]:
            record = record_of(client, tender)
            expected = merger.create_compiled_release(record["releases"])
            assert record["compiledRelease"] == expected
        record = record_of(client, completed)
        assert record["compiledRelease"]["tender"]["status"] == "complete"
        assert len(record["releases"]) == 7


@pytest.mark.django_db
class TestBidsAfterOpening:
    def everything(self, client, tender) -> str:
        return "\n".join(
            [
                json.dumps(get_json(client, RELEASES), ensure_ascii=False),
                json.dumps(get_json(client, RECORDS), ensure_ascii=False),
                json.dumps(
                    get_json(client, f"{RECORDS}{tender.ocid}/"), ensure_ascii=False
                ),
            ]
        )

    def test_sealed_tender_publishes_no_bid_and_no_price(self, client):
        tender, bids = tender_at_status(TenderStatus.CLOSED)
        body = self.everything(client, tender)
        assert '"bids"' not in body
        assert "400000" not in body and "450000" not in body
        assert "tenderer" not in body
        for bid in bids:
            assert bid.consultant.name not in body
        assert "numberOfTenderers" not in body

    def test_opened_tender_publishes_bids_and_prices(self, client):
        tender, bids = tender_at_status(TenderStatus.EVALUATED)
        record = record_of(client, tender)
        first, technical, financial = record["releases"]
        assert "bids" not in first  # the notice stays as published
        # the technical opening names the tenderers; their prices stay sealed
        assert {d["tenderers"][0]["name"] for d in technical["bids"]["details"]} == {
            bid.consultant.name for bid in bids
        }
        assert not any("value" in d for d in technical["bids"]["details"])
        assert "400000" not in json.dumps(technical)
        # the financial opening adds the prices of the qualified bids
        details = financial["bids"]["details"]
        assert {d["value"]["amount"] for d in details} == {400000.0, 450000.0}
        statistics = {s["measure"]: s["value"] for s in financial["bids"]["statistics"]}
        assert statistics == {
            "validBids": 2,
            "lowestValidBidValue": 400000.0,
            "highestValidBidValue": 450000.0,
        }
        tenderers = [p for p in financial["parties"] if "tenderer" in p["roles"]]
        assert len(tenderers) == 2
        assert record["compiledRelease"]["bids"] == financial["bids"]
        assert validate_package(get_json(client, RELEASES), "release") == []

    def test_the_opening_state_is_read_in_one_place(self):
        from procurement.ocds import bids_disclosed

        tender, _ = tender_at_status(TenderStatus.CLOSED)
        assert not bids_disclosed(tender)
        opened, _ = tender_at_status(TenderStatus.OPENED)
        assert bids_disclosed(opened)


@pytest.mark.django_db
class TestParties:
    def test_buyer_has_soate_and_consultants_their_inn(self, client):
        # a municipality of the SOATE register (loaded by the migrations)
        municipality = Municipality.objects.exclude(soate="").filter(inn="").first()
        from tests.municipalities.factories import StaffMembershipFactory

        staff = StaffMembershipFactory(municipality=municipality).user
        winner = certified_consultant(inn="01234567890123")
        tender, _ = tender_at_status(TenderStatus.PUBLISHED, staff=staff, prices=[])
        submit_bid(tender, winner, "300000")
        submit_bid(tender, certified_consultant(), "350000")
        with time_machine.travel(move_past(tender.opening_at), tick=False):
            services.tender_close(tender=tender)
            services.tender_open(tender=tender, by=staff)
        compiled = record_of(client, tender)["compiledRelease"]
        parties = {p["id"]: p for p in compiled["parties"]}
        buyer = next(p for p in parties.values() if "buyer" in p["roles"])
        assert buyer["additionalIdentifiers"] == [
            {
                "scheme": "KG-SOATE",
                "id": municipality.soate,
                "legalName": buyer["name"],
            }
        ]
        inn_party = parties["KG-INN-01234567890123"]
        assert inn_party["identifier"]["scheme"] == "KG-INN"
        assert inn_party["identifier"]["id"] == "01234567890123"
        assert inn_party["roles"] == ["tenderer"]
        others = [p for p in parties.values() if p is not buyer and p is not inn_party]
        assert others[0]["id"].startswith("ocds-bazhba-consultant-")
        assert "identifier" not in others[0]  # no INN known


@pytest.mark.django_db
class TestBackfill:
    def test_backfill_reconstructs_once_and_marks_them(self, client):
        tenders = all_states()
        Release.objects.all().delete()  # as before releases were stored
        call_command("ocds_backfill_releases", verbosity=0)
        releases = Release.objects.all()
        assert releases.exists() and not releases.filter(backfilled=False).exists()
        assert all("-backfill-" in r.release_id for r in releases)
        assert {r.tender_id for r in releases} == {t.pk for t in tenders}
        count = releases.count()
        call_command("ocds_backfill_releases", verbosity=0)
        assert Release.objects.count() == count  # once
        package = get_json(client, RELEASES)
        assert validate_package(package, "release") == []
        merger = ocdsmerge.Merger(schema=extended_release_schema())
        for tender in tenders:
            record = record_of(client, tender)
            expected = merger.create_compiled_release(record["releases"])
            assert record["compiledRelease"] == expected
        # later events add releases after the reconstructed ones
        open_tender = tenders[0]
        open_tender.refresh_from_db()
        assert open_tender.status == TenderStatus.PUBLISHED
        services.tender_cancel(
            tender=open_tender, by=None, reason="no_funds", explanation="Жок."
        )
        last = open_tender.releases.order_by("sequence").last()
        assert last.tag == ["tenderCancellation"] and not last.backfilled
        assert last.sequence == open_tender.releases.count()

    def test_new_database_has_nothing_to_backfill(self):
        TenderFactory()
        call_command("ocds_backfill_releases", verbosity=0)
        assert not Release.objects.exists()


@pytest.mark.django_db
class TestAnnulledAward:
    def test_an_upheld_complaint_publishes_the_award_as_cancelled(self, client):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(TenderStatus.AWARD_PENDING, staff=staff)
        award_id = record_of(client, tender)["compiledRelease"]["awards"][0]["id"]
        with time_machine.travel(move_past(tender.award.notified_at), tick=False):
            complaint = services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Ката."
            )
            services.complaint_explain(
                complaint=complaint, by=staff, explanation="Түшүндүрмө."
            )
            count = Release.objects.filter(tender=tender).count()
            services.complaint_decide(
                complaint=complaint,
                by=ReviewBodyFactory(),
                decision="upheld",
                reasons="Туура.",
                effect="reevaluate",
            )
        record = record_of(client, tender)
        # the award cancelled, then the tender's new round of evaluation
        assert len(record["releases"]) == count + 2
        assert record["releases"][-2]["tag"] == ["awardUpdate"]
        assert record["releases"][-1]["tag"] == ["tenderUpdate"]
        assert record["releases"][-1]["id"].endswith("-evaluation-round-2")
        (award,) = record["compiledRelease"]["awards"]
        assert (award["id"], award["status"]) == (award_id, "cancelled")
        assert validate_package(get_json(client, RELEASES), "release") == []

    def test_a_rejected_complaint_publishes_nothing_new(self, client):
        staff = StaffMembershipFactory().user
        tender, bids = tender_at_status(TenderStatus.AWARD_PENDING, staff=staff)
        with time_machine.travel(move_past(tender.award.notified_at), tick=False):
            complaint = services.complaint_file(
                bid=bids[1], consultant=bids[1].consultant, text="Ката."
            )
            services.complaint_explain(
                complaint=complaint, by=staff, explanation="Түшүндүрмө."
            )
            count = Release.objects.filter(tender=tender).count()
            services.complaint_decide(
                complaint=complaint,
                by=ReviewBodyFactory(),
                decision="rejected",
                reasons="Жок.",
                effect="none",
            )
        assert Release.objects.filter(tender=tender).count() == count

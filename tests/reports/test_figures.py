"""Each figure against the hand-counted fixture (tests/reports/conftest.py),
an empty period and a region with no data."""

import pytest
from django.utils import translation

from portal.reports import figures
from portal.reports.periods import Period

from .conftest import TODAY

Q2 = Period.quarter(2025, 2)
EMPTY = Period.quarter(2020, 1)

pytestmark = pytest.mark.django_db


class TestNetwork:
    def test_counts_members_statuses_kinds_and_applications(self, talas):
        n = figures.network(Q2, "KG-T")
        # c1, c2, c3, c4 (from Chüy), c7
        assert n["members"] == 5
        assert n["from_elsewhere"] == 1
        assert dict(n["by_status"]) == {
            "applicant": 1,
            "provisional": 3,
            "certified": 1,
            "suspended": 1,
            "withdrawn": 1,
        }
        assert dict(n["by_kind"]) == {"organization": 4, "individual": 1}
        # received in Q2 through the portal: c5, c6, c7
        assert n["applications"] == 3
        assert (n["accepted"], n["declined"]) == (1, 1)
        assert n["median_wait"] == pytest.approx(15.0)  # 10 and 20 days
        assert n["waiting"] == 1

    def test_counts_members_and_certified_members_by_area(self, talas):
        areas = {a.code: a for a in figures.network(Q2, "KG-T")["areas"]}
        assert (areas["report-area-1"].members, areas["report-area-1"].certified) == (
            2,
            1,
        )
        assert (areas["report-area-2"].members, areas["report-area-2"].certified) == (
            1,
            0,
        )

    def test_empty_period_keeps_the_snapshot_and_counts_no_applications(self, talas):
        n = figures.network(EMPTY, "KG-T")
        assert n["members"] == 5
        assert (n["applications"], n["accepted"], n["declined"]) == (0, 0, 0)
        assert n["median_wait"] is None

    def test_region_with_no_data(self, talas):
        n = figures.network(Q2, "KG-B")
        assert (n["members"], n["from_elsewhere"], n["applications"]) == (0, 0, 0)
        assert all(count == 0 for _status, count in n["by_status"])


class TestCoverage:
    def test_a_municipality_only_a_suspended_member_serves_is_a_gap(self, talas):
        assert figures.coverage("KG-T") == {"municipalities": 4, "served": 3, "gaps": 1}
        assert list(figures.coverage_gaps("KG-T")) == [talas.m4]

    def test_region_with_no_data(self, talas):
        assert figures.coverage("KG-B") == {"municipalities": 0, "served": 0, "gaps": 0}

    def test_gaps_sort_by_district(self, talas):
        talas.c1.districts_served.clear()  # m1 becomes a gap too
        names = [m.district.name_ky for m in figures.coverage_gaps("KG-T", "district")]
        assert names == sorted(names)
        reverse = [m.pk for m in figures.coverage_gaps("KG-T", "-district")]
        assert reverse == list(reversed([m.pk for m in figures.coverage_gaps(
            "KG-T", "district")]))  # fmt: skip


class TestTrainings:
    def test_counts_trainings_participants_completion_and_certificates(self, talas):
        t = figures.trainings(Q2, "KG-T", today=TODAY)
        assert t["held"] == 1
        assert (t["registry"], t["external"], t["participants"]) == (3, 4, 7)
        assert (t["ended_participants"], t["completed"]) == (3, 2)
        assert t["issued"] == 2
        assert t["expiring"] == 1
        assert t["suspended_now"] == 1
        assert (t["suspended"], t["revoked"]) == (1, 1)

    def test_empty_period(self, talas):
        t = figures.trainings(EMPTY, "KG-T", today=TODAY)
        assert (t["held"], t["participants"], t["completed"], t["issued"]) == (
            0,
            0,
            0,
            0,
        )
        assert (t["suspended"], t["revoked"]) == (0, 0)

    def test_region_with_no_data(self, talas):
        t = figures.trainings(Q2, "KG-B", today=TODAY)
        assert all(value == 0 for value in t.values())


class TestTenders:
    def test_counts_states_competition_value_speed_and_ratings(self, talas):
        t = figures.tenders(Q2, "KG-T")
        # published: ta tb tc td te tg th ti tj tk (tf before, tl not here)
        assert t["published"] == 10
        # deadline passed in Q2: ta tb tc td tf th ti tj tk (te cancelled first)
        assert t["closed"] == 9
        assert (t["awarded"], t["cancelled"], t["unsuccessful"]) == (4, 1, 1)
        # valid bids 2+2+1+1+2+2+2+2+0 over the 9 closed tenders
        assert t["bids_per_tender"] == pytest.approx(14 / 9)
        assert t["awards"] == 4
        assert t["awarded_value"] == 95000 + 199000 + 40000 + 90000
        assert t["estimated_value"] == 100000 + 200000 + 60000 + 100000
        assert t["won_by_certified"] == 2  # ta and tj, won by c1 after cert1
        assert t["median_days_to_award"] == pytest.approx(23.5)  # 15 23 24 26
        assert (t["completed_contracts"], t["average_rating"]) == (1, 4)

    def test_national_total_counts_every_region(self, talas):
        assert figures.tenders(Q2, None)["published"] == 11

    def test_empty_period(self, talas):
        t = figures.tenders(EMPTY, "KG-T")
        assert (t["published"], t["closed"], t["awarded"], t["awards"]) == (0, 0, 0, 0)
        assert t["bids_per_tender"] is None
        assert t["awarded_value"] is None and t["median_days_to_award"] is None

    def test_region_with_no_data(self, talas):
        t = figures.tenders(Q2, "KG-B")
        assert (t["published"], t["cancelled"], t["completed_contracts"]) == (0, 0, 0)


class TestRedFlagCounts:
    def test_counts_checked_and_flagged_tenders_of_each_rule(self, talas):
        counts = figures.flag_counts(Q2, "KG-T")
        got = {
            row["flag"].code: (row["checked"], row["flagged"]) for row in counts["rows"]
        }
        assert got == {
            "single_bid": (8, 1),
            "short_submission": (10, 1),
            "near_estimate": (4, 1),
            "repeat_winner": (4, 2),
            "late_amendment": (1, 1),
            "lowest_not_awarded": (1, 1),
            "complaint_upheld": (2, 1),
        }
        assert counts["any"] == 6  # tb tc ta tj tg th

    def test_flagged_tenders_are_listed(self, talas):
        flag = figures.RED_FLAGS[3]  # repeated awards
        tenders = set(figures.flagged_tenders(flag, Q2, "KG-T"))
        assert tenders == {talas.ta, talas.tj}

    def test_empty_period_and_region_with_no_data(self, talas):
        for period, code in ((EMPTY, "KG-T"), (Q2, "KG-B")):
            counts = figures.flag_counts(period, code)
            assert counts["any"] == 0
            assert all(r["checked"] == r["flagged"] == 0 for r in counts["rows"])


class TestTrends:
    def test_counts_each_quarter(self, talas):
        trend = figures.trends(Q2, "KG-T")
        with translation.override("en"):
            labels = [str(q.label) for q in trend["quarters"]]
        assert labels[-2:] == ["Q1 2025", "Q2 2025"]
        assert len(trend["quarters"]) == 8
        assert trend["tenders_published"][-2:] == [1, 10]  # tf in Q1
        assert trend["awards"][-1] == 4
        assert trend["flagged"][-1] == 6
        assert trend["new_members"][-1] == 1
        assert trend["certificates"][-1] == 2
        assert trend["trainings"][-1] == 1
        assert sum(trend["awards"][:-1]) == 0

    def test_region_with_no_data(self, talas):
        trend = figures.trends(Q2, "KG-B")
        for key in ("tenders_published", "awards", "flagged", "certificates"):
            assert trend[key] == [0] * 8


class TestRegionFigures:
    def test_members_per_municipality_coverage_tenders_and_flags(self, talas):
        from municipalities.models import Region

        rows = figures.region_figures(Q2, list(Region.objects.filter(code="KG-T")))
        row = rows[0]
        assert (row["members"], row["municipalities"], row["served"]) == (5, 4, 3)
        assert row["members_per_100"] == 125.0
        assert row["coverage"] == 75.0
        assert (row["tenders"], row["flagged"]) == (10, 6)

"""Each red-flag rule with a tender that raises it and one that does not."""

import pytest

from portal.reports.figures import flag_counts
from portal.reports.figures.flags import FLAGS_BY_CODE, flagged_tenders
from portal.reports.periods import Period
from tests.consultants.factories import ConsultantFactory

from . import builders as b

Q2 = Period.quarter(2025, 2)
pytestmark = pytest.mark.django_db


def flagged(code: str) -> set:
    return set(flagged_tenders(FLAGS_BY_CODE[code], Q2, "KG-T"))


def counts(code: str) -> tuple[int, int]:
    row = next(r for r in flag_counts(Q2, "KG-T")["rows"] if r["flag"].code == code)
    return row["checked"], row["flagged"]


@pytest.fixture
def place(db):
    return b.municipality("KG-T", "Талас району")


@pytest.fixture
def people(db):
    return [ConsultantFactory() for _ in range(3)]


def closed(place, **fields):
    return b.tender(place, published="2025-04-01", deadline="2025-04-20", **fields)


class TestSingleBid:
    def test_raised_by_one_valid_bid_in_an_open_tender(self, place, people):
        raising = closed(place, status="unsuccessful")
        b.bid(raising, people[0], "90000")
        b.withdrawn_bid(raising, people[1], "80000")  # does not count
        assert flagged("single_bid") == {raising}

    def test_not_raised_by_two_bids_or_a_single_source(self, place, people):
        two = closed(place, status="opened")
        b.bid(two, people[0], "90000")
        b.bid(two, people[1], "95000")
        single_source = closed(
            place, status="opened", procurement_method="single_source"
        )
        b.bid(single_source, people[0], "90000")
        assert flagged("single_bid") == set()
        assert counts("single_bid") == (1, 0)


class TestShortSubmissionPeriod:
    def test_raised_below_the_minimum_days(self, place, settings):
        settings.REPORTS_SHORT_SUBMISSION_DAYS = 14
        short = b.tender(place, published="2025-04-01", deadline="2025-04-14")
        assert flagged("short_submission") == {short}

    def test_not_raised_at_the_minimum(self, place, settings):
        settings.REPORTS_SHORT_SUBMISSION_DAYS = 14
        b.tender(place, published="2025-04-01", deadline="2025-04-15")
        assert counts("short_submission") == (1, 0)


class TestAwardCloseToTheEstimate:
    def test_raised_within_the_margin(self, place, people):
        tender = closed(place, status="awarded", budget="100000")
        b.award(b.bid(tender, people[0], "99000", rank=1), notified="2025-04-25")
        assert flagged("near_estimate") == {tender}

    def test_not_raised_outside_it(self, place, people, settings):
        settings.REPORTS_NEAR_ESTIMATE_PERCENT = 0.5
        tender = closed(place, status="awarded", budget="100000")
        b.award(b.bid(tender, people[0], "99000", rank=1), notified="2025-04-25")
        assert counts("near_estimate") == (1, 0)


class TestRepeatedAwards:
    def awards(self, place, winners):
        made = []
        for day, winner in zip(("04-21", "04-22", "04-23"), winners, strict=True):
            tender = closed(place, status="awarded")
            b.award(b.bid(tender, winner, "90000", rank=1), notified=f"2025-{day}")
            made.append(tender)
        return made

    def test_raised_when_one_consultant_wins_most_awards(self, place, people):
        made = self.awards(place, [people[0], people[0], people[1]])
        assert flagged("repeat_winner") == set(made[:2])

    def test_not_raised_when_awards_are_spread(self, place, people):
        self.awards(place, people)
        assert counts("repeat_winner") == (3, 0)

    def test_not_raised_below_the_minimum_number_of_awards(
        self, place, people, settings
    ):
        settings.REPORTS_REPEAT_AWARD_MIN_AWARDS = 4
        self.awards(place, [people[0]] * 3)
        assert counts("repeat_winner") == (3, 0)


class TestLateAmendment:
    def test_raised_days_before_the_deadline(self, place):
        tender = b.tender(place, published="2025-04-01", deadline="2025-05-01")
        b.amendment(tender, made="2025-04-28", old_deadline="2025-05-01")
        assert flagged("late_amendment") == {tender}

    def test_not_raised_early(self, place):
        tender = b.tender(place, published="2025-04-01", deadline="2025-05-01")
        b.amendment(tender, made="2025-04-20", old_deadline="2025-05-01")
        assert counts("late_amendment") == (1, 0)


class TestLowestQualifiedBidNotAwarded:
    def test_raised_under_least_cost(self, place, people):
        tender = closed(place, status="awarded", selection_method="consultPrice")
        b.bid(tender, people[0], "80000", rank=1)
        b.award(b.bid(tender, people[1], "90000", rank=2), notified="2025-04-25")
        assert flagged("lowest_not_awarded") == {tender}

    def test_not_raised_when_the_cheaper_bid_was_not_qualified(self, place, people):
        tender = closed(place, status="awarded", selection_method="consultPrice")
        b.bid(tender, people[0], "80000", qualified=False)
        b.award(b.bid(tender, people[1], "90000", rank=1), notified="2025-04-25")
        other = closed(place, status="awarded", selection_method="consultQuality")
        b.bid(other, people[0], "80000", rank=2)
        b.award(b.bid(other, people[1], "90000", rank=1), notified="2025-04-25")
        assert counts("lowest_not_awarded") == (1, 0)


class TestComplaintUpheld:
    def test_raised_by_an_upheld_complaint(self, place, people):
        tender = closed(place, status="evaluated")
        b.complaint(b.bid(tender, people[0], "90000"), answered="2025-05-02",
                    decision="upheld")  # fmt: skip
        assert flagged("complaint_upheld") == {tender}

    def test_not_raised_by_a_rejected_one(self, place, people):
        tender = closed(place, status="awarded")
        b.complaint(b.bid(tender, people[0], "90000"), answered="2025-05-02",
                    decision="rejected")  # fmt: skip
        assert counts("complaint_upheld") == (1, 0)


def test_every_rule_is_tested_here():
    tested = {
        "single_bid",
        "short_submission",
        "near_estimate",
        "repeat_winner",
        "late_amendment",
        "lowest_not_awarded",
        "complaint_upheld",
    }
    assert set(FLAGS_BY_CODE) == tested


def test_rules_show_the_thresholds_in_force(settings):
    settings.REPORTS_SHORT_SUBMISSION_DAYS = 21
    assert "21" in FLAGS_BY_CODE["short_submission"].rule_text


def test_a_flag_list_never_shows_a_losing_price(client_for, talas_coordinator):
    place = b.municipality("KG-T", "Талас району")
    tender = closed(place, status="awarded", selection_method="consultPrice")
    loser, winner = ConsultantFactory(), ConsultantFactory()
    b.bid(tender, loser, "81234", rank=1)
    b.award(b.bid(tender, winner, "90000", rank=2), notified="2025-04-25")
    response = client_for(talas_coordinator).get(
        "/en/reports/KG-T/flags/lowest_not_awarded/?period=quarter&year=2025&quarter=2"
    )
    body = response.content.decode()
    assert list(response.context["page"]) == [tender]
    table = body.split("flag-tenders")[1].split("</table>")[0]
    assert "81,234" not in table and "81234" not in table

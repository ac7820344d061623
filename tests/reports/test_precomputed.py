"""The figures counted ahead (portal/reports/precomputed) equal the live
aggregates (portal/reports/figures) after a refresh: on the hand-counted
Talas fixture and on the demo data (tenders raising every red flag), for
regions, the whole country and several periods; and they stay as they
were until the next refresh."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from municipalities.models import Region
from portal.reports import figures, precomputed
from portal.reports.figures.trainings import training_rows
from portal.reports.models import Figure, FigureEvent, FiguresRefresh
from portal.reports.periods import Period
from portal.reports.precomputed.refresh import counted_spans

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _approx(value):
    """Medians are counted ahead to four decimals (the reports show one)."""
    return pytest.approx(float(value), abs=1e-4) if isinstance(value, float) else value


def _same(live: dict, counted: dict, keys=None):
    """Each figure the report reads is the live one."""
    for key in keys or counted:
        assert counted[key] == _approx(live[key]), key


def compare(period, code, today):
    """Every figure of a report, live and counted ahead."""
    live, counted = figures.network(period, code), precomputed.network(period, code)
    _same(live, counted, [key for key in counted if key != "areas"])
    assert [(a.pk, a.members, a.certified) for a in counted["areas"]] == [
        (a.pk, a.members, a.certified) for a in live["areas"]
    ]
    _same(figures.coverage(code), precomputed.coverage(code))
    assert list(precomputed.coverage_gaps(code, "-kind")) == list(
        figures.coverage_gaps(code, "-kind")
    )
    _same(
        figures.trainings(period, code, today=today),
        precomputed.trainings(period, code, today),
    )
    assert [(t.pk, t.registry, t.completed) for t in training_rows(period, code)] == [
        (t.pk, t.registry, t.completed) for t in precomputed.training_rows(period, code)
    ]
    _same(figures.tenders(period, code), precomputed.tenders(period, code))
    live, counted = (
        figures.flag_counts(period, code),
        precomputed.flag_counts(period, code),
    )
    assert counted["any"] == live["any"]
    assert [(r["flag"].code, r["checked"], r["flagged"]) for r in counted["rows"]] == [
        (r["flag"].code, r["checked"], r["flagged"]) for r in live["rows"]
    ]
    _same(figures.trends(period, code), precomputed.trends(period, code))
    return live


def compare_regions(period):
    regions = list(Region.objects.order_by("sort_order"))
    live = figures.region_figures(period, regions)
    assert precomputed.region_figures(period, regions) == live


# a period the refresh does not count the red flags of: the report finds them
CUSTOM = Period("custom", date(2025, 4, 12), date(2025, 6, 20))


def test_the_hand_counted_fixture(talas):
    precomputed.refresh()
    for period in (Period.quarter(2025, 2), Period.year(2025), CUSTOM):
        for code in (None, "KG-T", "KG-C"):
            compare(period, code, TODAY)
        compare_regions(period)


@pytest.mark.slow
def test_the_demo_data_every_region_and_period(settings, tmp_path):
    """The demo raises every red flag (tests/reports/test_demo.py)."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    assert FiguresRefresh.objects.count() == 1  # seed_demo counted them
    today = timezone.localdate()
    raised = set()
    periods = [
        Period.default(),
        Period("custom", today - timedelta(days=45), today + timedelta(days=30)),
    ]
    for period in periods:
        for code in (None, "KG-N", "KG-Y", "KG-C"):
            live = compare(period, code, today)
            raised |= {r["flag"].code for r in live["rows"] if r["flagged"]}
        compare_regions(period)
    # the comparison was not between empty reports
    assert raised >= {"single_bid", "near_estimate", "repeat_winner"}
    assert raised >= {"late_amendment", "complaint_upheld"}


def test_the_refresh_counts_every_quarter_and_year():
    """From the first day with an event to the last (or today), and the
    default period of the refresh's day."""
    today = date(2025, 3, 5)
    spans = [
        (p.kind, p.start, p.end)
        for p in counted_spans(date(2023, 11, 3), date(2024, 2, 1), today)
    ]
    assert spans == [
        ("custom", date(2024, 3, 6), today),
        ("year", date(2023, 1, 1), date(2023, 12, 31)),
        ("year", date(2024, 1, 1), date(2024, 12, 31)),
        ("year", date(2025, 1, 1), date(2025, 12, 31)),
        ("quarter", date(2023, 10, 1), date(2023, 12, 31)),
        *[("quarter", q.start, q.end) for q in Period.year(2024).trend_quarters(4)],
        ("quarter", date(2025, 1, 1), date(2025, 3, 31)),
    ]
    # nothing recorded yet: today's year and quarter
    assert len(counted_spans(None, None, today)) == 3
    # on 31 December the default period is the year, counted once
    last_day = date(2025, 12, 31)
    assert [(p.start, p.end) for p in counted_spans(None, None, last_day)] == [
        (date(2025, 1, 1), last_day),
        (date(2025, 10, 1), last_day),
    ]


def _flags(period):
    counts = precomputed.flag_counts(period, "KG-T")
    rows = {r["flag"].code: (r["checked"], r["flagged"]) for r in counts["rows"]}
    return counts["any"], rows, precomputed.tenders(period, "KG-T")


def test_a_counted_period_reads_what_the_refresh_counted(talas):
    """Quarters, years and the default period read the sums of their days,
    the tenders raising a red flag, the tenders counted once and the medians
    as the refresh counted them, not from the days and events of the period
    (rows that grow with the tables and the period); a custom period finds
    its own."""
    precomputed.refresh()
    q2 = Period.quarter(2025, 2)
    flagged, rows, tenders = _flags(q2)
    assert flagged == 6  # tests/reports/test_figures.py
    assert rows["repeat_winner"] == (4, 2) and rows["single_bid"] == (8, 1)
    assert tenders["median_days_to_award"] is not None
    assert precomputed.trends(q2, "KG-T")["flagged"][-1] == 6
    custom = _flags(CUSTOM)
    assert custom[0] > 0 and custom[2]["median_days_to_award"] is not None
    trends = precomputed.trends(q2, "KG-T")
    assert trends["tenders_published"][-1] == tenders["published"] > 0
    FigureEvent.objects.filter(figure="award").delete()
    FigureEvent.objects.filter(figure__startswith="flag:").delete()
    Figure.objects.filter(day__isnull=False).exclude(
        figure="certificate_expires"
    ).delete()
    assert _flags(q2) == (flagged, rows, tenders)
    assert precomputed.trends(q2, "KG-T") == trends
    after = _flags(CUSTOM)
    assert after[0] < custom[0]
    assert after[2]["median_days_to_award"] is None
    assert after[2]["published"] == 0 < custom[2]["published"]


def test_figures_stay_as_counted_until_the_next_refresh(talas, client):
    """A new record shows after the refresh, not before; the page says as
    of when."""
    from tests.consultants.factories import ConsultantFactory
    from tests.municipalities.factories import region

    first = precomputed.refresh()
    before = precomputed.network(Period.quarter(2025, 2), "KG-T")["members"]
    ConsultantFactory(status="certified", home_region=region("KG-T"))
    assert precomputed.network(Period.quarter(2025, 2), "KG-T")["members"] == before
    second = precomputed.refresh()
    assert precomputed.network(Period.quarter(2025, 2), "KG-T")["members"] == (
        before + 1
    )
    assert second.finished_at >= first.finished_at
    assert list(FiguresRefresh.objects.all()) == [second]
    assert precomputed.as_of() == second.finished_at


def test_the_command_counts_them(talas):
    out = StringIO()
    call_command("refresh_report_figures", stdout=out)
    assert "counted in" in out.getvalue()
    assert precomputed.coverage("KG-T") == figures.coverage("KG-T")

"""The reports at scale (issue 16): after a refresh, a report, its printable
page, its exports and the overview read the figures counted ahead, never
the tenders, bids or awards, and no table with a sequential scan that may
read all of it (EXPLAIN of the queries the pages really run, with the
planner's statistics of thousands of generated consultants and tenders)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.reports import precomputed
from portal.reports.periods import Period
from tests.accounts.factories import AcademyAdminFactory, CoordinatorFactory
from tests.municipalities.factories import region
from tests.scale import full_scans, load_consultants, load_tenders, plan_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# what a report must not aggregate per request
NEVER_READ = ["procurement_tender", "procurement_bid", "procurement_award"]
# read only by index (or a scan bounded by a LIMIT)
NEVER_SCANNED = [
    "consultants_consultant",
    "consultants_consultant_expertise_areas",
    "consultants_statuschange",
    "trainings_certificate",
]
# (the figure tables are small here, a scan of them the planner's right
# choice; they hold a row per region, day and figure, not per record)
YEAR = "period=year&year=2026"


@pytest.fixture
def at_scale(db):
    load_consultants(4_000)
    load_tenders(4_000)
    precomputed.refresh()  # it analyzes the figure tables too


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith(("SELECT", "WITH"))
    ]


def _problems(client, url):
    found = []
    for sql in _queries(client, url):
        found += [(url, table, sql) for table in NEVER_READ if f'"{table}"' in sql]
        if sql.startswith("WITH") or "%(" in sql:
            continue  # the raw flag queries read reports_figureevent only
        plan = plan_of(sql)
        found += [
            (url, table, sql) for table in NEVER_SCANNED if full_scans(plan, table)
        ]
    return found


def test_reports_read_the_counted_figures_by_index(client, at_scale):
    admin = AcademyAdminFactory()
    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(region("KG-C"), region("KG-N"))
    # the check is not made on empty figures
    assert precomputed.network(Period.default(), None)["members"] > 1000
    assert precomputed.tenders(Period.default(), None)["published"] == 4_000
    client.force_login(admin)
    found = []
    for url in [
        "/ky/reports/all/",
        f"/ru/reports/all/?{YEAR}",
        "/ky/reports/KG-C/",
        "/ky/reports/KG-C/print/",
        "/ky/reports/all/export/all.xlsx",
        "/ky/reports/KG-N/export/tenders.csv",
        "/ky/reports/all/gaps/",
    ]:
        found += _problems(client, url)
    client.force_login(coordinator)
    found += _problems(client, "/ky/reports/")  # the overview of two regions
    assert found == [], "\n".join(f"{u} {t}\n{s}" for u, t, s in found)

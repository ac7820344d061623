"""Report pages from the outside: who may read what, the period, the
lists behind the figures, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.reports import precomputed
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import MunicipalityFactory, region

from . import builders as b

Q2 = "period=quarter&year=2025&quarter=2"
pytestmark = pytest.mark.django_db


@pytest.fixture
def talas(talas):
    """The hand-counted fixture, its figures counted for the report pages."""
    precomputed.refresh()
    return talas


class TestAccess:
    @pytest.mark.parametrize(
        "path",
        [
            "/ky/reports/",
            "/ky/reports/KG-T/",
            "/ky/reports/KG-T/print/",
            "/ky/reports/KG-T/pdf/",
            "/ky/reports/KG-T/export/all.xlsx",
            "/ky/reports/KG-T/gaps/",
            "/ky/reports/KG-T/flags/single_bid/",
        ],
    )
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, path):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/ky/accounts/login/?next=")

    @pytest.mark.parametrize(
        "path",
        [
            "/ky/reports/KG-N/",
            "/ky/reports/KG-N/print/",
            "/ky/reports/KG-N/pdf/",
            "/ky/reports/KG-N/export/all.xlsx",
            "/ky/reports/KG-N/export/gaps.csv",
            "/ky/reports/KG-N/gaps/",
            "/ky/reports/KG-N/flags/single_bid/",
            "/ky/reports/all/",
            "/ky/reports/all/export/regions.csv",
        ],
    )
    def test_a_coordinator_gets_404_for_another_region_and_the_country(
        self, client_for, talas_coordinator, path
    ):
        assert client_for(talas_coordinator).get(path).status_code == 404

    def test_a_coordinator_reads_their_region(self, client_for, talas_coordinator):
        client = client_for(talas_coordinator)
        assert client.get("/ky/reports/KG-T/").status_code == 200
        # one region: the overview is that region's report
        assert client.get("/ky/reports/")["Location"] == "/ky/reports/KG-T/"

    def test_a_municipality_of_another_region_is_404(
        self, client_for, talas_coordinator
    ):
        naryn = MunicipalityFactory(region=region("KG-N"))
        talas = MunicipalityFactory(region=region("KG-T"))
        client = client_for(talas_coordinator)
        url = "/ky/reports/KG-T/municipalities/{}/"
        assert client.get(url.format(naryn.pk)).status_code == 404
        assert client.get(url.format(talas.pk)).status_code == 200

    @pytest.mark.parametrize("role", ["municipal_staff", "consultant"])
    def test_other_roles_have_no_reports(self, request, client_for, role):
        user = request.getfixturevalue(role)
        user = getattr(user, "user", user)
        client = client_for(user)
        assert client.get("/ky/reports/").status_code == 404
        assert client.get("/ky/reports/KG-N/").status_code == 404

    def test_academy_administrators_read_every_region_and_the_country(
        self, client_for, academy_admin
    ):
        client = client_for(academy_admin)
        assert client.get("/ky/reports/")["Location"] == "/ky/reports/all/"
        for scope in ("all", "KG-N", "KG-T", "KG-GB"):
            assert client.get(f"/ky/reports/{scope}/").status_code == 200

    def test_a_coordinator_of_two_regions_starts_from_both(
        self, client_for, coordinator
    ):
        coordinator.coordinated_regions.add(region("KG-T"))
        body = client_for(coordinator).get("/ky/reports/").content.decode()
        assert "/ky/reports/KG-N/?" in body and "/ky/reports/KG-T/?" in body
        assert "/ky/reports/KG-C/?" not in body

    def test_the_dashboard_links_the_coordinators_reports(
        self, client_for, talas_coordinator
    ):
        body = client_for(talas_coordinator).get("/ky/me/").content.decode()
        assert 'href="/ky/reports/KG-T/"' in body


class TestPeriod:
    def test_the_chosen_quarter_is_shown(self, client_for, talas_coordinator, talas):
        body = client_for(talas_coordinator).get(f"/en/reports/KG-T/?{Q2}")
        assert "Q2 2025" in body.content.decode()
        assert body.context["tables"]["tenders"].rows[0]["value"] == 10

    @pytest.mark.parametrize(
        "query",
        [
            "period=quarter&year=2025",
            "period=quarter&year=1999&quarter=1",
            "period=custom&start=2025-05-01&end=2025-04-01",
            "period=custom&start=nonsense&end=2025-04-01",
            "period=fortnight",
        ],
    )
    def test_bad_input_is_explained_and_the_default_period_shown(
        self, client_for, talas_coordinator, query
    ):
        response = client_for(talas_coordinator).get(f"/en/reports/KG-T/?{query}")
        assert response.status_code == 200
        body = response.content.decode()
        assert 'role="alert"' in body
        assert "The report shows the default period." in body

    def test_bad_input_to_an_export_is_refused(self, client_for, talas_coordinator):
        response = client_for(talas_coordinator).get(
            "/en/reports/KG-T/export/all.xlsx?period=year&year=1800"
        )
        assert response.status_code == 400
        assert "Choose a year from 2000" in response.content.decode()

    def test_errors_in_kyrgyz(self, client_for, talas_coordinator):
        response = client_for(talas_coordinator).get(
            "/ky/reports/KG-T/?period=custom&start=2025-05-01&end=2025-04-01"
        )
        assert "The period must not end before it starts." not in (
            response.content.decode()
        )


class TestLists:
    def test_the_gap_list_links_each_municipality(
        self, client_for, talas_coordinator, talas
    ):
        body = client_for(talas_coordinator).get("/ky/reports/KG-T/gaps/")
        assert list(body.context["page"]) == [talas.m4]
        assert f"/ky/reports/KG-T/municipalities/{talas.m4.pk}/" in (
            body.content.decode()
        )

    def test_the_gap_list_is_paginated_and_sorted(self, client_for, talas_coordinator):
        for number in range(55):
            MunicipalityFactory(region=region("KG-T"), name_ky=f"Айыл {number:02d}")
        precomputed.refresh()
        client = client_for(talas_coordinator)
        first = client.get("/ky/reports/KG-T/gaps/?sort=-name").context["page"]
        assert first.paginator.count == 55
        assert len(first) == 50
        assert first[0].name_ky == "Айыл 54"
        second = client.get("/ky/reports/KG-T/gaps/?sort=-name&page=2").context["page"]
        assert [m.name_ky for m in second][-1] == "Айыл 00"

    def test_an_unknown_sort_is_explained(self, client_for, talas_coordinator):
        response = client_for(talas_coordinator).get("/en/reports/KG-T/gaps/?sort=x")
        assert "Unknown sort order" in response.content.decode()

    def test_a_flag_lists_its_tenders_with_links(
        self, client_for, talas_coordinator, talas
    ):
        response = client_for(talas_coordinator).get(
            f"/en/reports/KG-T/flags/repeat_winner/?{Q2}"
        )
        body = response.content.decode()
        assert set(response.context["page"]) == {talas.ta, talas.tj}
        assert talas.ta.get_absolute_url() in body
        assert "more than 50 % of them went to the same consultant" in body

    def test_an_unknown_flag_is_404(self, client_for, talas_coordinator):
        response = client_for(talas_coordinator).get("/ky/reports/KG-T/flags/nope/")
        assert response.status_code == 404

    def test_the_report_links_each_flag_to_its_tenders(
        self, client_for, talas_coordinator, talas
    ):
        body = client_for(talas_coordinator).get(f"/ky/reports/KG-T/?{Q2}")
        html = body.content.decode()
        assert "/ky/reports/KG-T/flags/single_bid/?" + Q2.replace("&", "&amp;") in html


class TestPrintAndPdf:
    def test_the_printable_page_has_every_gap(self, client_for, talas_coordinator):
        for number in range(15):
            MunicipalityFactory(region=region("KG-T"), name_ky=f"Айыл {number:02d}")
        precomputed.refresh()
        response = client_for(talas_coordinator).get("/ky/reports/KG-T/print/")
        assert len(response.context["tables"]["gaps"].rows) == 15

    def test_the_page_shows_ten_trainings_and_the_printable_page_all(
        self, client_for, talas_coordinator, talas
    ):
        from datetime import date

        from tests.trainings.factories import TrainingFactory

        for day in range(1, 13):
            TrainingFactory(
                region_id="KG-T",
                start_date=date(2025, 6, day),
                end_date=date(2025, 6, day),
            )
        precomputed.refresh()
        client = client_for(talas_coordinator)
        page = client.get(f"/ky/reports/KG-T/?{Q2}")
        table = page.context["tables"]["training_list"]
        assert (len(table.rows), table.total) == (10, 13)  # and the fixture's
        html = page.content.decode()
        link = f"/ky/reports/KG-T/print/?{Q2}".replace("&", "&amp;")
        assert f'<a href="{link}#table-training_list">' in html
        printed = client.get(f"/ky/reports/KG-T/print/?{Q2}")
        every = printed.context["tables"]["training_list"].rows
        assert len(every) == 13
        assert table.rows == every[:10]  # the first to start
        assert every[-1]["start"] == date(2025, 6, 12)

    def test_the_pdf_of_a_quarter(self, client_for, talas_coordinator, talas):
        from io import BytesIO

        from pypdf import PdfReader

        response = client_for(talas_coordinator).get(f"/en/reports/KG-T/pdf/?{Q2}")
        assert response["Content-Type"] == "application/pdf"
        assert "report-KG-T-20250401-20250630.pdf" in response["Content-Disposition"]
        text = "".join(
            page.extract_text() for page in PdfReader(BytesIO(response.content)).pages
        )
        assert "Talas Region" in text and "Q2 2025" in text
        assert "Single bid received" in text


class TestQueries:
    """Issue 16: at most ten queries a page, the same whatever the data. A
    report reads its figures in one statement (precomputed.ReportFigures);
    the rest is the session, the user, their regions, the trainings of the
    period, the previews of the gap and from-elsewhere lists, the expertise
    areas (cached: once after they change) and the bell's unread count."""

    def count(self, client, path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def test_a_report_makes_the_same_number_of_queries_with_more_data(
        self, client_for, talas_coordinator, talas
    ):
        client = client_for(talas_coordinator)
        path = f"/ky/reports/KG-T/?{Q2}"
        assert self.count(client, path) <= 9  # the areas not cached yet
        before = self.count(client, path)
        assert before <= 8
        for _number in range(12):
            place = MunicipalityFactory(region=region("KG-T"))
            member = ConsultantFactory(home_region=region("KG-T"))
            tender = b.tender(
                place, published="2025-04-02", deadline="2025-04-21", status="awarded"
            )
            b.award(b.bid(tender, member, "99500", rank=1), notified="2025-05-01")
            member.regions_served.add(region("KG-T"))
        precomputed.refresh()
        assert self.count(client, path) == before

    @pytest.mark.parametrize(
        "path,most",
        [
            (f"/ky/reports/KG-T/?{Q2}", 8),
            (f"/ru/reports/KG-T/?{Q2}", 8),
            ("/ky/reports/KG-T/?period=year&year=2025", 8),
            (f"/ky/reports/KG-T/print/?{Q2}", 8),
            (f"/ky/reports/KG-T/export/all.xlsx?{Q2}", 7),
            ("/ky/reports/KG-T/export/gaps.csv", 7),
            ("/ky/reports/KG-T/gaps/", 6),
            (f"/ky/reports/KG-T/flags/single_bid/?{Q2}", 6),
            (f"/ky/reports/KG-T/flags/repeat_winner/?{Q2}", 6),
        ],
    )
    def test_a_coordinators_pages(
        self, client_for, talas_coordinator, talas, path, most
    ):
        client = client_for(talas_coordinator)
        self.count(client, path)
        assert self.count(client, path) <= most

    def test_a_coordinators_municipality_page(
        self, client_for, talas_coordinator, talas
    ):
        client = client_for(talas_coordinator)
        assert (
            self.count(client, f"/ky/reports/KG-T/municipalities/{talas.m4.pk}/") <= 9
        )

    def test_the_overview_of_two_regions(self, client_for, coordinator, talas):
        coordinator.coordinated_regions.add(region("KG-T"))
        client = client_for(coordinator)
        self.count(client, f"/ky/reports/?{Q2}")
        assert self.count(client, f"/ky/reports/?{Q2}") <= 5

    @pytest.mark.parametrize(
        "path,most",
        [
            (f"/ky/reports/all/?{Q2}", 7),
            ("/ky/reports/all/", 7),
            (f"/ky/reports/KG-T/?{Q2}", 8),
            (f"/ky/reports/all/print/?{Q2}", 7),
            (f"/ky/reports/all/export/all.xlsx?{Q2}", 6),
            ("/ky/reports/all/gaps/", 6),
            (f"/ky/reports/all/flags/late_amendment/?{Q2}", 6),
        ],
    )
    def test_an_academy_administrators_pages(
        self, client_for, academy_admin, talas, path, most
    ):
        client = client_for(academy_admin)
        self.count(client, path)
        assert self.count(client, path) <= most

    def test_the_gap_list_and_a_flag_list_too(self, client_for, talas_coordinator):
        client = client_for(talas_coordinator)
        counts = []
        for _round in range(2):
            for _n in range(8):
                place = MunicipalityFactory(region=region("KG-T"))
                b.tender(place, published="2025-04-01", deadline="2025-04-05")
            precomputed.refresh()
            counts.append(
                (
                    self.count(client, "/ky/reports/KG-T/gaps/"),
                    self.count(
                        client, f"/ky/reports/KG-T/flags/short_submission/?{Q2}"
                    ),
                )
            )
        assert counts[0] == counts[1]


def test_a_consultant_user_cannot_guess_their_way_in(client_for):
    user = ConsultantUserFactory()
    assert client_for(user).get("/ky/reports/all/export/all.xlsx").status_code == 404

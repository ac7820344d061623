"""The expertise areas a list row shows (registry page, API, tender list)
come from the cached reference table and the row's own expertise_ids
(portal.cached_relations.listed_from_cache): each row its own areas, in the
registry's order, in the reader's language, and a change shows at once."""

import re

import pytest
from django.test import Client

from consultants.models import Consultant, ExpertiseArea
from tests.consultants.factories import ConsultantFactory
from tests.procurement.factories import published_tender


def _area(code):
    return ExpertiseArea.objects.get(code=code)


def _registry_row(html, name):
    row = re.search(
        rf"<tr>\s*<td[^>]*><a [^>]*>{re.escape(name)}</a>.*?</tr>", html, re.S
    )
    assert row, name
    return re.findall(r'<span class="tag">([^<]+)</span>', row.group(0))


@pytest.mark.django_db
class TestListedAreas:
    @pytest.fixture(autouse=True)
    def no_page_cache(self, settings):
        settings.PAGE_CACHE_SECONDS = 0

    def test_each_row_shows_its_own_areas_in_the_registrys_order(self):
        gender, tariffs = _area("gender"), _area("tariffs")
        ConsultantFactory(name_en="Both Areas", expertise_areas=[gender, tariffs])
        ConsultantFactory(name_en="Tariffs Only", expertise_areas=[tariffs])
        ConsultantFactory(name_en="No Area", expertise_areas=[])
        html = Client().get("/en/consultants/?page_size=100").content.decode()
        first, second = sorted([gender, tariffs], key=lambda a: (a.sort_order, a.code))
        assert _registry_row(html, "Both Areas") == [first.name_en, second.name_en]
        assert _registry_row(html, "Tariffs Only") == [tariffs.name_en]
        assert _registry_row(html, "No Area") == []

    def test_a_searchs_rows_too(self):
        """The search reads its matches by key (consultants.models.search):
        its rows are listed rows still, on the page and in the API."""
        gender, tariffs = _area("gender"), _area("tariffs")
        member = ConsultantFactory(
            name_en="Zarema Both", expertise_areas=[gender, tariffs]
        )
        ConsultantFactory(name_en="Zarema Other", expertise_areas=[gender])
        html = Client().get("/en/consultants/?q=zarema").content.decode()
        first, second = sorted([gender, tariffs], key=lambda a: (a.sort_order, a.code))
        assert _registry_row(html, "Zarema Both") == [first.name_en, second.name_en]
        assert _registry_row(html, "Zarema Other") == [gender.name_en]
        api = Client().get("/api/v1/consultants/?q=zarema").json()["results"]
        (row,) = [r for r in api if r["id"] == member.pk]
        assert sorted(row["expertise_areas"]) == ["gender", "tariffs"]

    def test_in_the_readers_language_and_the_api(self):
        tariffs = _area("tariffs")
        member = ConsultantFactory(name_en="Tariff Fund", expertise_areas=[tariffs])
        russian = Client().get("/ru/consultants/?page_size=100").content.decode()
        assert f'<span class="tag">{tariffs.name_ru}</span>' in russian
        api = Client().get("/api/v1/consultants/?page_size=100").json()["results"]
        (row,) = [r for r in api if r["id"] == member.pk]
        assert row["expertise_areas"] == ["tariffs"]

    def test_a_change_shows_on_the_next_page(self):
        tariffs, gender = _area("tariffs"), _area("gender")
        member = ConsultantFactory(name_en="Changing Fund", expertise_areas=[tariffs])
        Client().get("/en/consultants/")
        member.expertise_areas.set([gender])
        tariffs.name_en = "Tariffs for water"
        tariffs.save()
        html = Client().get("/en/consultants/?page_size=100").content.decode()
        assert _registry_row(html, "Changing Fund") == [gender.name_en]
        member.expertise_areas.add(tariffs)
        html = Client().get("/en/consultants/?page_size=100").content.decode()
        assert "Tariffs for water" in _registry_row(html, "Changing Fund")

    def test_the_tender_list_too(self):
        tender = published_tender()
        tender.expertise_areas.set([_area("tariffs")])
        html = Client().get("/en/tenders/").content.decode()
        assert f'<span class="tag">{_area("tariffs").name_en}</span>' in html

    def test_rows_read_by_the_list_queryset_carry_the_ids_not_a_query(
        self, django_assert_num_queries
    ):
        ConsultantFactory(expertise_areas=[_area("tariffs")])
        ExpertiseArea.reference_rows()  # the cache filled
        with django_assert_num_queries(1):
            rows = list(Consultant.objects.for_listing())
            assert all(isinstance(row.listed_areas, list) for row in rows)

    def test_each_listing_is_one_class_a_process(self):
        """Not a new iterable class per queryset (a class costs a few
        microseconds to make and each is kept by the type system)."""
        first = Consultant.objects.for_listing()._iterable_class
        assert Consultant.objects.for_listing()._iterable_class is first

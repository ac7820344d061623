"""Members who could help a municipality: the ranking computed in the database
(consultants/models/recommendations.py), pinned on a fixture of members with
deliberate differences, with the reasons each is shown."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from consultants.models import (
    Availability,
    Consultant,
    ConsultantKind,
    ExpertiseArea,
    NetworkStatus,
)
from consultants.models.recommendations import (
    BUSY_PENALTY,
    RATING_PRIOR,
    RATING_PRIOR_COUNT,
)
from consultants.recommendations import recommend
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import (
    DistrictFactory,
    MunicipalityFactory,
    region,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


def _member(
    name,
    *,
    areas=(),
    district=None,
    certified=(),
    contracts=0,
    ratings=(0, None),
    availability=Availability.AVAILABLE,
    busy_until=None,
    **kwargs,
):
    member = ConsultantFactory(
        name=name,
        name_ky=name,
        name_en=name,
        name_ru=name,
        expertise_areas=[ExpertiseArea.objects.get(code=c) for c in areas],
        **kwargs,
    )
    if district is not None:
        member.districts_served.add(district)
    # the figures other services keep (ratings, trainings): set directly
    Consultant.objects.filter(pk=member.pk).update(
        certified_areas=list(certified),
        active_certificates=len(certified),
        completed_contracts=contracts,
        rating_count=ratings[0],
        rating_average=ratings[1],
        availability=availability,
        busy_until=busy_until,
    )
    return member


@pytest.fixture
def place():
    district = DistrictFactory(name_en="Test District", region=region("KG-N"))
    return MunicipalityFactory(region=region("KG-N"), district=district)


@pytest.fixture
def members(place):
    """Twelve members; the comment is each one's score for tariffs (the
    weights of the module's docstring). The first members the migrations
    load stay out of the way."""
    Consultant.objects.update(availability=Availability.NOT_TAKING)
    district = place.district
    chui, osh = region("KG-C"), region("KG-O")
    made = {
        # 30 + 25 + 15 + 20 + 15 + 16.74 = 121.74
        "Ala": _member(
            "Ala",
            areas=["tariffs"],
            district=district,
            certified=["tariffs"],
            contracts=12,
            ratings=(12, "4.70"),
            status=NetworkStatus.CERTIFIED,
        ),
        # 30 + 15 (serves the region) + 20 + 4.5 + 13.75 = 83.25
        "Bek": _member(
            "Bek",
            areas=["tariffs"],
            home_region=chui,
            regions_served=[region("KG-N")],
            certified=["tariffs"],
            contracts=3,
            ratings=(1, "5.00"),
        ),
        # 30 + 15 (based there) + 15 + 17.7 = 77.7
        "Cholpon": _member(
            "Cholpon", areas=["tariffs"], contracts=20, ratings=(20, "4.80")
        ),
        # 30 + 20 + 12.5 (never rated: the prior) = 62.5
        "Dinara": _member(
            "Dinara", areas=["tariffs"], home_region=chui, certified=["tariffs"]
        ),
        # 30 + 25 + 15 + 12.5 − 30 (busy) = 52.5
        "Erkin": _member(
            "Erkin",
            areas=["tariffs"],
            district=district,
            availability=Availability.BUSY,
            busy_until=TODAY + timedelta(days=30),
        ),
        # 30 + 17.7: twenty 4.8★ ratings …
        "Leyla": _member(
            "Leyla", areas=["tariffs"], home_region=chui, ratings=(20, "4.80")
        ),
        # … beat one 5★: 30 + 13.75 = 43.75
        "Kanat": _member(
            "Kanat", areas=["tariffs"], home_region=chui, ratings=(1, "5.00")
        ),
        # busy until yesterday: available again, 30 + 12.5 = 42.5
        "Jyldyz": _member(
            "Jyldyz",
            areas=["tariffs"],
            home_region=chui,
            availability=Availability.BUSY,
            busy_until=TODAY - timedelta(days=1),
        ),
        # a candidate by the certificate alone (tariffs not among the areas
        # listed on the profile): 20 + 12.5 = 32.5
        "Iskender": _member("Iskender", home_region=osh, certified=["tariffs"]),
        # left out: not taking work, another area only, suspended, applicant
        "Farida": _member(
            "Farida",
            areas=["tariffs"],
            district=district,
            certified=["tariffs"],
            contracts=10,
            ratings=(10, "5.00"),
            availability=Availability.NOT_TAKING,
        ),
        "Gulnara": _member("Gulnara", areas=["budget-transparency"], district=district),
        "Khan": _member(
            "Khan",
            areas=["tariffs"],
            district=district,
            certified=["tariffs"],
            status=NetworkStatus.SUSPENDED,
        ),
        "Applicant": _member(
            "Applicant",
            areas=["tariffs"],
            district=district,
            status=NetworkStatus.APPLICANT,
        ),
    }
    return made


def _names(qs):
    return [member.name for member in qs]


class TestOrder:
    def test_pins_the_order_for_an_expertise_area(self, place, members):
        ranked = Consultant.objects.recommended_for(
            municipality=place, expertise_codes=["tariffs"], today=TODAY
        )
        assert _names(ranked) == [
            "Ala",
            "Bek",
            "Cholpon",
            "Dinara",
            "Erkin",
            "Leyla",
            "Kanat",
            "Jyldyz",
            "Iskender",
        ]
        scores = {m.name: round(m.score, 2) for m in ranked}
        assert scores == {
            "Ala": 121.74,
            "Bek": 83.25,
            "Cholpon": 77.7,
            "Dinara": 62.5,
            "Erkin": 52.5,
            "Leyla": 47.7,
            "Kanat": 43.75,
            "Jyldyz": 42.5,
            "Iskender": 32.5,
        }

    def test_without_an_area_the_members_serving_the_place(self, place, members):
        ranked = Consultant.objects.recommended_for(municipality=place, today=TODAY)
        # Ala 91.74, Bek 53.25, Gulnara 52.5, Cholpon 47.7, Erkin 22.5; the
        # members elsewhere are no candidates without an area
        assert _names(ranked) == ["Ala", "Bek", "Gulnara", "Cholpon", "Erkin"]

    def test_not_taking_work_suspended_and_applicants_are_left_out(
        self, place, members
    ):
        ranked = _names(
            Consultant.objects.recommended_for(
                municipality=place, expertise_codes=["tariffs"], today=TODAY, limit=0
            )
        )
        for name in ("Farida", "Khan", "Applicant", "Gulnara"):
            assert name not in ranked
        # Farida would lead the list if she took work
        Consultant.objects.filter(name="Farida").update(
            availability=Availability.AVAILABLE
        )
        ranked = Consultant.objects.recommended_for(
            municipality=place, expertise_codes=["tariffs"], today=TODAY
        )
        assert _names(ranked)[0] == "Farida"

    def test_busy_ranks_lower_and_not_once_the_day_has_passed(self, place, members):
        def rank_of_erkin(today):
            ranked = Consultant.objects.recommended_for(
                municipality=place, expertise_codes=["tariffs"], today=today
            )
            return _names(ranked).index("Erkin"), {m.name: m for m in ranked}

        busy_rank, busy = rank_of_erkin(TODAY)
        free_rank, free = rank_of_erkin(TODAY + timedelta(days=31))
        assert busy["Erkin"].busy and not free["Erkin"].busy
        assert free["Erkin"].score - busy["Erkin"].score == BUSY_PENALTY
        assert free_rank < busy_rank

    def test_the_bayesian_rating(self, place, members):
        ranked = {
            m.name: m
            for m in Consultant.objects.recommended_for(
                municipality=place, expertise_codes=["tariffs"], today=TODAY
            )
        }
        one_five = (RATING_PRIOR * RATING_PRIOR_COUNT + 5) / (RATING_PRIOR_COUNT + 1)
        assert ranked["Kanat"].rating_score == pytest.approx(one_five)
        assert ranked["Dinara"].rating_score == pytest.approx(RATING_PRIOR)
        assert ranked["Leyla"].rating_score > ranked["Kanat"].rating_score

    def test_a_tie_goes_to_the_better_rating_then_the_older_row(self, place):
        Consultant.objects.update(availability=Availability.NOT_TAKING)
        first = _member("Twin A", areas=["tariffs"], home_region=region("KG-C"))
        second = _member("Twin B", areas=["tariffs"], home_region=region("KG-C"))
        ranked = Consultant.objects.recommended_for(
            municipality=place, expertise_codes=["tariffs"], today=TODAY
        )
        assert _names(ranked) == [first.name, second.name]

    def test_two_areas_count_each_match(self, place):
        Consultant.objects.update(availability=Availability.NOT_TAKING)
        both = _member(
            "Both",
            areas=["tariffs", "budget-transparency"],
            home_region=region("KG-C"),
        )
        one = _member("One", areas=["tariffs"], home_region=region("KG-C"))
        ranked = list(
            Consultant.objects.recommended_for(
                municipality=place,
                expertise_codes=["tariffs", "budget-transparency"],
                today=TODAY,
            )
        )
        assert [m.name for m in ranked] == ["Both", "One"]
        assert (ranked[0].expertise_matches, ranked[1].expertise_matches) == (2, 1)
        assert ranked[0].score - ranked[1].score == pytest.approx(15.0)
        assert both.pk != one.pk

    def test_a_municipality_without_a_district(self, members):
        city = MunicipalityFactory(region=region("KG-N"), district=None)
        ranked = Consultant.objects.recommended_for(
            municipality=city, expertise_codes=["tariffs"], today=TODAY
        )
        assert not any(m.serves_district for m in ranked)
        assert _names(ranked)[0] == "Ala"


class TestReasons:
    def test_each_member_says_why_it_is_shown(self, place, members):
        with translation.override("en"):
            shown = recommend(place, ["tariffs"], today=TODAY)
        reasons = {r.member.name: r.reasons for r in shown}
        tariffs = ExpertiseArea.objects.get(code="tariffs").name_en
        assert reasons["Ala"] == [
            f"expertise: {tariffs}",
            "serves the district: Test District",
            "based in the region: Naryn Region",
            f"certified for: {tariffs}",
            "12 completed contracts",
            "★ 4.7 from 12 ratings",
            "available",
        ]
        assert reasons["Bek"] == [
            f"expertise: {tariffs}",
            "serves the region: Naryn Region",
            f"certified for: {tariffs}",
            "3 completed contracts",
            "★ 5.0 from 1 rating",
            "available",
        ]
        assert reasons["Erkin"][-1] == "busy until 01/03/2027"
        assert reasons["Iskender"] == [f"certified for: {tariffs}", "available"]
        ala = shown[0]
        assert (ala.serves_district, ala.certified_for, ala.available) == (
            True,
            ["tariffs"],
            True,
        )

    def test_reasons_in_kyrgyz(self, place, members):
        with translation.override("ky"):
            shown = recommend(place, ["tariffs"], today=TODAY)
        text = " ".join(shown[0].reasons)
        assert "Нарын облусу" in text
        assert "served" not in text and "available" not in text

    def test_the_query_count_does_not_grow_with_the_members(self, place, members):
        def count():
            with CaptureQueriesContext(connection) as captured:
                shown = recommend(place, ["tariffs"], today=TODAY)
                [r.reasons for r in shown]
            return len(captured), len(shown)

        few = count()
        for n in range(8):
            _member(f"More {n}", areas=["tariffs"], district=place.district)
        many = count()
        assert few[0] == many[0] == 2
        assert many[1] == 10 > few[1]


class TestIndexes:
    def test_the_candidates_come_from_indexes_not_a_scan_of_every_member(self, place):
        Consultant.objects.update(availability=Availability.NOT_TAKING)
        chui = region("KG-C")
        Consultant.objects.bulk_create(
            Consultant(
                kind=ConsultantKind.INDIVIDUAL,
                name=f"Member {n}",
                name_ky=f"Member {n}",
                home_region=chui,
                status=NetworkStatus.PROVISIONAL,
            )
            for n in range(3000)
        )
        _member("Ala", areas=["tariffs"], district=place.district)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for codes in (["tariffs"], []):
            qs = Consultant.objects.recommended_for(
                municipality=place, expertise_codes=codes, today=TODAY
            )
            plan = qs.explain()
            assert "Seq Scan on consultants_consultant " not in plan, plan
            assert _names(qs) == ["Ala"]

    def test_the_plan_can_use_the_indexes_whatever_the_statistics(self, place):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            for codes in (["tariffs"], []):
                sql, params = Consultant.objects.recommended_for(
                    municipality=place, expertise_codes=codes, today=TODAY
                ).query.sql_with_params()
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert "Seq Scan on consultants_consultant " not in plan, plan

"""Columns and figures the database keeps for the registry (migrations 0007,
0008, 0015): they follow every write, whoever makes it."""

import pytest
from django.db import connection

from consultants.models import Consultant, ExpertiseArea, NetworkStatus, RegionFigures
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import DistrictFactory, region


def codes(consultant) -> list[str]:
    return Consultant.objects.get(pk=consultant.pk).region_codes


def figures(code) -> tuple[int, int, int]:
    row = RegionFigures.objects.filter(region_id=code).first()
    return (row.members, row.certified, row.organizations) if row else (0, 0, 0)


@pytest.mark.django_db
class TestRegionCodes:
    def test_follow_the_home_region_and_the_regions_served(self):
        consultant = ConsultantFactory(home_region=region("KG-N"))
        assert codes(consultant) == ["KG-N"]
        consultant.regions_served.add(region("KG-Y"), region("KG-C"))
        assert codes(consultant) == ["KG-C", "KG-N", "KG-Y"]
        consultant.regions_served.remove(region("KG-C"))
        assert codes(consultant) == ["KG-N", "KG-Y"]
        consultant.home_region = region("KG-O")
        consultant.save()
        assert codes(consultant) == ["KG-O", "KG-Y"]
        # a stale instance saved again keeps what the database computes
        consultant.save()
        assert codes(consultant) == ["KG-O", "KG-Y"]

    def test_the_region_filter_finds_based_and_serving_members_only(self):
        based = ConsultantFactory(home_region=region("KG-T"))
        serving = ConsultantFactory(home_region=region("KG-N"))
        serving.regions_served.add(region("KG-T"))
        ConsultantFactory(home_region=region("KG-B"))
        assert set(Consultant.objects.for_region("KG-T")) == {based, serving}


def served(consultant) -> tuple[list[int], list[int]]:
    row = Consultant.objects.values_list("district_ids", "expertise_ids")
    return row.get(pk=consultant.pk)


@pytest.mark.django_db
class TestDistrictAndExpertiseIds:
    def test_follow_the_districts_served_from_either_side(self):
        consultant = ConsultantFactory()
        first, second, third = DistrictFactory.create_batch(3)
        assert served(consultant)[0] == []
        consultant.districts_served.add(second, first)
        assert served(consultant)[0] == sorted([first.pk, second.pk])
        consultant.districts_served.remove(first)
        assert served(consultant)[0] == [second.pk]
        third.served_by.add(consultant)  # from the district's side
        assert served(consultant)[0] == sorted([second.pk, third.pk])
        consultant.districts_served.set([first])
        assert served(consultant)[0] == [first.pk]
        first.served_by.clear()
        assert served(consultant)[0] == []

    def test_follow_the_expertise_areas_from_either_side(self):
        consultant = ConsultantFactory()
        areas = list(ExpertiseArea.objects.order_by("pk")[:3])
        consultant.expertise_areas.set(areas[:2])
        assert served(consultant)[1] == [areas[0].pk, areas[1].pk]
        areas[2].consultants.add(consultant)
        assert served(consultant)[1] == [a.pk for a in areas]
        consultant.expertise_areas.remove(areas[0])
        assert served(consultant)[1] == [areas[1].pk, areas[2].pk]
        consultant.expertise_areas.clear()
        assert served(consultant)[1] == []

    def test_a_deleted_district_or_area_leaves_them(self):
        consultant = ConsultantFactory()
        district, area = DistrictFactory(), ExpertiseAreaFactory()
        consultant.districts_served.add(district)
        consultant.expertise_areas.add(area)
        assert district.pk in served(consultant)[0]
        assert area.pk in served(consultant)[1]
        district.delete()
        area.delete()
        assert district.pk not in served(consultant)[0]
        assert area.pk not in served(consultant)[1]

    def test_a_stale_instance_saved_again_keeps_what_the_database_computes(self):
        consultant = ConsultantFactory()
        stale = Consultant.objects.get(pk=consultant.pk)
        district = DistrictFactory()
        consultant.districts_served.add(district)
        consultant.expertise_areas.add(ExpertiseArea.objects.first())
        assert stale.district_ids == []  # what it read before
        stale.save()
        assert served(consultant) == (
            [district.pk],
            [ExpertiseArea.objects.first().pk],
        )
        # nor can a write of the columns themselves change them
        Consultant.objects.filter(pk=consultant.pk).update(
            district_ids=[1, 2, 3], expertise_ids=[]
        )
        assert served(consultant) == (
            [district.pk],
            [ExpertiseArea.objects.first().pk],
        )

    def test_bulk_loads_of_the_m2m_rows_are_followed(self):
        consultants = ConsultantFactory.create_batch(3)
        district = DistrictFactory()
        through = Consultant.districts_served.through
        through.objects.bulk_create(
            [through(consultant=c, district=district) for c in consultants]
        )
        assert [served(c)[0] for c in consultants] == [[district.pk]] * 3
        area = ExpertiseAreaFactory()
        with connection.cursor() as cursor:  # raw SQL, as a loader writes them
            cursor.execute(
                "INSERT INTO consultants_consultant_expertise_areas"
                " (consultant_id, expertisearea_id) SELECT id, %s"
                " FROM consultants_consultant WHERE id = ANY(%s)",
                [area.pk, [c.pk for c in consultants]],
            )
        assert all(area.pk in served(c)[1] for c in consultants)
        through.objects.filter(district=district).delete()
        assert [served(c)[0] for c in consultants] == [[]] * 3

    def test_the_filters_find_exactly_the_serving_members(self):
        district, other = DistrictFactory.create_batch(2)
        area, other_area = ExpertiseAreaFactory.create_batch(2)
        serving = ConsultantFactory()
        serving.districts_served.add(district, other)
        serving.expertise_areas.add(area)
        elsewhere = ConsultantFactory()
        elsewhere.districts_served.add(other)
        elsewhere.expertise_areas.add(other_area)
        ConsultantFactory()
        found = Consultant.objects
        assert list(found.for_district(district)) == [serving]
        assert list(found.for_district(district.pk)) == [serving]
        assert set(found.for_district(other)) == {serving, elsewhere}
        assert list(found.with_expertise(area)) == [serving]
        assert list(found.with_expertise(other_area.pk)) == [elsewhere]


@pytest.mark.django_db
class TestRegionFigures:
    def test_follow_joining_status_changes_moves_and_deletion(self):
        before = figures("KG-GB")
        applicant = ConsultantFactory(
            home_region=region("KG-GB"), status=NetworkStatus.APPLICANT
        )
        assert figures("KG-GB") == before  # applicants are not public
        Consultant.objects.filter(pk=applicant.pk).update(
            status=NetworkStatus.CERTIFIED
        )
        members, certified, organizations = before
        assert figures("KG-GB") == (members + 1, certified + 1, organizations + 1)
        Consultant.objects.filter(pk=applicant.pk).update(home_region="KG-GO")
        assert figures("KG-GB") == before
        before_go = figures("KG-GO")
        Consultant.objects.filter(pk=applicant.pk).delete()
        go = figures("KG-GO")
        assert (go[0] + 1, go[1] + 1, go[2] + 1) == before_go

    def test_match_a_count_of_the_registry(self):
        for code in ("KG-N", "KG-C", "KG-Y"):
            ConsultantFactory.create_batch(2, home_region=region(code))
        ConsultantFactory(
            home_region=region("KG-N"),
            status=NetworkStatus.DECLINED,
            decision_reason="x",
        )
        public = Consultant.objects.public()
        for code in ("KG-N", "KG-C", "KG-Y"):
            in_region = public.filter(home_region_id=code)
            assert figures(code) == (
                in_region.count(),
                in_region.filter(status=NetworkStatus.CERTIFIED).count(),
                in_region.filter(kind="organization").count(),
            )

    def test_the_home_page_reads_them_in_one_query(
        self, client, django_assert_num_queries
    ):
        ConsultantFactory.create_batch(3, home_region=region("KG-N"))
        client.get("/ky/")  # the session and the caches
        with django_assert_num_queries(1):
            response = client.get("/ky/")
        totals = response.context["totals"]
        assert totals["members"] == Consultant.objects.public().count()

"""Columns and figures the database keeps for the registry (migrations 0007,
0008): they follow every write, whoever makes it."""

import pytest

from consultants.models import Consultant, NetworkStatus, RegionFigures
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region


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

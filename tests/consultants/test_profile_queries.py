"""A profile within ten queries (issue 16), the same whatever it names: its
expertise areas, regions and districts come from the cached reference
tables, and they are the profile's own, in the registry's order."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.models import ExpertiseArea
from municipalities.models import District
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries, not a stored page


def count(client, path):
    client.get(path)  # the reference rows cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def profile(areas, regions, districts):
    consultant = ConsultantFactory(
        user=ConsultantUserFactory(),
        expertise_areas=list(ExpertiseArea.objects.order_by("-code")[:areas]),
        regions_served=[region(code) for code in ["KG-T", "KG-C", "KG-Y"][:regions]],
    )
    consultant.districts_served.add(
        *District.objects.filter(region_id="KG-N").order_by("-id")[:districts]
    )
    return consultant


@pytest.mark.parametrize("role", ["visitor", "own", "academy_admin"])
def test_the_same_queries_whatever_the_profile_names(request, client_for, role):
    small, large = profile(1, 1, 1), profile(5, 3, 4)
    counts = []
    for consultant in (small, large):
        user = {
            "visitor": None,
            "own": consultant.user,
            "academy_admin": request.getfixturevalue("academy_admin"),
        }[role]
        queries, _page = count(client_for(user), consultant.get_absolute_url())
        counts.append(queries)
    assert counts[0] == counts[1]
    assert counts[1] <= {"visitor": 3, "own": 8, "academy_admin": 9}[role]


def test_the_profile_shows_its_own_areas_regions_and_districts(client):
    consultant = profile(3, 2, 2)
    profile(5, 3, 4)  # another profile's relations stay out
    _queries, page = count(client, consultant.get_absolute_url())
    shown = [area for area in ExpertiseArea.objects.all() if f">{area}<" in page]
    assert shown == list(consultant.expertise_areas.all())
    served = re.search(r"облустары</dt><dd>([^<]*)</dd>", page)
    assert served.group(1) == ", ".join(str(r) for r in consultant.regions_served.all())
    districts = re.search(r"райондору</dt><dd>([^<]*)</dd>", page)
    assert districts.group(1) == ", ".join(
        str(d) for d in consultant.districts_served.all()
    )


def test_a_renamed_area_shows_at_once(client):
    consultant = profile(1, 0, 0)
    area = consultant.expertise_areas.get()
    count(client, consultant.get_absolute_url())
    area.name_ky = area.name = "Жаңы аталыш"
    area.save()
    _queries, page = count(client, consultant.get_absolute_url())
    assert "Жаңы аталыш" in page

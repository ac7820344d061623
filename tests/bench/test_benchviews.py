"""The bench's baselines and query counter (portal/benchviews.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from consultants.models import Consultant
from consultants.models.statuses import ACTIVE_STATUSES
from portal.benchviews import QueryCountMiddleware
from tests.consultants.factories import ConsultantFactory

pytestmark = [pytest.mark.urls("tests.bench.urls"), pytest.mark.django_db]


def test_trivial_view_is_constant_and_does_no_io(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/trivial")
    assert response.content == b"ok"


def test_raw_registry_is_one_query_with_the_default_first_page(
    client, django_assert_num_queries
):
    ConsultantFactory.create_batch(3, status="certified", name_ky="Аа <b>")
    ConsultantFactory(status="applicant", name_ky="Аа applicant")
    ConsultantFactory(status="withdrawn", name_ky="Аа withdrawn")
    public = Consultant.objects.filter(status__in=ACTIVE_STATUSES).count()
    with django_assert_num_queries(1):
        response = client.get("/bench/raw-registry")
    body = response.content.decode()
    assert f"<p>{public}</p>" in body
    assert body.count("Аа &lt;b&gt;") == 3  # escaped, first by name
    assert "applicant" not in body
    assert "withdrawn" not in body


def test_raw_registry_counts_as_the_registry_does(client, monkeypatch):
    """Above the cap the total is "1000+" (portal.pagination), not an exact
    count of every row."""
    monkeypatch.setattr("portal.benchviews.COUNT_CAP", 2)
    ConsultantFactory.create_batch(3, status="certified")
    assert "<p>2+</p>" in client.get("/bench/raw-registry").content.decode()


def test_query_counter_answers_only_when_asked():
    def view(request):
        Consultant.objects.count()
        Consultant.objects.exists()
        return HttpResponse("x")

    middleware = QueryCountMiddleware(view)
    plain = middleware(RequestFactory().get("/"))
    assert "X-Bench-Queries" not in plain
    counted = middleware(RequestFactory().get("/", HTTP_X_BENCH_COUNT="1"))
    assert counted["X-Bench-Queries"] == "2"
    assert float(counted["X-Bench-SQL-ms"]) > 0

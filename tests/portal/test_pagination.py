"""A count the caller has just read (portal.pagination.capped_at(counted=)):
the paginator asks the database no count while the queryset selects the
same rows, and counts again once a filter changes them."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from consultants.models import Consultant
from portal.pagination import CappedPaginator, capped_at, known_count
from tests.consultants.factories import ConsultantFactory


@pytest.mark.django_db
class TestKnownCount:
    def test_kept_through_orderings_and_annotations(self):
        found = capped_at(Consultant.objects.all(), 200, counted=7)
        ordered = found.order_by("-name_ky").alias(x=F("id"))
        assert known_count(ordered) == 7
        with CaptureQueriesContext(connection) as ctx:
            paginator = CappedPaginator(ordered, 20)
            assert paginator.count == 7 and not paginator.capped
        assert not ctx.captured_queries

    def test_above_the_cap_it_says_more(self):
        paginator = CappedPaginator(
            capped_at(Consultant.objects.all(), 200, counted=402), 20
        )
        assert paginator.count == 201 and paginator.capped

    @pytest.mark.parametrize(
        "change",
        [
            lambda qs: qs.filter(kind="organization"),
            lambda qs: qs.exclude(kind="organization"),
            lambda qs: qs.none(),
            lambda qs: qs.distinct(),
            lambda qs: qs[:1],
        ],
    )
    def test_forgotten_once_the_rows_may_differ(self, change):
        ConsultantFactory.create_batch(3)
        found = capped_at(Consultant.objects.all(), 200, counted=99)
        changed = change(found)
        assert known_count(changed) is None
        if not changed.query.is_sliced:
            assert CappedPaginator(changed, 20).count == changed.count()

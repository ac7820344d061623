"""Cached drop-down choices (portal/choices.py): kept in the worker as well as
in Redis, but a change still shows on the next page."""

import pytest
from django.core.cache import cache
from django.utils.translation import override

from consultants.filters import ConsultantListFilterSet
from consultants.models import Consultant, ExpertiseArea
from portal.choices import cached_choices
from tests.consultants.factories import ExpertiseAreaFactory


def _expertise_choices():
    with override("en"):
        form = ConsultantListFilterSet({}, queryset=Consultant.objects.none()).form
        return cached_choices(form.fields["expertise"])


@pytest.mark.django_db
class TestCachedChoices:
    def test_a_second_read_is_kept_in_the_worker(self):
        ExpertiseAreaFactory(code="test-tariffs", name_en="Tariffs")
        first = _expertise_choices()
        assert ("test-tariffs", "Tariffs") in first
        assert _expertise_choices() is first

    def test_a_saved_area_shows_at_once(self):
        area = ExpertiseAreaFactory(code="test-tariffs", name_en="Tariffs")
        _expertise_choices()
        area.name_en = "Tariffs and fees"
        area.save()
        assert ("test-tariffs", "Tariffs and fees") in _expertise_choices()
        ExpertiseAreaFactory(code="test-roads", name_en="Roads")
        assert ("test-roads", "Roads") in _expertise_choices()

    def test_an_emptied_redis_forgets_what_the_worker_kept(self):
        # no save since Redis started: the version was never bumped
        area = ExpertiseArea.objects.order_by("code").first()
        assert (area.code, area.name_en) in _expertise_choices()
        # an update that sends no signal, then Redis restarted empty
        ExpertiseArea.objects.filter(pk=area.pk).update(name_en="Fees")
        assert (area.code, area.name_en) in _expertise_choices()
        cache.clear()
        assert (area.code, "Fees") in _expertise_choices()

    def test_the_registry_page_shows_a_new_area(self, client):
        client.get("/en/consultants/")
        ExpertiseAreaFactory(code="test-water", name_en="Water supply")
        html = client.get("/en/consultants/").content.decode()
        assert '<option value="test-water">Water supply</option>' in html

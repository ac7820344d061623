"""Cached drop-down choices (portal/choices.py): kept in the worker as well as
in Redis, but a change still shows on the next page."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.utils.translation import override

from consultants.filters import ConsultantListFilterSet
from consultants.models import Consultant, ExpertiseArea
from portal.choices import cached_choices
from tests.consultants.factories import ExpertiseAreaFactory


@contextmanager
def _version_commands():
    """The Redis commands (their names) that read or write a choices version
    meanwhile."""
    import redis.client

    commands = []
    execute = redis.client.Redis.execute_command

    def counting(self, *args, **options):
        if any("choices-version" in str(arg) for arg in args[1:]):
            commands.append(args[0])
        return execute(self, *args, **options)

    redis.client.Redis.execute_command = counting
    try:
        yield commands
    finally:
        redis.client.Redis.execute_command = execute


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

    def test_a_change_by_another_worker_shows_on_the_next_request(self, client):
        client.get("/en/consultants/")
        area = ExpertiseAreaFactory(code="test-roads", name_en="Roads")
        # another worker renames it: its bump reaches Redis, not this worker
        ExpertiseArea.objects.filter(pk=area.pk).update(name_en="Roads and bridges")
        cache.set(f"choices-version:{ExpertiseArea._meta.label_lower}", "other-worker")
        html = client.get("/en/consultants/").content.decode()
        assert '<option value="test-roads">Roads and bridges</option>' in html

    def test_one_round_trip_reads_the_versions_of_a_page(self, client):
        client.get("/en/consultants/")
        with _version_commands() as commands:
            # four drop-downs of three reference tables
            assert client.get("/en/consultants/").status_code == 200
        assert commands == ["MGET"]


@pytest.mark.django_db
class TestDeclaredQuerysets:
    def test_the_sql_digest_of_a_declared_queryset_is_kept(self):
        form = ConsultantListFilterSet({}, queryset=Consultant.objects.none()).form
        field = form.fields["region"]
        kept = field.queryset._choices_sql_digest
        cached_choices(field)
        # the next request's copies share it
        again = ConsultantListFilterSet({}, queryset=Consultant.objects.none()).form
        assert again.fields["region"].queryset._choices_sql_digest is kept
        digests = dict(kept.values)
        assert digests and all(len(d) == 24 for d in digests.values())
        # by what the caller adds: the rows of the same queryset are another key
        from portal.choices import _sql_digest

        rows = _sql_digest(field.queryset)
        assert rows not in digests.values() and kept.values[""] == rows
        assert _sql_digest(field.queryset, next(iter(digests))) in digests.values()

    def test_a_model_with_no_version_yet_is_asked_once_a_request(self, client):
        from django.core.cache import cache

        from municipalities.models import Place
        from portal.choices import _version_key

        # a search asks the versions of municipalities and villages too
        # (consultants.models.search._places_named); villages never changed
        page = "/en/consultants/?q=naryn"
        client.get(page)
        cache.delete(_version_key(Place))
        with _version_commands() as commands:
            assert client.get(page).status_code == 200
        assert commands == ["MGET"]

    def test_the_districts_of_a_chosen_region_are_their_own_choices(self):
        from municipalities.models import District

        north = District.objects.filter(region_id="KG-N").first()
        south = District.objects.exclude(region_id="KG-N").first()
        with override("en"):
            narrowed = ConsultantListFilterSet(
                {"region": "KG-N"}, queryset=Consultant.objects.none()
            ).form.fields["district"]
            every = ConsultantListFilterSet(
                {}, queryset=Consultant.objects.none()
            ).form.fields["district"]
            assert not hasattr(narrowed.queryset, "_choices_sql_digest")
            narrowed_ids = {value for value, _ in cached_choices(narrowed)}
            every_ids = {value for value, _ in cached_choices(every)}
        assert str(north.pk) in narrowed_ids and str(south.pk) not in narrowed_ids
        assert {str(north.pk), str(south.pk)} <= every_ids

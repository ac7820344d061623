"""The page cache (portal/pagecache.py): anonymous visitors' public pages are
shared from Redis, never a signed-in person's, and every change of public
data shows at once."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from consultants.models import ExpertiseArea, RatedWork
from consultants.services import rate_consultant
from portal import pagecache
from portal.stylesheet import COOKIE
from procurement.models import Tender
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.consultants.test_trust import _certify
from tests.municipalities.factories import MunicipalityFactory, StaffMembershipFactory
from tests.portal.test_redis_outage import private_redis  # noqa: F401 (fixture)
from tests.portal.test_stylesheet import style_nonce
from tests.portal.test_throttling import RATE, small_rates  # noqa: F401 (fixture)
from tests.procurement.factories import TenderFactory, published_tender
from trainings import services as trainings

pytestmark = pytest.mark.django_db

REGISTRY = "/ky/consultants/"


def state(response) -> str | None:
    return response.headers.get(pagecache.HEADER)


def visitor() -> Client:
    """An anonymous browser that has the stylesheet (pages link it)."""
    client = Client()
    client.get("/ky/municipalities/?first-visit")
    return client


class TestSharing:
    def test_the_second_anonymous_visit_is_a_hit_without_sql(
        self, django_assert_num_queries
    ):
        ConsultantFactory(name_ky="Биринчи борбор")
        first = visitor().get(REGISTRY)
        assert state(first) == "miss"
        with django_assert_num_queries(0):
            second = visitor().get(REGISTRY)
        assert state(second) == "hit"
        assert second.content == first.content
        assert "Биринчи борбор" in second.content.decode()
        for header in ("Content-Type", "Content-Language", "Cache-Control"):
            assert second.headers[header] == first.headers[header]
        assert second.headers["Cache-Control"] == "private, no-cache"

    @pytest.mark.parametrize(
        "path",
        [
            "/ky/",
            "/ky/tenders/",
            "/ky/tenders/feed/",
            "/ky/municipalities/",
            "/api/v1/consultants/",
            "/api/v1/tenders/",
        ],
    )
    def test_public_pages_and_api_lists_are_shared(self, path):
        published_tender()
        assert state(visitor().get(path)) == "miss"
        hit = visitor().get(path)
        assert hit.status_code == 200 and state(hit) == "hit"

    def test_details_are_shared(self):
        member = ConsultantFactory()
        tender = published_tender()
        for path in (
            f"/ky/consultants/{member.pk}/",
            f"/ky/tenders/{tender.pk}/",
            f"/ky/municipalities/{tender.municipality_id}/",
            f"/api/v1/consultants/{member.pk}/",
        ):
            assert state(visitor().get(path)) == "miss", path
            assert state(visitor().get(path)) == "hit", path

    def test_languages_query_strings_and_htmx_fragments_are_apart(self):
        ConsultantFactory(name_ky="Тоо борбору", name_ru="Горный центр")
        client = visitor()
        ky = client.get(REGISTRY)
        ru = client.get("/ru/consultants/")
        assert state(ru) == "miss" and "Горный центр" in ru.content.decode()
        assert ky.content != ru.content
        assert state(client.get(REGISTRY + "?q=Тоо")) == "miss"
        assert state(client.get(REGISTRY + "?q=Тоо&sort=name")) == "miss"
        # the same parameters in another order are the same page
        assert state(client.get(REGISTRY + "?sort=name&q=Тоо")) == "hit"
        fragment = client.get(REGISTRY, HTTP_HX_REQUEST="true")
        assert state(fragment) == "miss"
        assert b"<html" not in fragment.content
        api_ru = client.get("/api/v1/consultants/", HTTP_ACCEPT_LANGUAGE="ru")
        api_ky = client.get("/api/v1/consultants/", HTTP_ACCEPT_LANGUAGE="ky")
        assert state(api_ru) == state(api_ky) == "miss"

    def test_zero_seconds_turns_it_off(self, settings):
        settings.PAGE_CACHE_SECONDS = 0
        assert state(visitor().get(REGISTRY)) is None
        assert cache.get(pagecache.GENERATION_KEY) is None

    def test_bench_header_bypasses_only_under_bench(self, settings):
        visitor().get(REGISTRY)
        assert state(visitor().get(REGISTRY, HTTP_X_BENCH_NO_CACHE="1")) == "hit"
        settings.PORTAL_BENCH = True
        assert state(visitor().get(REGISTRY, HTTP_X_BENCH_NO_CACHE="1")) is None


class TestNeverShared:
    def test_signed_in_people_neither_get_nor_fill_it(self, academy_admin):
        member = ConsultantFactory(email="hidden-contact@ngo.kg")
        path = f"/ky/consultants/{member.pk}/"
        staff = Client()
        staff.force_login(StaffMembershipFactory().user)
        signed_in = staff.get(path)
        assert state(signed_in) is None
        assert "hidden-contact@ngo.kg" in signed_in.content.decode()
        anonymous = visitor().get(path)
        assert state(anonymous) == "miss"  # the staff page was not stored
        assert "hidden-contact@ngo.kg" not in anonymous.content.decode()
        assert state(visitor().get(path)) == "hit"
        again = staff.get(path)
        assert state(again) is None
        assert "hidden-contact@ngo.kg" in again.content.decode()
        assert "no-store" in again.headers["Cache-Control"]

    def test_the_api_never_shares_contacts(self):
        member = ConsultantFactory(email="api-contact@ngo.kg")
        staff = Client()
        staff.force_login(StaffMembershipFactory().user)
        for path in (f"/api/v1/consultants/{member.pk}/", "/api/v1/consultants/"):
            assert "api-contact@ngo.kg" in staff.get(path).content.decode()
            for _ in range(2):
                anonymous = visitor().get(path)
                assert "api-contact@ngo.kg" not in anonymous.content.decode()
            assert state(anonymous) == "hit"
            signed_in = staff.get(path)
            assert state(signed_in) is None
            assert "api-contact@ngo.kg" in signed_in.content.decode()

    def test_pages_with_messages_are_not_shared(self):
        request = RequestFactory().get("/")
        storage = CookieStorage(request)
        cookie = storage._encode([Message(constants.INFO, "Сабак: билдирүү")])
        visitor().get(REGISTRY)  # stored without the message
        client = visitor()
        client.cookies["messages"] = cookie
        response = client.get(REGISTRY)
        assert state(response) is None
        assert "Сабак: билдирүү" in response.content.decode()

    def test_a_page_with_a_csrf_token_is_not_shared(self, monkeypatch):
        monkeypatch.setattr(
            pagecache, "CACHEABLE", pagecache.CACHEABLE | {"account_login"}
        )
        pages = [visitor().get("/ky/accounts/login/") for _ in range(2)]
        assert [state(page) for page in pages] == ["skip", "skip"]
        tokens = {
            re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', p.content)[1]
            for p in pages
        }
        assert len(tokens) == 2

    def test_anonymous_public_pages_carry_no_csrf_token(self):
        response = visitor().get(REGISTRY)
        assert b"X-CSRFToken" not in response.content
        assert "csrftoken" not in response.cookies

    def test_errors_are_not_stored(self):
        for _ in range(2):
            response = visitor().get("/ky/consultants/999999/")
            assert response.status_code == 404 and state(response) == "skip"


class TestNonceAndStylesheet:
    def test_a_hit_carries_the_nonce_of_its_own_answer(self):
        first = Client().get(REGISTRY)  # no cookie: the stylesheet inline
        hit = Client().get(REGISTRY)
        assert state(first) == "miss" and state(hit) == "hit"
        nonces = []
        for response in (first, hit):
            inline = re.search(rb'<style nonce="([^"]+)">', response.content)
            assert inline[1].decode() == style_nonce(response)
            nonces.append(inline[1])
            assert COOKIE in response.cookies  # the browser learns it has it
        assert nonces[0] != nonces[1]
        assert pagecache.NONCE_MARKER not in hit.content

    def test_with_the_stylesheet_cookie_the_page_links_it(self):
        Client().get(REGISTRY)  # the inline variant is stored
        linked = visitor().get(REGISTRY)
        assert state(linked) == "miss"
        assert b'<link rel="stylesheet"' in linked.content
        assert b"<style" not in linked.content
        assert COOKIE not in linked.cookies


class TestInvalidation:
    def test_a_profile_edit_through_the_page_shows_at_once(self):
        member = ConsultantFactory(user=ConsultantUserFactory(), name_ky="Эски ат")
        path = f"/ky/consultants/{member.pk}/"
        visitor().get(path)
        visitor().get(REGISTRY)
        assert state(visitor().get(path)) == "hit"
        owner = Client()
        owner.force_login(member.user)
        data = {
            "kind": member.kind,
            "legal_form": member.legal_form,
            "name_ky": "Жаңы ат",
            "home_region": member.home_region_id,
            "expertise_areas": [ExpertiseArea.objects.get(code="tariffs").pk],
            "languages": ["ky"],
            "email": member.email,
            "phone": "+996555123456",
        }
        saved = owner.post(f"/ky/consultants/{member.pk}/edit/", data)
        assert saved.status_code == 302, saved.context["form"].errors
        for page in (path, REGISTRY):
            response = visitor().get(page)
            assert state(response) == "miss"
            assert "Жаңы ат" in response.content.decode()

    def test_a_published_tender_shows_at_once(self):
        membership = StaffMembershipFactory()
        tender = TenderFactory(
            municipality=membership.municipality, title_ky="Суу тарифи"
        )
        visitor().get("/ky/tenders/")
        assert "Суу тарифи" not in visitor().get("/ky/tenders/").content.decode()
        staff = Client()
        staff.force_login(membership.user)
        assert staff.post(f"/ky/tenders/{tender.pk}/publish/").status_code == 302
        assert Tender.objects.get(pk=tender.pk).published_at is not None
        assert "Суу тарифи" in visitor().get("/ky/tenders/").content.decode()

    def test_a_revoked_certificate_shows_at_once(self, academy_admin):
        member = ConsultantFactory(user=ConsultantUserFactory())
        certificate = _certify(member, academy_admin)
        path = f"/en/consultants/{member.pk}/"
        before = visitor().get(path).content
        assert visitor().get(path).content == before
        trainings.certificate_revoke(
            certificate=certificate, reason="Fraud", by=academy_admin
        )
        after = visitor().get(path)
        assert state(after) == "miss" and after.content != before

    def test_a_rating_shows_at_once(self):
        member = ConsultantFactory()
        path = f"/ky/consultants/{member.pk}/"
        visitor().get(path)
        assert state(visitor().get(path)) == "hit"
        rate_consultant(
            consultant=member,
            municipality=MunicipalityFactory(),
            work=RatedWork.CONSULTATION,
            work_id=4242,
            rating=4,
            comment="Так жана өз убагында",
        )
        response = visitor().get(path)
        assert "Так жана өз убагында" in response.content.decode()

    def test_the_generation_changes_again_when_the_change_commits(
        self, django_capture_on_commit_callbacks
    ):
        visitor().get(REGISTRY)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            ConsultantFactory(name_ky="Кечиккен борбор")
            ConsultantFactory()  # one more change: still one callback
            during = cache.get(pagecache.GENERATION_KEY)
            # a page rendered now is stored under `during`
            visitor().get(REGISTRY)
        assert len(callbacks) == 1
        assert cache.get(pagecache.GENERATION_KEY) != during
        assert state(visitor().get(REGISTRY)) == "miss"


class TestFaults:
    def test_pages_are_served_with_redis_stopped(self, private_redis):  # noqa: F811
        ConsultantFactory(name_ky="Токтоо борбору")
        visitor().get(REGISTRY)
        private_redis.stop()
        for _ in range(2):
            response = visitor().get(REGISTRY)
            assert response.status_code == 200
            assert "Токтоо борбору" in response.content.decode()
            # nothing served from (or stored in) the stopped Redis
            assert state(response) != "hit"

    def test_the_api_throttle_still_answers_429(self, small_rates):  # noqa: F811
        client = Client()
        codes = [client.get("/api/v1/tenders/") for _ in range(RATE + 1)]
        assert [c.status_code for c in codes] == [200] * RATE + [429]
        assert [state(c) for c in codes[:RATE]] == ["miss", "hit", "hit"]


class TestClock:
    def test_a_tender_page_is_not_shared_past_its_next_deadline(self):
        tender = published_tender()
        path = f"/ky/tenders/{tender.pk}/"
        assert state(visitor().get(path)) == "miss"
        # its questions close in half a second: nothing to share that long
        # (the clock held still: a slow machine must not let the moment pass)
        now = timezone.now()
        soon = now + timedelta(milliseconds=500)
        Tender.objects.filter(pk=tender.pk).update(questions_deadline=soon)
        pagecache.changed()  # the UPDATE above sends no signal
        with time_machine.travel(now, tick=False):
            assert [state(visitor().get(path)) for _ in range(2)] == ["skip", "skip"]

    def test_the_next_clock_change_of_a_tender(self):
        tender = published_tender()
        now = timezone.now()
        assert tender.next_clock_change(now) == tender.questions_deadline
        assert tender.next_clock_change(tender.submission_deadline) == (
            tender.opening_at
        )
        assert tender.next_clock_change(tender.opening_at) is None


def test_following_a_tender_keeps_the_stored_pages(client_for):
    tender = published_tender()
    staff = client_for(StaffMembershipFactory().user)
    visitor().get("/ky/tenders/")
    assert staff.post(f"/ky/tenders/{tender.pk}/follow/").status_code == 302
    assert tender.follows.exists()
    assert state(visitor().get("/ky/tenders/")) == "hit"

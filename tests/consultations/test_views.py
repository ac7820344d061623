"""The request pages from the outside, for every role: who reads which
request (404 for the others), who acts, what bad input gets, and query counts
that do not grow with the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.models import ConsultantRating
from consultations import services
from consultations.models import ConsultationRequest, MunicipalityRating
from procurement.models import Tender
from tests.accounts.factories import (
    AcademyAdminFactory,
    CoordinatorFactory,
    ReviewBodyFactory,
)
from tests.consultations.factories import member, offer, send, staff, tariffs
from tests.municipalities.factories import (
    MunicipalityFactory,
    PendingStaffFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A Naryn municipality's request sent to two members (one of them has
    offered), and everyone else who might look."""
    asker = staff()
    one, two = member(), member()
    request_ = send(asker, [one, two])
    offer(request_, one, price="40000")
    naryn = CoordinatorFactory()
    naryn.coordinated_regions.add(region("KG-N"))
    chuy = CoordinatorFactory()
    chuy.coordinated_regions.add(region("KG-C"))
    return {
        "request": request_,
        "asker": asker,
        "colleague": staff(municipality=asker.staff_membership.municipality),
        "one": one,
        "two": two,
        "outsider_member": member(),
        "other_staff": staff(municipality=MunicipalityFactory()),
        "pending": PendingStaffFactory(
            municipality=asker.staff_membership.municipality
        ).user,
        "academy": AcademyAdminFactory(),
        "coordinator": naryn,
        "other_coordinator": chuy,
        "reviewer": ReviewBodyFactory(),
    }


def _user(world, who):
    found = world[who]
    return getattr(found, "user", found)


READERS = ["asker", "colleague", "one", "two", "academy", "coordinator"]
KEPT_OUT = ["outsider_member", "other_staff", "other_coordinator"]


class TestReading:
    @pytest.mark.parametrize("who", READERS)
    def test_those_concerned_read_it(self, world, client_for, who):
        page = client_for(_user(world, who)).get(world["request"].get_absolute_url())
        assert page.status_code == 200
        assert world["request"].topic in page.content.decode()

    @pytest.mark.parametrize("who", KEPT_OUT)
    def test_others_get_404(self, world, client_for, who):
        client = client_for(_user(world, who))
        assert client.get(world["request"].get_absolute_url()).status_code == 404
        listing = client.get("/ky/consultations/").content.decode()
        assert world["request"].topic not in listing

    @pytest.mark.parametrize("who", ["pending", "reviewer"])
    def test_pending_staff_and_other_roles_are_refused(self, world, client_for, who):
        client = client_for(_user(world, who))
        assert client.get("/ky/consultations/").status_code == 403
        assert client.get("/ky/consultations/new/").status_code == 403
        assert client.get(world["request"].get_absolute_url()).status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, world, client):
        for path in ("/ky/consultations/", world["request"].get_absolute_url()):
            answer = client.get(path)
            assert answer.status_code == 302
            assert "/accounts/login/" in answer["Location"]
        assert client.get("/api/v1/consultations/").status_code in (401, 403)

    def test_members_see_only_their_own_answer(self, world, client_for):
        page = client_for(world["two"].user).get(world["request"].get_absolute_url())
        own = page.content.decode()
        assert 'id="my-answer"' in own
        assert "Эки жумада эсептеп берем." not in own  # the other's offer
        assert 'id="answers"' not in page.content.decode()
        staff_page = client_for(world["asker"]).get(world["request"].get_absolute_url())
        assert 'id="answers"' in staff_page.content.decode()
        assert world["one"].name in staff_page.content.decode()

    def test_the_api_follows_the_same_rule(self, world, client_for):
        url = "/api/v1/consultations/"
        mine = client_for(world["two"].user).get(url).json()
        (found,) = mine.get("results", mine)
        assert [a["consultant"] for a in found["answers"]] == [world["two"].pk]
        staff_view = client_for(world["asker"]).get(url).json()
        rows = staff_view.get("results", staff_view)
        assert len(rows[0]["answers"]) == 2
        for who in KEPT_OUT:
            got = client_for(_user(world, who)).get(url).json()
            assert (got.get("results", got)) == []
        detail = f"{url}{world['request'].pk}/"
        assert client_for(world["other_staff"]).get(detail).status_code == 404


class TestActing:
    def test_staff_create_a_request_from_the_page(self, client_for):
        asker = staff()
        one = member(name_ky="Нарын тариф борбору")
        client = client_for(asker)
        page = client.get("/ky/consultations/new/?q=тариф")
        assert "Нарын тариф борбору" in page.content.decode()
        answer = client.post(
            "/ky/consultations/new/",
            {
                "audience": "chosen",
                "members": [one.pk],
                "topic": "Таштанды тарифи",
                "expertise_area": tariffs().pk,
                "description": "Тарифти эсептөө",
                "timeframe": "эки жума",
                "budget": "90000",
            },
        )
        made = ConsultationRequest.objects.get()
        assert answer.status_code == 302 and answer["Location"].endswith(
            made.get_absolute_url()
        )
        assert made.recipients.get().consultant == one

    def test_bad_input_gets_messages_in_the_language_and_changes_nothing(
        self, client_for
    ):
        client = client_for(staff())
        page = client.post(
            "/ru/consultations/new/",
            {"audience": "chosen", "topic": "", "budget": "-3"},
        )
        assert page.status_code == 200
        text = page.content.decode()
        assert "error-summary" in text
        assert "Обязательное поле" in text
        assert not ConsultationRequest.objects.exists()

    @pytest.mark.parametrize(
        "who", ["two", "outsider_member", "other_staff", "colleague"]
    )
    def test_only_the_municipality_chooses(self, world, client_for, who):
        chosen = world["request"].recipients.get(consultant=world["one"])
        client_for(_user(world, who)).post(
            f"/ky/consultations/{world['request'].pk}/agree/",
            {"recipient": chosen.pk},
        )
        world["request"].refresh_from_db()
        expected = "agreed" if who == "colleague" else "open"
        assert world["request"].status == expected

    def test_a_member_answers_and_others_cannot(self, world, client_for):
        url = f"/ky/consultations/{world['request'].pk}/answer/"
        data = {"reply": "declined", "reason": "Бош эмесмин"}
        assert (
            client_for(world["outsider_member"].user).post(url, data).status_code == 404
        )
        client_for(world["two"].user).post(url, data)
        assert world["request"].recipients.get(consultant=world["two"]).reply == (
            "declined"
        )
        bad = client_for(world["one"].user).post(url, {"reply": "interested"})
        assert bad.status_code == 400
        assert world["request"].recipients.get(consultant=world["one"]).offer

    def test_closing_asks_for_confirmation_first(self, world, client_for):
        client = client_for(world["asker"])
        url = f"/ky/consultations/{world['request'].pk}/cancel/"
        page = client.post(url, {"reason": "Акча жок"})
        assert page.status_code == 200 and 'name="confirmed"' in page.content.decode()
        world["request"].refresh_from_db()
        assert world["request"].status == "open"
        assert (
            client_for(world["one"].user)
            .post(url, {"reason": "x", "confirmed": "1"})
            .status_code
            == 403
        )
        client.post(url, {"reason": "Акча жок", "confirmed": "1"})
        world["request"].refresh_from_db()
        assert world["request"].status == "cancelled"

    def test_the_whole_life_through_the_pages(self, world, client_for, settings):
        settings.CONSULTATIONS_DIRECT_CONTRACT_LIMIT = 30000
        request_, asker, one = world["request"], world["asker"], world["one"]
        staff_client, member_client = client_for(asker), client_for(one.user)
        chosen = request_.recipients.get(consultant=one)
        staff_client.post(
            f"/ky/consultations/{request_.pk}/agree/", {"recipient": chosen.pk}
        )
        page = staff_client.get(request_.get_absolute_url()).content.decode()
        assert 'id="tender-reminder"' in page
        made = staff_client.post(f"/ky/consultations/{request_.pk}/tender/")
        tender = Tender.objects.get()
        assert made["Location"].endswith(f"/tenders/{tender.pk}/edit/")
        staff_client.post(
            f"/ky/consultations/{request_.pk}/complete/",
            {"rating": "5", "comment": "Мыкты"},
        )
        assert ConsultantRating.objects.get(work_id=request_.pk).rating == 5
        # a member not chosen cannot rate; the chosen one rates once
        client_for(world["two"].user).post(
            f"/ky/consultations/{request_.pk}/rate/",
            {"overall": "1", "clarity": "1", "payment": "1"},
        )
        assert not MunicipalityRating.objects.exists()
        member_client.post(
            f"/ky/consultations/{request_.pk}/rate/",
            {"overall": "4", "clarity": "5", "payment": "3", "comment": "Так"},
        )
        rating = MunicipalityRating.objects.get()
        municipality_page = staff_client.get(
            request_.municipality.get_absolute_url()
        ).content.decode()
        assert 'id="municipality-ratings"' in municipality_page
        assert "Так" in municipality_page
        assert (
            client_for(world["other_staff"])
            .post(f"/ky/consultations/ratings/{rating.pk}/answer/", {"text": "x"})
            .status_code
            == 403
        )
        staff_client.post(
            f"/ky/consultations/ratings/{rating.pk}/answer/", {"text": "Рахмат"}
        )
        rating.refresh_from_db()
        assert rating.answer == "Рахмат"


class TestQueryCounts:
    def _count(self, client, path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    @pytest.mark.parametrize("who", ["staff", "member"])
    def test_the_list_does_not_grow_with_its_rows(self, client_for, who):
        asker = staff()
        one = member()
        send(asker, [one, member()])
        client = client_for(asker if who == "staff" else one.user)
        few = self._count(client, "/ky/consultations/")
        for _ in range(6):
            send(asker, [one, member()])
        assert self._count(client, "/ky/consultations/") == few
        assert self._count(client, "/ky/consultations/?status=open") == few

    def test_the_answers_do_not_grow_with_their_number(self, client_for):
        asker = staff()
        request_ = send(asker, [member() for _ in range(2)])
        client = client_for(asker)
        few = self._count(client, request_.get_absolute_url())
        big = send(asker, [member() for _ in range(8)])
        for row in big.recipients.all()[:5]:
            offer(big, row.consultant)
        assert self._count(client, big.get_absolute_url()) == few

    def test_the_municipality_page_ratings_do_not_grow(self, client_for):
        asker = staff()
        municipality = asker.staff_membership.municipality

        def rated():
            one = member()
            request_ = send(asker, [one])
            chosen = offer(request_, one)
            services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)
            services.request_complete(request=request_, by=asker, rating=5)
            services.municipality_rate(
                request=request_, by=one.user, overall=5, clarity=4, payment=3
            )

        rated()
        client = client_for(asker)
        few = self._count(client, municipality.get_absolute_url())
        for _ in range(4):
            rated()
        assert self._count(client, municipality.get_absolute_url()) == few


def test_the_profile_shows_the_consultation_ratings_to_everyone(client):
    asker = staff()
    one = member()
    request_ = send(asker, [one])
    chosen = offer(request_, one)
    services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)
    assert 'id="ratings"' not in client.get(one.get_absolute_url()).content.decode()
    services.request_complete(request=request_, by=asker, rating=4, comment="Жакшы")
    page = client.get(one.get_absolute_url()).content.decode()
    assert 'id="ratings"' in page
    assert "4/5" in page and "Жакшы" in page

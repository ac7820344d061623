"""Trust signals for every visitor (profile and registry list), what stays
private, the member's one answer to a rating, the default status filter, the
trust sorts and the "certified for" filter (index-backed), availability."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from consultants.filters import ConsultantListFilterSet
from consultants.models import (
    Availability,
    Consultant,
    ConsultantRating,
    ExpertiseArea,
    NetworkStatus,
    RatedWork,
)
from consultants.services import answer_rating, rate_consultant
from tests.accounts.factories import ConsultantUserFactory
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import MunicipalityFactory
from tests.trainings.factories import (
    EndedTrainingFactory,
    ParticipantFactory,
    ProgrammeFactory,
    attend,
)
from trainings import services as trainings

pytestmark = pytest.mark.django_db

LIST = "/ky/consultants/"
API = "/api/v1/consultants/"
SECRET_REASON = "Муниципалитеттин жашыруун даттануусу"


def _rate(consultant, rating, comment="", work=RatedWork.CONSULTATION):
    _rate.n = getattr(_rate, "n", 1000) + 1
    return rate_consultant(
        consultant=consultant,
        municipality=MunicipalityFactory(),
        work=work,
        work_id=_rate.n,
        rating=rating,
        comment=comment,
    )


def _certify(consultant, academy_admin, areas=("tariffs",)):
    training = EndedTrainingFactory()
    training.expertise_areas.set(ExpertiseArea.objects.filter(code__in=areas))
    attend(ParticipantFactory(training=training, consultant=consultant))
    return trainings.certificate_issue(
        consultant=consultant,
        programme=ProgrammeFactory(required_trainings=[training]),
        by=academy_admin,
    )


@pytest.fixture
def trusted(academy_admin):
    """A certified member (tariffs) with two ratings, one answered; member
    for three years; busy until a date."""
    member = ConsultantFactory(
        user=ConsultantUserFactory(),
        name_ky="Ишенимдүү борбор",
        email="trusted@ngo.kg",
        availability=Availability.BUSY,
        busy_until=timezone.localdate() + timedelta(30),
    )
    certificate = _certify(member, academy_admin)
    answered = _rate(member, 5, "Тарифти так эсептеп берди", RatedWork.CONTRACT)
    answer_rating(rating=answered, by=member.user, text="Рахмат, кайра иштешели")
    _rate(member, 4, "Мөөнөттөн бир аз кечикти")
    Consultant.objects.filter(pk=member.pk).update(
        member_since=timezone.localdate().replace(year=timezone.localdate().year - 3)
    )
    member.refresh_from_db()
    member.certificate = certificate
    return member


@pytest.fixture
def suspended(academy_admin):
    member = ConsultantFactory(name_ky="Токтотулган борбор")
    certificate = _certify(member, academy_admin)
    trainings.certificate_suspend(
        certificate=certificate, reason=SECRET_REASON, by=academy_admin
    )
    member.refresh_from_db()
    assert member.status == NetworkStatus.SUSPENDED
    return member


ROLES = ["anonymous", "municipal_staff", "coordinator", "academy_admin", "member"]


def _user(request, role, member):
    if role == "anonymous":
        return None
    if role == "member":
        return member.user
    return request.getfixturevalue(role)


class TestProfileForEveryone:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_visitor_sees_why_to_trust_the_member(
        self, request, client_for, trusted, role
    ):
        with translation.override("en"):
            body = (
                client_for(_user(request, role, trusted))
                .get(f"/en/consultants/{trusted.pk}/")
                .content.decode()
            )
            verify = trusted.certificate.get_verification_url()
        assert 'id="trust"' in body
        assert "Provisional member" in body or "Certified" in body
        assert 'class="trainings-completed">1<' in body
        assert 'class="active-certificates">1<' in body
        assert 'class="completed-contracts">1<' in body
        assert "★ 4.5 of 5 from 2 ratings" in body
        assert "(3 years)" in body
        assert "Tariff calculation" in body  # certified for, in the reader's language
        assert verify in body
        assert "busy until" in body
        # each rating with its comment and the member's answer
        assert "Тарифти так эсептеп берди" in body
        assert "Мөөнөттөн бир аз кечикти" in body
        assert "Рахмат, кайра иштешели" in body
        # the answer form: the member only, under the rating not answered yet
        assert (body.count('class="rating-answer-form"') == 1) is (role == "member")

    @pytest.mark.parametrize("role", ROLES)
    def test_private_stays_private(self, request, client_for, trusted, role):
        user = _user(request, role, trusted)
        body = client_for(user).get(f"/en/consultants/{trusted.pk}/").content.decode()
        assert ("trusted@ngo.kg" in body) is (role != "anonymous")
        # attendance detail: the member, the academy, the region's coordinator
        assert ('id="training-history"' in body) is (
            role in ("member", "academy_admin", "coordinator")
        )
        assert ("Days attended" in body) is (
            role in ("member", "academy_admin", "coordinator")
        )

    @pytest.mark.parametrize("role", ["anonymous", "municipal_staff", "member"])
    def test_the_public_sees_a_suspension_not_its_reason(
        self, request, client_for, trusted, suspended, role
    ):
        user = _user(request, role, trusted)
        body = client_for(user).get(f"/en/consultants/{suspended.pk}/").content.decode()
        assert 'status-suspended">suspended<' in body
        assert SECRET_REASON not in body
        assert "No certificate in force." in body

    def test_the_academy_sees_the_reason_in_the_history(
        self, client_for, suspended, academy_admin
    ):
        body = (
            client_for(academy_admin)
            .get(f"/en/consultants/{suspended.pk}/")
            .content.decode()
        )
        assert SECRET_REASON in body


class TestAnswer:
    def _unanswered(self, member):
        return ConsultantRating.objects.get(consultant=member, answered_at=None)

    def test_the_member_answers_once(self, client_for, trusted):
        rating = self._unanswered(trusted)
        url = f"/ky/consultants/ratings/{rating.pk}/answer/"
        client = client_for(trusted.user)
        response = client.post(url, {"text": "Кечиккенибиз үчүн кечирим сурайбыз"})
        assert response.status_code == 302
        rating.refresh_from_db()
        assert rating.answer == "Кечиккенибиз үчүн кечирим сурайбыз"
        assert rating.answered_by == trusted.user
        body = client.get(response["Location"]).content.decode()
        assert "Кечиккенибиз үчүн кечирим сурайбыз" in body
        assert 'class="rating-answer-form"' not in body
        # a second answer is refused, in the user's language, and changes nothing
        response = client.post(url, {"text": "Экинчи жооп"}, follow=True)
        with translation.override("ky"):
            from django.utils.translation import gettext

            refusal = gettext("This rating has already been answered.")
        assert refusal != "This rating has already been answered."
        assert refusal in response.content.decode()
        rating.refresh_from_db()
        assert rating.answer == "Кечиккенибиз үчүн кечирим сурайбыз"

    def test_an_empty_answer_is_refused_in_the_users_language(
        self, client_for, trusted
    ):
        rating = self._unanswered(trusted)
        response = client_for(trusted.user).post(
            f"/ru/consultants/ratings/{rating.pk}/answer/", {"text": "  "}, follow=True
        )
        with translation.override("ru"):
            from django.utils.translation import gettext

            refusal = gettext("Write the answer.")
        assert refusal != "Write the answer."
        assert refusal in response.content.decode()
        rating.refresh_from_db()
        assert not rating.is_answered

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("other_consultant", 403),
            ("municipal_staff", 403),
            ("academy_admin", 403),
            ("coordinator", 403),
        ],
    )
    def test_nobody_else_answers(self, request, client_for, trusted, role, status):
        if role == "other_consultant":
            user = ConsultantFactory(user=ConsultantUserFactory()).user
        else:
            user = request.getfixturevalue(role)
        rating = self._unanswered(trusted)
        response = client_for(user).post(
            f"/ky/consultants/ratings/{rating.pk}/answer/", {"text": "Жооп"}
        )
        assert response.status_code == status
        rating.refresh_from_db()
        assert not rating.is_answered

    def test_anonymous_is_sent_to_sign_in_and_unknown_ratings_are_404(
        self, client_for, trusted
    ):
        rating = self._unanswered(trusted)
        response = client_for(None).post(
            f"/ky/consultants/ratings/{rating.pk}/answer/", {"text": "Жооп"}
        )
        assert response.status_code == 302 and "login" in response["Location"]
        response = client_for(trusted.user).post(
            "/ky/consultants/ratings/999999/answer/", {"text": "Жооп"}
        )
        assert response.status_code == 404
        assert (
            client_for(trusted.user)
            .get(f"/ky/consultants/ratings/{rating.pk}/answer/")
            .status_code
            == 405
        )


class TestListBadges:
    def test_anonymous_sees_the_badges(self, client, trusted):
        body = client.get("/en/consultants/", {"q": "Ишенимдүү"}).content.decode()
        assert "★ 4.5 (2)" in body
        assert "1 contract" in body
        assert "1 training" in body
        assert "certified: Tariff calculation" in body
        assert "busy until" in body
        assert "trusted@ngo.kg" not in body

    def test_the_api_gives_the_trust_figures_to_anyone(self, client, trusted):
        data = client.get(API, {"q": "Ишенимдүү"}).json()
        rows = data["results"] if isinstance(data, dict) else data
        (row,) = rows
        assert row["rating_average"] == "4.50" and row["rating_count"] == 2
        assert row["completed_contracts"] == 1
        assert row["trainings_completed"] == row["active_certificates"] == 1
        assert row["certified_areas"] == ["tariffs"]
        assert row["availability"] == "busy" and row["busy_until"]
        assert row["member_since"] == trusted.member_since.isoformat()
        assert row["contacts"] is None

    def test_queries_do_not_grow_with_the_page(self, client, academy_admin):
        for n in range(12):
            member = ConsultantFactory(name_ky=f"Бет {n:02d}")
            _certify(member, academy_admin, areas=("tariffs", "procurement"))
            _rate(member, 1 + n % 5)

        def count(size):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(LIST, {"q": "Бет", "page_size": size})
            assert len(response.context["consultants"]) == size
            return len(queries)

        count(10)  # fills the cached filter drop-downs (portal/choices.py)
        small = count(10)
        # 10 then all 12 on one page of 20
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"q": "Бет", "page_size": 20})
        assert len(response.context["consultants"]) == 12
        assert len(queries) == small


class TestDefaultStatusFilter:
    @pytest.fixture
    def everyone(self):
        names = {}
        for status in (
            NetworkStatus.PROVISIONAL,
            NetworkStatus.CERTIFIED,
            NetworkStatus.SUSPENDED,
            NetworkStatus.WITHDRAWN,
        ):
            names[status] = ConsultantFactory(
                name_ky=f"Статус {status}", status=status
            ).pk
        return names

    def _shown(self, client, **params):
        response = client.get(LIST, {"q": "Статус", **params})
        return {c.pk for c in response.context["consultants"]}

    def _api(self, client, **params):
        response = client.get(API, {"q": "Статус", **params})
        assert response.status_code == 200
        data = response.json()
        rows = data["results"] if isinstance(data, dict) else data
        return {row["id"] for row in rows}

    def test_active_members_by_default(self, client, everyone):
        active = {everyone["provisional"], everyone["certified"]}
        assert self._shown(client) == active
        assert self._api(client) == active
        # unbound (no query at all): the same default
        page = client.get(LIST).context["consultants"]
        assert {c.status for c in page} <= {"provisional", "certified"}

    @pytest.mark.parametrize("status", ["suspended", "withdrawn"])
    def test_suspended_and_withdrawn_when_asked(self, client, everyone, status):
        assert self._shown(client, status=status) == {everyone[status]}
        assert self._api(client, status=status) == {everyone[status]}

    def test_any_status_shows_everyone(self, client, everyone):
        assert self._shown(client, status="any") == set(everyone.values())
        assert self._api(client, status="any") == set(everyone.values())

    def test_the_schema_documents_the_default(self, client):
        schema = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en").content
        schema = schema.decode()
        assert "active members only (provisional and certified)" in schema
        assert "- any" in schema


class TestSorts:
    @pytest.fixture
    def ranked(self):
        today = timezone.localdate()
        rows = {
            "best": ConsultantFactory(name_ky="Сорт А", member_since=date(2022, 5, 29)),
            "busy": ConsultantFactory(name_ky="Сорт Б", member_since=date(2024, 1, 1)),
            "new": ConsultantFactory(name_ky="Сорт В", member_since=today),
            "none": ConsultantFactory(name_ky="Сорт Г", member_since=None),
        }
        _rate(rows["best"], 5, work=RatedWork.CONTRACT)
        _rate(rows["best"], 5)
        for _n in range(3):
            _rate(rows["busy"], 4, work=RatedWork.CONTRACT)
        _rate(rows["new"], 5)
        return rows

    @pytest.mark.parametrize(
        ("sort", "order"),
        [
            ("rating", ["best", "new", "busy", "none"]),
            ("contracts", ["busy", "best", "new", "none"]),
            ("newest", ["new", "busy", "best", "none"]),
            ("name", ["best", "busy", "new", "none"]),
        ],
    )
    def test_each_sort(self, client, ranked, sort, order):
        expected = [ranked[key].pk for key in order]
        response = client.get(LIST, {"q": "Сорт", "ordering": sort})
        assert [c.pk for c in response.context["consultants"]] == expected
        data = client.get(API, {"q": "Сорт", "ordering": sort}).json()
        rows = data["results"] if isinstance(data, dict) else data
        assert [row["id"] for row in rows] == expected

    @pytest.mark.parametrize(
        ("sort", "index"),
        [
            ("rating", "consultant_rating_sort"),
            ("contracts", "consultant_contracts_sort"),
            ("newest", "consultant_newest_sort"),
        ],
    )
    def test_each_trust_sort_uses_its_index(self, sort, index):
        filterset = ConsultantListFilterSet(
            {"ordering": sort}, queryset=Consultant.objects.public()
        )
        assert filterset.is_valid(), filterset.errors
        sql, params = filterset.qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan, plan


class TestCertifiedFilter:
    def test_only_members_certified_for_the_area(self, client, academy_admin):
        certified = ConsultantFactory(name_ky="Серт тариф")
        _certify(certified, academy_admin, areas=("tariffs",))
        other_area = ConsultantFactory(name_ky="Серт сатып алуу")
        _certify(other_area, academy_admin, areas=("procurement",))
        ConsultantFactory(
            name_ky="Серт жок",
            expertise_areas=[ExpertiseArea.objects.get(code="tariffs")],
        )
        response = client.get(LIST, {"q": "Серт", "certified": "tariffs"})
        assert [c.pk for c in response.context["consultants"]] == [certified.pk]
        data = client.get(API, {"q": "Серт", "certified": "tariffs"}).json()
        rows = data["results"] if isinstance(data, dict) else data
        assert [row["id"] for row in rows] == [certified.pk]

    def test_uses_the_gin_index(self):
        sql, params = Consultant.objects.certified_for(
            "tariffs"
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "consultant_certified_gin" in plan, plan


class TestAvailability:
    def _data(self, member, **changes):
        return {
            "kind": member.kind,
            "legal_form": member.legal_form,
            "name_ky": member.name_ky,
            "home_region": member.home_region_id,
            "expertise_areas": [ExpertiseArea.objects.get(code="tariffs").pk],
            "languages": ["ky"],
            "email": member.email,
            "phone": "+996555123456",
            **changes,
        }

    def test_busy_needs_a_date_in_the_users_language(self, client_for, consultant):
        response = client_for(consultant.user).post(
            f"/ky/consultants/{consultant.pk}/edit/",
            self._data(consultant, availability="busy"),
        )
        assert response.status_code == 200
        with translation.override("ky"):
            from django.utils.translation import gettext

            message = gettext("Give the date until which you are busy.")
        assert message != "Give the date until which you are busy."
        assert response.context["form"].errors["busy_until"] == [message]
        consultant.refresh_from_db()
        assert consultant.availability == Availability.AVAILABLE

    def test_busy_until_a_date_is_shown_on_the_profile_and_in_the_list(
        self, client_for, consultant
    ):
        until = timezone.localdate() + timedelta(20)
        response = client_for(consultant.user).post(
            f"/en/consultants/{consultant.pk}/edit/",
            self._data(consultant, availability="busy", busy_until=until.isoformat()),
        )
        assert response.status_code == 302, response.context["form"].errors
        consultant.refresh_from_db()
        assert (consultant.availability, consultant.busy_until) == ("busy", until)
        profile = client_for(None).get(f"/en/consultants/{consultant.pk}/")
        assert "busy until" in profile.content.decode()
        listed = client_for(None).get("/en/consultants/", {"q": consultant.name_ky})
        assert "busy until" in listed.content.decode()

    def test_not_taking_work_drops_the_date(self, client_for, consultant):
        response = client_for(consultant.user).post(
            f"/en/consultants/{consultant.pk}/edit/",
            self._data(consultant, availability="not_taking", busy_until="2030-01-01"),
        )
        assert response.status_code == 302, response.context["form"].errors
        consultant.refresh_from_db()
        assert (consultant.availability, consultant.busy_until) == ("not_taking", None)
        body = client_for(None).get(f"/en/consultants/{consultant.pk}/")
        assert "not taking work" in body.content.decode()

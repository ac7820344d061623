import pytest
from django.urls import reverse

from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from municipalities.models import District
from tests.consultants.factories import ApplicantFactory, ConsultantFactory
from tests.municipalities.factories import region

LIST = "/ky/consultants/"


@pytest.mark.django_db
class TestRegistryList:
    def test_shows_the_first_members_with_count(self, client):
        response = client.get(LIST)
        assert response.status_code == 200
        assert response.context["paginator"].count == 23
        assert "Акмоюн намыс" in response.content.decode()

    def test_applicants_and_declined_stay_out(self, client):
        applicant = ApplicantFactory(name_ky="Жашыруун талапкер")
        response = client.get(LIST, {"q": "Жашыруун"})
        assert response.context["paginator"].count == 0
        assert client.get(applicant.get_absolute_url()).status_code == 404

    def test_filters_by_region_including_regions_served(self, client):
        served = ConsultantFactory(
            home_region=region("KG-C"), regions_served=[region("KG-T")]
        )
        response = client.get(LIST, {"region": "KG-T"})
        assert list(response.context["consultants"]) == [served]
        response = client.get(LIST, {"region": "KG-N"})
        assert response.context["paginator"].count == 5

    def test_filters_by_expertise_kind_language_status_and_district(self, client):
        tariffs = ExpertiseArea.objects.get(code="tariffs")
        district = District.objects.get(name_en="Kochkor District")
        target = ConsultantFactory(
            kind="individual",
            legal_form="",
            languages=["ky", "uz"],
            expertise_areas=[tariffs],
        )
        target.districts_served.add(district)
        ConsultantFactory(
            kind="organization", languages=["uz"], expertise_areas=[tariffs]
        )
        response = client.get(
            LIST,
            {
                "expertise": "tariffs",
                "kind": "individual",
                "language": "uz",
                "status": "provisional",
                "district": district.pk,
            },
        )
        assert list(response.context["consultants"]) == [target]

    def test_unknown_filter_value_is_an_error_not_a_crash(self, client):
        response = client.get(LIST, {"region": "KG-ZZ"})
        assert response.status_code == 200
        assert response.context["filter"].errors

    def test_search_is_case_insensitive_for_kyrgyz(self, client):
        response = client.get(LIST, {"q": "НАРЫН ЖАШТАР"})
        names = [c.name_ky for c in response.context["consultants"]]
        assert names == ["Нарын жаштар ордосу"]

    def test_sorting_and_pagination_keep_filters(self, client):
        response = client.get(
            LIST, {"page_size": 10, "ordering": "-name", "region": "KG-J"}
        )
        names = [c.name_ky for c in response.context["consultants"]]
        assert names == sorted(names, reverse=True)
        assert response.context["paginator"].count == 8
        page2 = client.get(LIST, {"page_size": 10, "page": 1, "region": "KG-J"})
        assert len(page2.context["consultants"]) == 8

    def test_htmx_request_gets_only_the_results(self, client):
        response = client.get(LIST, {"region": "KG-Y"}, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert "<html" not in body
        assert 'data-count="3"' in body

    @pytest.mark.parametrize("page_size", [10, 50, 100])
    def test_query_count_does_not_grow_with_page_size(
        self, client, django_assert_max_num_queries, page_size
    ):
        areas = list(ExpertiseArea.objects.all()[:3])
        for _ in range(60):
            ConsultantFactory(expertise_areas=areas, regions_served=[region("KG-B")])
        with django_assert_max_num_queries(8):
            response = client.get(LIST, {"page_size": page_size})
        assert len(response.context["consultants"]) == min(page_size, 83)


@pytest.mark.django_db
class TestContactDetails:
    def test_anonymous_visitors_see_a_public_profile_without_contacts(self, client):
        member = ConsultantFactory(email="hidden@ngo.kg", phone="+996700111222")
        body = client.get(member.get_absolute_url()).content.decode()
        assert member.name in body
        assert "hidden@ngo.kg" not in body and "+996700111222" not in body

    def test_municipal_staff_see_contacts(self, client_for, municipal_staff):
        member = ConsultantFactory(email="visible@ngo.kg")
        client = client_for(municipal_staff)
        assert (
            "visible@ngo.kg" in client.get(member.get_absolute_url()).content.decode()
        )
        assert "visible@ngo.kg" in client.get(LIST).content.decode()

    def test_other_consultants_do_not_see_contacts(self, client_for, consultant):
        other = ConsultantFactory(email="rival@ngo.kg")
        body = (
            client_for(consultant.user).get(other.get_absolute_url()).content.decode()
        )
        assert "rival@ngo.kg" not in body


@pytest.mark.django_db
class TestLanguages:
    def test_pages_carry_the_language_and_translated_names(self, client):
        member = Consultant.objects.get(name_ky="Акмоюн намыс")
        member.name_ru = "Акмоюн намыс (РУ)"
        member.save()
        ru = client.get(f"/ru/consultants/{member.pk}/").content.decode()
        assert "Акмоюн намыс (РУ)" in ru
        assert "Нарынская область" in ru
        en = client.get(f"/en/consultants/{member.pk}/").content.decode()
        # no English name: falls back to another language
        assert "Акмоюн намыс" in en and "Naryn Region" in en

    def test_switcher_links_keep_the_page_and_query(self, client):
        body = client.get(LIST + "?region=KG-N").content.decode()
        assert 'href="/ru/consultants/?region=KG-N"' in body
        assert 'href="/en/consultants/?region=KG-N"' in body

    def test_root_redirects_to_kyrgyz_by_default(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/ky/")


@pytest.mark.django_db
class TestApplication:
    def test_signed_up_user_applies_and_stays_out_of_registry(
        self, client_for, django_user_model
    ):
        user = django_user_model.objects.create_user("new@ngo.kg", "x-Strong-pass-1")
        client = client_for(user)
        data = {
            "kind": "organization",
            "legal_form": "public_foundation",
            "name_ky": "Жаңы фонд",
            "home_region": "KG-O",
            "regions_served": ["KG-O"],
            "expertise_areas": [ExpertiseArea.objects.get(code="gender").pk],
            "languages": ["ky"],
            "email": "new@ngo.kg",
            "phone": "+996555987654",
        }
        response = client.post(reverse("consultants:consultant-apply"), data)
        assert response.status_code == 302
        applied = Consultant.objects.get(name_ky="Жаңы фонд")
        assert applied.status == NetworkStatus.APPLICANT
        assert applied.user == user
        user.refresh_from_db()
        assert user.role == "consultant"
        assert (
            client_for(None).get(LIST, {"q": "Жаңы фонд"}).context["paginator"].count
            == 0
        )
        # the applicant sees their own profile and its state
        mine = client.get(applied.get_absolute_url()).content.decode()
        assert "Жаңы фонд" in mine

    def test_bad_phone_is_refused_with_a_message_in_the_users_language(
        self, client_for, django_user_model
    ):
        user = django_user_model.objects.create_user("p@ngo.kg", "x-Strong-pass-1")
        response = client_for(user).post(
            "/ru/consultants/apply/",
            {
                "kind": "individual",
                "name_ky": "Аты",
                "home_region": "KG-O",
                "expertise_areas": [ExpertiseArea.objects.first().pk],
                "languages": ["ky"],
                "email": "p@ngo.kg",
                "phone": "0555 12 34",
            },
        )
        assert response.status_code == 200
        message = response.context["form"].errors["phone"][0]
        assert "+996 555 123 456" in message
        assert "Кыргызстан" in message  # in Russian
        assert not Consultant.objects.filter(name_ky="Аты").exists()

    def test_admin_accepts_and_member_appears(self, client_for, academy_admin):
        applicant = ApplicantFactory(name_ky="Кабыл алынган")
        client = client_for(academy_admin)
        assert client.get(reverse("consultants:application-list")).status_code == 200
        response = client.post(
            reverse("consultants:application-detail", args=[applicant.pk]),
            {"decision": "accept"},
        )
        assert response.status_code == 302
        assert (
            client_for(None)
            .get(LIST, {"q": "Кабыл алынган"})
            .context["paginator"]
            .count
            == 1
        )

    def test_admin_declines_with_reason_and_applicant_sees_it(
        self, client_for, academy_admin
    ):
        applicant = ApplicantFactory()
        url = reverse("consultants:application-detail", args=[applicant.pk])
        response = client_for(academy_admin).post(
            url, {"decision": "decline", "reason": ""}
        )
        assert response.status_code == 200  # form error, nothing changed
        applicant.refresh_from_db()
        assert applicant.status == NetworkStatus.APPLICANT
        client_for(academy_admin).post(
            url, {"decision": "decline", "reason": "Документтер толук эмес"}
        )
        page = client_for(applicant.user).get(applicant.get_absolute_url())
        assert "Документтер толук эмес" in page.content.decode()

    def test_only_the_declined_applicant_is_offered_to_apply_again(
        self, client_for, academy_admin
    ):
        applicant = ApplicantFactory()
        page = client_for(applicant.user).get(applicant.get_absolute_url())
        assert '<div class="notice" role="status">' in page.content.decode()
        applicant.decline(by=academy_admin, reason="Толук эмес")
        resubmit = reverse("consultants:consultant-resubmit", args=[applicant.pk])
        own = client_for(applicant.user).get(applicant.get_absolute_url())
        assert resubmit in own.content.decode()
        admin = client_for(academy_admin).get(applicant.get_absolute_url())
        assert resubmit not in admin.content.decode()

    def test_the_decision_forms_show_only_while_the_application_waits(
        self, client_for, academy_admin
    ):
        applicant = ApplicantFactory()
        url = reverse("consultants:application-detail", args=[applicant.pk])
        client = client_for(academy_admin)
        assert 'name="decline"' in client.get(url).content.decode()
        applicant.accept(by=academy_admin)
        body = client.get(url).content.decode()
        assert 'name="decline"' not in body and 'name="accept"' not in body


@pytest.mark.django_db
def test_sort_options_are_in_the_readers_language(client):
    ky = client.get(LIST).content.decode()
    ru = client.get("/ru/consultants/").content.decode()
    en = client.get("/en/consultants/").content.decode()
    assert "Name (descending)" in en and "Recently updated" in en
    assert "(descending)" not in ru and "(descending)" not in ky
    assert "Recently updated" not in ru
    # the Russian page does not keep the Kyrgyz label built at import time
    ky_label = ky.split('value="-name">')[1].split("<")[0]
    assert ky_label not in ru

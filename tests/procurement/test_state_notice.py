"""The tender's notice on the state procurement portal: a zakupki order id,
checked, linked, searchable and published in OCDS as a related process."""

import pytest
from django.urls import reverse

from portal.errors import DomainError
from procurement import services
from procurement.models import Release, Tender
from tests.procurement import test_views
from tests.procurement.factories import TenderFactory, published_tender
from tests.procurement.test_ocds import get_json

BAD = ["12-34/2026", "№521141", "0521141", "https://zakupki.gov.kg/x", "1" * 13]
MESSAGES = {
    "ky": "zakupki.gov.kg сайтындагы жарыянын номерин жазыңыз",
    "ru": "Введите номер объявления на zakupki.gov.kg",
}


@pytest.mark.django_db
class TestStateNoticeNumber:
    @pytest.mark.parametrize("language", ["ky", "ru"])
    def test_the_form_refuses_anything_but_an_order_id(
        self, client_for, municipal_staff, language
    ):
        client = client_for(municipal_staff)
        url = reverse("procurement:tender-create").replace("/en/", f"/{language}/")
        data = test_views.TestTenderCreation().form_data()
        for value in BAD:
            response = client.post(url, {**data, "state_notice_number": value})
            assert response.status_code == 200
            assert MESSAGES[language] in response.content.decode()
            assert not Tender.objects.exists()
        response = client.post(url, {**data, "state_notice_number": "521141"})
        assert response.status_code == 302
        assert Tender.objects.get().state_notice_number == "521141"

    def test_an_amendment_is_checked_too_and_changes_nothing(self):
        tender = published_tender(state_notice_number="")
        with pytest.raises(DomainError):
            services.tender_amend(
                tender=tender,
                by=None,
                changes={"state_notice_number": "abc"},
                summary="Номер",
            )
        tender.refresh_from_db()
        assert tender.state_notice_number == ""
        assert not tender.amendments.exists()

    def test_the_api_refuses_it_with_the_message(self, client_for, municipal_staff):
        client = client_for(municipal_staff)
        tender = TenderFactory(
            municipality=municipal_staff.staff_membership.municipality
        )
        response = client.patch(
            f"/api/v1/tenders/{tender.pk}/",
            {"state_notice_number": "12-34"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ru",
        )
        assert response.status_code == 400, response.content
        assert MESSAGES["ru"] in response.json()["state_notice_number"][0]

    def test_shown_as_a_link_to_the_notice(self, client):
        tender = published_tender(state_notice_number="521141")
        page = client.get(tender.get_absolute_url()).content.decode()
        assert (
            'href="https://zakupki.gov.kg/popp/view/order/view.xhtml?id=521141"' in page
        )

    def test_the_list_finds_a_tender_by_its_notice(self, client):
        wanted = published_tender(state_notice_number="521141")
        published_tender(state_notice_number="521142")
        page = client.get(reverse("procurement:tender-list") + "?q=521141")
        assert list(page.context["tenders"]) == [wanted]
        api = client.get("/api/v1/tenders/?q=521141").json()
        assert [t["id"] for t in api["results"]] == [wanted.pk]

    def test_published_as_a_related_process(self, client):
        tender = published_tender(state_notice_number="521141")
        release = Release.objects.get(tender=tender).data
        assert release["relatedProcesses"] == [
            {
                "id": "state-portal",
                "relationship": ["x_statePortalNotice"],
                "title": "zakupki.gov.kg",
                "scheme": "ocid",
                "identifier": "ocds-h7i0z4-521141",
                "uri": "https://zakupki.gov.kg/popp/view/order/view.xhtml?id=521141",
            }
        ]
        package = get_json(client, f"/api/v1/ocds/record-package/{tender.ocid}/")
        compiled = package["records"][0]["compiledRelease"]
        assert compiled["relatedProcesses"][0]["identifier"] == "ocds-h7i0z4-521141"

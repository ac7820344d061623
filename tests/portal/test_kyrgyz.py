"""Kyrgyz that reads as Kyrgyz: the wording fixes of issue 12, checked where
people read them."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from consultants.forms import ConsultantProfileForm
from portal.accounts.models import Role
from tests.accounts.factories import MunicipalStaffUserFactory

# not a literal gettext() call, so that makemessages leaves the tests out
translated = gettext

BID_NOTICE = (
    "Bids are accepted until %(deadline)s (Asia/Bishkek time) on the server's "
    "clock, to the second. Your financial offer and files are encrypted until the "
    "opening: nobody but you can read your bid before then. Until the deadline "
    "you can change or withdraw it; every submission gives you a receipt."
)


@pytest.fixture
def kyrgyz():
    with translation.override("ky"):
        yield


@pytest.mark.usefixtures("kyrgyz")
class TestWording:
    def test_the_role_of_one_person_is_singular(self):
        assert str(Role.MUNICIPAL_STAFF.label) == "муниципалдык кызматкер"

    def test_the_group_stays_plural(self):
        assert translated("municipal staff") == "муниципалдык кызматкерлер"

    def test_inn_is_named_in_kyrgyz_with_the_known_abbreviation(self):
        label = ConsultantProfileForm().fields["inn"].label
        assert label == "Салык төлөөчүнүн идентификациялык номери (ИНН)"

    def test_literal_translations_are_gone(self):
        assert translated("Atom feed") != "Atom тасмасы"
        assert "китеби" not in translated("The file is not an XLSX workbook.")
        assert "кемүү" not in translated("%s (descending)")

    def test_bid_notice_says_until_once_per_clause(self):
        first_sentence = translated(BID_NOTICE).split(";")[0]
        assert first_sentence.count("чейин") == 1, first_sentence


@pytest.mark.django_db
def test_account_page_shows_the_singular_role(client):
    client.force_login(MunicipalStaffUserFactory())
    page = client.get("/ky/me/").content.decode()
    assert "· муниципалдык кызматкер</p>" in page

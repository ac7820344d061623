"""Phone numbers: typed the ways people write Kyrgyz numbers, stored in
E.164, shown in the international format as tel: links; numbers stored before
the check are converted by the data migration or left as they were."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.utils import translation

from consultants.forms import ConsultantProfileForm
from consultants.models import Consultant
from municipalities.forms import StaffRequestForm
from municipalities.phones import PhoneFormField, convert_stored_phones
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import StaffMembershipFactory

ACCEPTED = [
    ("+996 555 123 456", "+996555123456"),
    ("0555 123 456", "+996555123456"),
    ("(0555) 12-34-56", "+996555123456"),
    ("996555123456", "+996555123456"),
    ("996 555 12 34 56", "+996555123456"),
    ("+996555123456", "+996555123456"),
    ("0555-123-456", "+996555123456"),
    ("555 123 456", "+996555123456"),
    ("0700 12 34 56", "+996700123456"),
    ("0312 62 12 34", "+996312621234"),
    ("(0312) 62-12-34", "+996312621234"),
    ("+996 (312) 62-12-34", "+996312621234"),
    ("0 3922 5 12 34", "+996392251234"),
    ("+7 701 123 45 67", "+77011234567"),  # a number abroad, with its code
]

REFUSED = [
    "0555",
    "12345",
    "0555 123 45",
    "+996 555 123 4567",
    "phone",
    "+996",
    "8 555 123 456",
    "+996 000 000 000",
]


class TestPhoneField:
    @pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
    def test_accepts_the_ways_people_write_numbers(self, typed, stored):
        assert PhoneFormField().clean(typed) == stored

    @pytest.mark.parametrize("typed", REFUSED)
    def test_refuses_what_cannot_be_dialled(self, typed):
        form = StaffRequestForm({"position": "Адис", "work_phone": typed})
        assert not form.is_valid()
        assert "work_phone" in form.errors

    @pytest.mark.parametrize(
        ("language", "words"),
        [
            ("ky", "0555 123 456"),
            ("ru", "0555 123 456"),
            ("en", "This is not a phone number we can dial"),
        ],
    )
    def test_the_error_is_in_the_users_language(self, language, words):
        with translation.override(language):
            form = StaffRequestForm({"position": "Адис", "work_phone": "0555"})
            form.is_valid()
            message = form.errors["work_phone"][0]
        assert words in message
        if language != "en":
            assert "This is not a phone number" not in message


@pytest.mark.django_db
class TestStoredNumbers:
    @pytest.mark.parametrize(("typed", "stored"), ACCEPTED[:5])
    def test_the_profile_form_stores_e164(self, typed, stored):
        consultant = ConsultantFactory()
        data = {
            "kind": "organization",
            "legal_form": "public_foundation",
            "name_ky": consultant.name_ky,
            "home_region": "KG-N",
            "expertise_areas": [consultant_area().pk],
            "languages": ["ky"],
            "email": "x@ngo.kg",
            "phone": typed,
        }
        form = ConsultantProfileForm(data, instance=consultant)
        assert form.is_valid(), form.errors
        form.save()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT phone FROM consultants_consultant WHERE id = %s",
                [consultant.pk],
            )
            assert cursor.fetchone()[0] == stored

    def test_the_profile_form_refuses_a_bad_number_and_changes_nothing(self):
        consultant = ConsultantFactory(phone="+996555123456")
        form = ConsultantProfileForm(
            {"name_ky": "Жаңы", "phone": "0555 12"}, instance=consultant
        )
        assert not form.is_valid()
        assert "phone" in form.errors
        consultant.refresh_from_db()
        assert consultant.name_ky != "Жаңы"
        assert str(consultant.phone) == "+996555123456"

    def test_migration_converts_numbers_and_leaves_unparsable_ones(self):
        good = ConsultantFactory()
        bad = ConsultantFactory()
        member = StaffMembershipFactory()
        with connection.cursor() as cursor:
            for pk, raw in ((good.pk, "0555 12-34-56"), (bad.pk, "12-34")):
                cursor.execute(
                    "UPDATE consultants_consultant SET phone = %s WHERE id = %s",
                    [raw, pk],
                )
            cursor.execute(
                "UPDATE municipalities_staffmembership SET work_phone = %s "
                "WHERE id = %s",
                ["(0312) 62-12-34", member.pk],
            )
        left = convert_stored_phones(
            connection, table="consultants_consultant", column="phone"
        )
        assert left == [(bad.pk, "12-34")]
        assert (
            convert_stored_phones(
                connection, table="municipalities_staffmembership", column="work_phone"
            )
            == []
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, phone FROM consultants_consultant WHERE id IN (%s, %s)",
                [good.pk, bad.pk],
            )
            assert dict(cursor.fetchall()) == {
                good.pk: "+996555123456",
                bad.pk: "12-34",
            }
            cursor.execute(
                "SELECT work_phone FROM municipalities_staffmembership WHERE id = %s",
                [member.pk],
            )
            assert cursor.fetchone()[0] == "+996312621234"

    def test_a_profile_typed_number_finds_the_held_profile(self):
        from consultants.claims import profile_held_by

        held = ConsultantFactory(phone="+996555987654", user=None)
        assert profile_held_by(phone="0555 98-76-54") == held
        assert profile_held_by(phone="0555") is None


class TestContactLinks:
    def render(self, text, **context):
        return Template("{% load contacts %}" + text).render(Context(context))

    def test_a_phone_is_a_tel_link_in_the_international_format(self):
        html = self.render("{{ p|phone_link }}", p="+996555123456")
        assert html == ('<a href="tel:+996555123456" class="tel">+996 555 123 456</a>')

    def test_an_unparsable_stored_number_is_shown_as_stored_without_link(self):
        assert self.render("{{ p|phone_link }}", p="12-34") == "12-34"
        assert self.render("{{ p|phone_link }}", p="") == "—"

    def test_an_email_is_a_mailto_link(self):
        html = self.render("{{ e|email_link }}", e="a@ngo.kg")
        assert html == '<a href="mailto:a@ngo.kg">a@ngo.kg</a>'


def consultant_area():
    from consultants.models import ExpertiseArea

    return ExpertiseArea.objects.get(code="tariffs")


@pytest.mark.django_db
class TestPagesLinkContacts:
    def test_profile_registry_and_municipality_show_tel_and_mailto(
        self, client_for, municipal_staff
    ):
        consultant = ConsultantFactory(phone="+996555123456", email="c@ngo.kg")
        client = client_for(municipal_staff)
        profile = client.get(consultant.get_absolute_url()).content.decode()
        assert 'href="tel:+996555123456"' in profile
        assert "+996 555 123 456" in profile
        assert 'href="mailto:c@ngo.kg"' in profile
        listing = client.get(
            "/ky/consultants/", {"q": consultant.name_ky}
        ).content.decode()
        assert 'href="tel:+996555123456"' in listing
        assert 'href="mailto:c@ngo.kg"' in listing
        membership = municipal_staff.staff_membership
        page = client.get(membership.municipality.get_absolute_url()).content
        assert f'href="tel:{membership.work_phone}"' in page.decode()
        assert Consultant.objects.filter(phone="0555 123 456").exists()

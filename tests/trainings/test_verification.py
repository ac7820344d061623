"""The public verification page finds a certificate by the number printed on
it as well as by its code, however it was typed, and tells since when a
certificate is suspended or revoked; it shows only what the public may see."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from trainings import services
from trainings.models import BISHKEK, Certificate

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"trainings:{name}", args=args)


def verify(client, typed, lang="en"):
    return client.get(url("certificate-verify-form", lang=lang), {"code": typed})


class TestByPrintedNumber:
    @pytest.mark.parametrize(
        "typed",
        [
            "{number}",
            "{lower}",
            "  {spaced}  ",
            "{undashed}",
            "{en_dashed}",
            "bazhba-{year}-{short}",
        ],
    )
    def test_the_number_however_typed_finds_the_certificate(
        self, client, certificate, typed
    ):
        number = certificate.number  # BAZhBA-<year>-00001
        prefix, year, value = number.split("-")
        typed = typed.format(
            number=number,
            lower=number.lower(),
            spaced=f"{prefix} {year} {value}",
            undashed=f"{prefix}{year}{value}",
            en_dashed=f"{prefix} – {year} – {value}",
            year=year,
            short=int(value),
        )
        response = verify(client, typed)
        assert response.status_code == 302
        assert response["Location"] == url("certificate-verify", number)
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert page.context["certificate"] == certificate
        content = page.content.decode()
        assert 'data-status="active"' in content
        assert certificate.consultant.name in content

    def test_the_number_page_does_not_give_away_the_secret_code(
        self, client, certificate, academy_admin
    ):
        services.certificate_suspend(
            certificate=certificate, reason="Secret complaint", by=academy_admin
        )
        content = client.get(url("certificate-verify", certificate.number))
        content = content.content.decode()
        assert certificate.number in content
        for private in (
            certificate.public_code,
            "Secret complaint",
            certificate.consultant.email,
            certificate.consultant.user.email,
            academy_admin.email,
            "/pdf/",
        ):
            assert private not in content

    def test_an_unknown_number_says_so_with_404_and_keeps_what_was_typed(
        self, client, certificate
    ):
        response = verify(client, "BAZhBA-2019-00077", lang="ru")
        assert response.status_code == 404
        content = response.content.decode()
        assert 'id="verify-unknown"' in content
        assert 'value="BAZhBA-2019-00077"' in content
        assert "номер" in content  # says so in Russian


class TestByCode:
    def test_the_code_typed_in_groups_with_spaces_and_capitals_is_found(
        self, client, certificate
    ):
        code = certificate.public_code
        grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).upper()
        response = verify(client, grouped)
        assert response["Location"] == url("certificate-verify", code)
        response = verify(client, "-".join(grouped.split()))
        assert response["Location"] == url("certificate-verify", code)

    def test_a_grouped_code_in_the_address_goes_to_the_code_page(
        self, client, certificate
    ):
        code = certificate.public_code
        grouped = f"{code[:4]}-{code[4:12]} {code[12:]}".upper()
        response = client.get(url("certificate-verify", grouped), follow=True)
        assert response.redirect_chain[-1][0] == url("certificate-verify", code)
        assert response.context["certificate"] == certificate


class TestStatusChangeDate:
    @pytest.mark.parametrize(
        ("move", "status", "since"),
        [("revoke", "revoked", "Revoked on"), ("suspend", "suspended", "Suspended on")],
    )
    def test_a_certificate_out_of_force_shows_its_status_and_the_date(
        self, client, certificate, academy_admin, move, status, since
    ):
        moment = datetime(2026, 12, 3, 0, 30, tzinfo=BISHKEK)  # 2 Dec. in UTC
        with time_machine.travel(moment, tick=False):
            services.certificate_transition(
                certificate=certificate, name=move, reason="Fraud", by=academy_admin
            )
        for reference in (certificate.number, certificate.public_code):
            content = client.get(url("certificate-verify", reference)).content
            content = content.decode()
            assert f'data-status="{status}"' in content
            assert since in content
            assert "Dec. 3, 2026" in content  # the date in Bishkek
            assert "Fraud" not in content

    def test_an_active_certificate_shows_no_change_date(self, client, certificate):
        content = client.get(url("certificate-verify", certificate.number)).content
        assert b'id="verified-changed-on"' not in content


class TestLinks:
    def test_the_home_page_and_the_main_menu_link_the_verify_page(self, client):
        target = url("certificate-verify-form", lang="ky")
        content = client.get("/ky/").content.decode()
        assert f'<a href="{target}" id="home-verify-link">' in content
        assert f'<a href="{target}" id="nav-verify">' in content


def test_a_revoked_certificate_is_still_found_by_number(
    client, certificate, academy_admin
):
    services.certificate_revoke(certificate=certificate, reason="x", by=academy_admin)
    certificate = Certificate.objects.get(pk=certificate.pk)
    response = client.get(url("certificate-verify", certificate.number))
    assert response.context["certificate"].status == "revoked"

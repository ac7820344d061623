"""What every page shares: the icon, the error pages in the reader's language
with DEBUG off, a skip link first, the API docs labelled for developers."""

import re

import pytest

from tests.accounts.factories import UserFactory


@pytest.mark.django_db
class TestFavicon:
    def test_served_as_a_real_icon(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/x-icon"
        assert response.content[:4] == b"\x00\x00\x01\x00"  # ICO header
        assert "max-age" in response["Cache-Control"]

    def test_pages_link_it(self, client):
        assert (
            '<link rel="icon" href="/static/favicon.ico"'
            in client.get("/ky/").content.decode()
        )


@pytest.mark.django_db
class TestErrorPages:
    @pytest.fixture(autouse=True)
    def _production(self, settings):
        settings.DEBUG = False
        settings.ROOT_URLCONF = "tests.portal.error_urls"

    @pytest.mark.parametrize(
        ("language", "title"),
        [("ky", "Бет табылган жок"), ("ru", "Страница не найдена"),
         ("en", "Page not found")],
    )  # fmt: skip
    def test_404_in_the_language_of_the_address(self, client, language, title):
        response = client.get(f"/{language}/no-such-page/")
        assert response.status_code == 404
        page = response.content.decode()
        assert f'<html lang="{language}">' in page and title in page

    @pytest.mark.parametrize(
        ("language", "title"),
        [("ky", "Сервер катасы"), ("ru", "Ошибка сервера"), ("en", "Server error")],
    )
    def test_500_in_the_language_of_the_address(self, client, language, title):
        client.raise_request_exception = False
        response = client.get(f"/{language}/boom/")
        assert response.status_code == 500
        page = response.content.decode()
        assert f'<html lang="{language}">' in page and title in page
        assert "a bug" not in page

    def test_api_errors_stay_json(self, client):
        response = client.get("/api/v1/no-such-endpoint/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


@pytest.fixture
def database_down(settings):
    """The portal's connection pointed at a port where no database listens
    (a real refused connection, as when PostgreSQL is down), then back."""
    from django.db import connection

    from portal.localservices import free_port

    settings.DEBUG = False
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    yield
    connection.close()
    connection.settings_dict["PORT"] = saved


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestDatabaseDown:
    @pytest.mark.parametrize(
        ("language", "title"),
        [("ky", "Убактылуу иштебей турат"), ("ru", "Временно недоступно"),
         ("en", "Temporarily unavailable")],
    )  # fmt: skip
    def test_a_page_says_to_try_again_shortly(
        self, client, database_down, language, title
    ):
        client.raise_request_exception = False
        response = client.get(f"/{language}/consultants/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert f'<html lang="{language}">' in page and title in page

    def test_the_api_answers_json(self, client, database_down):
        client.raise_request_exception = False
        response = client.get("/api/v1/consultants/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "маалымат базасына" in response.json()["detail"]  # Kyrgyz: the default

    def test_a_bug_is_still_a_500(self, client, settings):
        settings.DEBUG = False
        settings.ROOT_URLCONF = "tests.portal.error_urls"
        client.raise_request_exception = False
        response = client.get("/en/boom/")
        assert response.status_code == 500 and "Retry-After" not in response


@pytest.mark.django_db
class TestLayout:
    def test_skip_link_is_the_first_focusable_element(self, client):
        page = client.get("/ru/").content.decode()
        body = page[page.index("<body") :]
        first = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body)
        assert 'class="skip-link" href="#content"' in first.group(0)
        assert 'id="content"' in body

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_api_docs_link_says_it_is_for_developers(self, client, signed_in):
        if signed_in:
            client.force_login(UserFactory())
        page = client.get("/ru/").content.decode()
        link = re.search(r'<a href="/api/docs/"[^>]*>([^<]+)</a>', page)
        assert "разработчиков" in link.group(1)

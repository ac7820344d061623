"""Error answers under /api/ are JSON, as the schema documents them."""

import pytest

from portal.openapi import AutoSchema  # noqa: F401 - the schema class in force


@pytest.mark.django_db
class TestApiErrors:
    @pytest.mark.parametrize(
        "path", ["/api/v1/bids/%C2%84/", "/api/v1/no-such-thing/", "/api/v1/tenders/x/"]
    )
    def test_unknown_api_address_answers_json_404(self, client, path):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("application/json")
        assert "detail" in response.json()

    def test_pages_keep_the_html_404(self, client):
        response = client.get("/ky/no-such-page/")
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("text/html")

    def test_schema_documents_error_answers(self, client):
        schema = client.get("/api/schema/?format=json").json()
        bid = schema["paths"]["/api/v1/bids/{id}/"]
        assert {"200", "403", "404"} <= set(bid["get"]["responses"])
        assert {"400", "403", "404", "409"} <= set(bid["patch"]["responses"])


@pytest.mark.django_db
class TestPagination:
    @pytest.mark.parametrize("value", ["null", "0", "101", "-1", "٣", "2&page_size=3"])
    def test_a_page_size_that_is_not_1_to_100_is_a_400(self, client, value):
        response = client.get(f"/api/v1/trainings/?page_size={value}")
        assert response.status_code == 400
        assert "page_size" in response.json()

    def test_a_good_page_size_is_used(self, client):
        response = client.get("/api/v1/consultants/?page_size=3")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] > 3  # the 23 first members
        assert len(body["results"]) == 3

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

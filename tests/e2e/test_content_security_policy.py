"""Pages under the Content-Security-Policy in a real browser: the policy forbids
inline script, yet nothing the portal serves is blocked (the conftest fails a test
on any CSP violation in the console), and an injected inline script does not run.
"""

import pytest

from tests.accounts.factories import AcademyAdminFactory

pytestmark = pytest.mark.e2e


class TestContentSecurityPolicy:
    def test_portal_admin_and_api_docs_run_without_violations(
        self, page, live_url, sign_in
    ):
        admin = AcademyAdminFactory()
        sign_in(page, admin)
        for path in [
            "/ky/",
            "/ky/consultants/",
            "/ky/tenders/",
            "/ky/trainings/",
            "/ky/admin/",
            "/ky/admin/consultants/consultant/",
            "/ky/admin/procurement/tender/add/",
        ]:
            response = page.goto(live_url(path))
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
        # the registry's live search (htmx) still works under the policy
        page.goto(live_url("/ky/consultants/"))
        with page.expect_response(lambda r: "q=zzzz" in r.url) as searched:
            page.locator("input[name=q]").fill("zzzz-nobody")
        assert searched.value.status == 200
        # Swagger UI starts from a script file, not an inline one
        page.goto(live_url("/api/docs/"))
        page.locator(".swagger-ui .info").wait_for()

    def test_an_injected_inline_script_is_blocked(
        self, browser, live_server, django_db_serialized_rollback
    ):
        # a context of its own: the violation expected here must not fail the test
        context = browser.new_context()
        try:
            page = context.new_page()
            violations = []
            page.on("console", lambda message: violations.append(message.text))
            page.goto(live_server.url + "/ky/")
            page.evaluate(
                """() => {
                    const s = document.createElement('script');
                    s.textContent = 'window.__pwned = true';
                    document.body.appendChild(s);
                }"""
            )
            assert page.evaluate("window.__pwned === undefined")
            assert any("Content Security Policy" in text for text in violations)
        finally:
            context.close()

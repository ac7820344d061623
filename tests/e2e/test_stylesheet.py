"""In Chromium: the first page paints with the stylesheet inlined (allowed by
the Content-Security-Policy's nonce; the conftest fails a test on any CSP
violation), the next page links the file the first one prefetched."""

import pytest

pytestmark = pytest.mark.e2e

HEADER_BACKGROUND = (
    "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
)


def test_first_page_inline_next_page_linked_both_styled(new_page, live_url):
    page = new_page()
    fetched = []
    page.on(
        "requestfinished",
        lambda request: (
            fetched.append(request.url)
            if "portal" in request.url and request.url.endswith(".css")
            else None
        ),
    )
    page.goto(live_url("/ky/me/"))  # a redirect to the sign-in page
    assert page.locator("head style").count() == 1
    styled = page.evaluate(HEADER_BACKGROUND)
    assert styled not in ("rgba(0, 0, 0, 0)", "transparent")
    page.wait_for_load_state("networkidle")
    assert fetched, "the stylesheet file was not prefetched"

    page.goto(live_url("/ky/consultants/"))
    assert page.locator("head style").count() == 0
    assert page.locator("head link[rel=stylesheet]").count() == 1
    assert page.evaluate(HEADER_BACKGROUND) == styled

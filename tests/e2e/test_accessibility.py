"""The accessibility check itself, and what the base layout gives every page:
a skip link that keyboard users reach first."""

import pytest

from tests.e2e import axe

pytestmark = pytest.mark.e2e


def test_axe_reports_the_rule_elements_and_page_of_a_violation(
    new_page, live_url, axe_source
):
    page = new_page(axe=False)
    page.route(
        "**/broken/",
        lambda route: route.fulfill(
            content_type="text/html",
            body='<!doctype html><html lang="ky"><title>x</title><main>'
            '<input type="text" id="unlabelled"></main></html>',
        ),
    )
    page.goto(live_url("/broken/"))
    found = axe.check_page(page, axe_source)
    assert [(v.rule, v.impact, v.targets) for v in found] == [
        ("label", "critical", ("#unlabelled",))
    ]
    assert found[0].url == live_url("/broken/")
    assert "#unlabelled" in str(found[0]) and "/broken/" in str(found[0])
    # the portal's home page, under its Content-Security-Policy, has none
    page.goto(live_url("/ky/"))
    assert axe.check_page(page, axe_source) == []


def test_the_skip_link_comes_first_and_moves_to_the_content(page, live_url):
    page.goto(live_url("/ky/consultants/"))
    skip = page.locator("a.skip-link")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24
    assert skip.inner_text() == "Негизги мазмунга өтүү"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"

"""Steps shared by the browser journeys."""

from playwright.sync_api import expect

from tests.accounts.factories import ReviewBodyFactory


def commission_rejects_complaint(
    new_page, sign_in, live_url, *, prefix, tender, reasons, language, locale=None
):
    """A member of the review commission rejects the tender's complaint on
    its review page, confirms on the confirmation page and lands on the
    tender, where the decision is shown. Returns the member's page."""
    reviewer = new_page(locale=locale)
    sign_in(reviewer, ReviewBodyFactory(), language=language)
    reviewer.goto(live_url(f"{prefix}review/"))
    decision = reviewer.locator("form.decision-form")
    decision.locator("[name$=-decision][value=rejected]").check()
    decision.locator("[name$=-effect][value=none]").check()
    decision.locator("[name$=-reasons]").fill(reasons)
    decision.locator("button[type=submit]").click()
    reviewer.locator("#confirm").click()
    reviewer.wait_for_url(f"**{prefix}{tender.pk}/")
    expect(reviewer.locator(".complaint .decision")).to_contain_text(reasons)
    return reviewer

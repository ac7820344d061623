"""The shell of every page on a phone (360×740) in Kyrgyz: nothing scrolls
sideways, the skip link comes first, header targets are big enough to tap,
forms answer in the page's language (not the browser's), the file input's
button speaks Kyrgyz and works from the keyboard."""

import pytest

from tests.accounts.factories import AcademyAdminFactory, UserFactory

PHONE = {"width": 360, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def phone(new_page):
    return new_page(viewport=PHONE)


@pytest.mark.parametrize(
    "path",
    [
        "/ky/",
        "/ky/accounts/login/",
        "/ky/accounts/signup/",
        "/ky/accounts/password/reset/",
        "/ky/me/sign-in-link/",
        "/ky/no-such-page/",
    ],
)
def test_public_pages_fit_a_phone(phone, live_url, path):
    phone.goto(live_url(path))
    assert fits(phone), path


def test_account_page_fits_a_phone(phone, live_url, sign_in, db):
    sign_in(phone, UserFactory())
    for path in ["/ky/me/", "/ky/notifications/", "/ky/accounts/password/change/"]:
        phone.goto(live_url(path))
        assert fits(phone), path


def test_skip_link_is_the_first_stop_and_leads_to_the_content(phone, live_url):
    phone.goto(live_url("/ky/consultants/"))
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    link = phone.locator(".skip-link")
    assert link.inner_text() == "Негизги мазмунга өтүү"
    assert link.bounding_box()["y"] >= 0  # visible while focused
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "content"


def test_header_targets_are_at_least_24_px(phone, live_url, sign_in, db):
    sign_in(phone, UserFactory())
    phone.goto(live_url("/ky/"))
    small = phone.evaluate(
        """[...document.querySelectorAll('.site-header a, .site-header button')]
             .filter(e => e.offsetParent !== null)
             .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
             .filter(([, r]) => r.width < 24 || r.height < 24)
             .map(([t, r]) => `${t}: ${r.width}×${r.height}`)"""
    )
    assert small == []


def test_login_placeholder_is_not_cut(phone, live_url):
    phone.goto(live_url("/ky/accounts/login/"))
    overflow = phone.evaluate(
        """[...document.querySelectorAll('input[placeholder]')].map(input => {
             const style = getComputedStyle(input);
             const ctx = document.createElement('canvas').getContext('2d');
             ctx.font = style.font;
             const room = input.clientWidth - parseFloat(style.paddingLeft)
                          - parseFloat(style.paddingRight);
             return [input.placeholder, ctx.measureText(input.placeholder).width, room];
           }).filter(([, text, room]) => text > room)"""
    )
    assert overflow == []


def test_forms_answer_in_the_page_language_not_the_browsers(new_page, live_url):
    # an English browser on a Kyrgyz page: the server's Kyrgyz message, not
    # Chromium's "Please fill out this field."
    page = new_page(locale="en-US")
    page.goto(live_url("/ky/accounts/login/"))
    assert page.locator("form[novalidate] input[name=login]").count() == 1
    page.locator("form[novalidate] [type=submit]").first.click()
    page.wait_for_load_state()
    assert "Бул талааны толтуруу милдеттүү." in page.content()


def test_file_input_speaks_the_page_language_and_works_by_keyboard(
    new_page, live_url, sign_in, db, tmp_path
):
    page = new_page(locale="en-US", viewport=PHONE)
    sign_in(page, AcademyAdminFactory())
    page.goto(live_url("/ky/municipalities/names/"))
    widget = page.locator(".file-input")
    assert widget.locator(".file-button").inner_text() == "Файлды тандаңыз"
    assert widget.locator(".file-name").inner_text() == "Файл тандалган жок"
    file_input = widget.locator("input[type=file]")
    file_input.focus()
    assert page.evaluate("document.activeElement.type") == "file"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    names = tmp_path / "names.csv"
    names.write_text("soate,name_ky,name_en\n", encoding="utf-8")
    chooser.value.set_files(str(names))
    assert widget.locator(".file-name").inner_text() == "names.csv"
    assert fits(page)

"""Real-browser journeys: Debian's Chromium driven by Playwright against
pytest-django's live server.

Fixtures for journeys in this folder:

- ``page``: a fresh browser tab (own cookies) whose ``Accept-Language`` is
  Kyrgyz; ``@pytest.mark.browser_locale("ru-RU")`` changes it for a test.
- ``new_page(locale=..., **context_options)``: another tab with its own cookies,
  for journeys with two people (an applicant and an academy administrator, a
  bidder and a buyer) or without JavaScript (``java_script_enabled=False``).
- ``live_url("/ky/consultants/")``: the absolute URL on the live server.
- ``sign_in(page, user)``: signs in through the real sign-in form.

Every test here is marked ``e2e`` and uses a transactional database whose
reference data (regions, expertise areas, the 2022 network) is restored before
each test (serialized rollback), because the live server runs in another thread
and sees only committed rows. Uncaught JavaScript errors fail the test; a
Content-Security-Policy violation reported in the console fails the test too;
every page a journey loads is checked with axe-core (WCAG 2.x A and AA rules, see
``axe.py``) and a critical or serious violation fails the test with the rule,
the elements and the page (``new_page(axe=False)`` for a page that checks on its
own, like the walker of every page); a failing test leaves screenshots in
``$PORTAL_E2E_ARTIFACTS`` (default /tmp/portal-e2e).

Chromium must be installed (``make test`` installs it): a missing browser fails
the run. ``PORTAL_SKIP_E2E=1`` skips these tests instead.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import greenlet
import pytest
from playwright._impl._sync_base import SyncBase

from tests.accounts.factories import PASSWORD
from tests.e2e import axe

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_LOCALE = "ky-KG"
TIMEOUT_MS = 10_000
ARTIFACTS = Path(
    os.environ.get("PORTAL_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "portal-e2e"
)
E2E_DIR = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser_locale(locale): the browser's language for this test "
        f"(default {DEFAULT_LOCALE})",
    )


def pytest_collection_modifyitems(config, items):
    skip = os.environ.get("PORTAL_SKIP_E2E") == "1"
    for item in items:
        if E2E_DIR not in Path(str(item.path)).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if skip:
            item.add_marker(pytest.mark.skip(reason="PORTAL_SKIP_E2E=1"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # lets page fixtures know at teardown whether the test failed
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser(django_db_setup) -> Iterator:
    """One Chromium per test module.

    Between its calls Playwright's sync API marks its event loop as running in
    the main thread, and Django then hands out other connection objects (asgiref
    keeps them per async context). Those lack the test database's serialized
    reference data, which we copy over; and the browser stops at the end of the
    module, so that the tests after it get the usual connections back.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(`make deps` or `apt-get install chromium`), or set PORTAL_SKIP_E2E=1 "
            "to skip the browser tests",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        yield browser
        browser.close()
        # these connections would otherwise stay open and block dropping the
        # test database at the end of the run
        connections.close_all()


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        return axe.axe_source()
    except axe.AxeUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


def _unchecked(url: str) -> bool:
    """Pages the accessibility check leaves out: not the portal's own markup
    (Django's admin, Swagger UI) or not HTML (files, feeds, about:blank)."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    return not url.startswith("http") or "/admin/" in path or path.startswith("/api/")


@pytest.fixture(scope="session")
def e2e_artifacts() -> Path:
    """Where journeys put screenshots meant for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def live_url(live_server) -> Callable[[str], str]:
    def make(path: str) -> str:
        return live_server.url + path

    return make


@pytest.fixture
def browser_locale(request) -> str:
    marker = request.node.get_closest_marker("browser_locale")
    return marker.args[0] if marker else DEFAULT_LOCALE


@pytest.fixture
def new_page(
    request,
    browser,
    live_server,
    django_db_serialized_rollback,
    browser_locale,
    axe_source,
    monkeypatch,
) -> Iterator[Callable]:
    """new_page(locale=None, axe=True, **context_options) -> a Playwright Page in
    a context of its own (own cookies); context_options go to
    Browser.new_context, e.g. java_script_enabled=False for a page that must
    work without JavaScript. Every page loaded in it is checked with axe-core
    unless axe=False."""
    contexts = []
    errors: list[str] = []
    violations: dict[tuple[str, str], axe.Violation] = {}
    audited: list = []  # every page with the check on, checked at teardown
    loaded: list = []  # pages with a document loaded since their last check

    def audit(page):
        if page.is_closed() or _unchecked(page.url):
            return
        for violation in axe.check_page(page, axe_source):
            violations.setdefault((violation.url, violation.rule), violation)

    # Each loaded document is checked just before the journey's next call to
    # Playwright (a check run from the "load" event handler would race the
    # journey's next click; one run from a route handler cannot evaluate while
    # the navigation waits). The check runs only from the test's own greenlet,
    # never from inside event or route handlers.
    test_greenlet = greenlet.getcurrent()
    original_sync = SyncBase._sync
    checking = False

    def sync_after_checking(self, awaitable):
        nonlocal checking
        if loaded and not checking and greenlet.getcurrent() is test_greenlet:
            checking = True
            try:
                while loaded:
                    audit(loaded.pop(0))
            finally:
                checking = False
        return original_sync(self, awaitable)

    monkeypatch.setattr(SyncBase, "_sync", sync_after_checking)

    def check_each_load(page):
        def on_load():
            if page not in loaded:
                loaded.append(page)

        page.on("load", on_load)
        audited.append(page)

    def make(locale: str | None = None, axe: bool = True, **context_options):
        options = {
            "locale": locale or browser_locale,
            "base_url": live_server.url,
            "viewport": {"width": 1280, "height": 900},
            "timezone_id": "Asia/Bishkek",
            **context_options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        # the Content-Security-Policy must never block what the portal itself
        # serves: a violation in any journey fails it
        page.on(
            "console",
            lambda message: (
                errors.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        if axe and options.get("java_script_enabled", True):
            check_each_load(page)
        return page

    yield make

    call = getattr(request.node, "_e2e_report_call", None)
    if call is not None and call.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                path = ARTIFACTS / f"{name}-{i}-{j}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                    print(f"screenshot of {page.url}: {path}")
                except Exception as exc:  # noqa: BLE001 - best effort on failure
                    print(f"no screenshot of {page.url}: {exc}")
    if not (call is not None and call.failed):
        loaded.clear()
        for page in audited:
            audit(page)
    for context in contexts:
        context.close()
    if call is not None and call.failed:
        return
    if errors:
        pytest.fail("JavaScript errors in the page:\n" + "\n".join(errors))
    if violations:
        pytest.fail(
            "axe-core: critical or serious accessibility violations "
            "(WCAG 2.x A/AA):\n" + "\n".join(str(v) for v in violations.values()),
            pytrace=False,
        )


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def sign_in(live_url) -> Callable:
    """sign_in(page, user, password=PASSWORD, language="ky"): signs in through
    the sign-in form and waits until the portal has let the user in."""

    def do(page, user, password: str = PASSWORD, language: str = "ky"):
        login_path = f"/{language}/accounts/login/"
        page.goto(live_url(login_path))
        form = page.locator("form").filter(has=page.locator("input[name=login]"))
        form.locator("input[name=login]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        form.locator("[type=submit]").first.click()
        page.wait_for_url(lambda url: login_path not in url)
        # the sign-out form in the header shows that the session is open
        page.locator("form[action*='/accounts/logout/']").wait_for(state="attached")
        return page

    return do

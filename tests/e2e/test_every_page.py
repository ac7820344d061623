"""Every page of the portal on a phone, as every role: each named URL
(tests/e2e/pages.py says with which demo objects, or why a URL is no page to
walk) at 360×740 must not scroll sideways (``scrollWidth <= innerWidth``) and
must have no critical or serious axe-core violation (WCAG 2.x A/AA), and
must weigh at most 150 KB transferred with its CSS and JavaScript with the
cache off (Chromium's own count of the bytes received, headers included, as
compressed when the server compresses; the test server does not compress
static files, so this is an upper bound of production's weight).

The walk prints a line per page that fails, with the role, the width found and
the axe rules, and fails at the end with all of them. While working on a few
pages, ``PORTAL_WALK_PAGES`` (a regular expression on the path) and
``PORTAL_WALK_ROLES`` (comma-separated, e.g. ``anonymous,coordinator``) narrow
the walk."""

from __future__ import annotations

import os
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.e2e import axe
from tests.e2e.pages import PAGES, Demo, exclusion_reason, named_urls, page_paths
from tests.notifications.helpers import deliver

PHONE = {"width": 360, "height": 740}
MAX_BYTES = 150 * 1024  # transferred per page with its CSS and JavaScript
# role -> the demo account walking as it (None: anonymous; "" a fresh account
# with no role)
ROLES = {
    "anonymous": None,
    "consultant": "consultant@demo.kg",
    "municipal-staff": "staff@demo.kg",
    "coordinator": "coordinator@demo.kg",
    "academy-admin": "admin@demo.kg",
    "review-commission": "reviewer@demo.kg",
    "committee-member": "committee1@demo.kg",
    "no-role": "",
}


def unlisted_urls() -> list[str]:
    return [
        f"{url.name} ({url.route})"
        for url in named_urls()
        if exclusion_reason(url) is None and url.name not in PAGES
    ]


def test_every_named_url_is_walked_or_excluded_with_a_reason():
    missing = unlisted_urls()
    assert not missing, (
        "URL names neither walked nor excluded: add each to PAGES or EXCLUDED "
        "in tests/e2e/pages.py:\n" + "\n".join(missing)
    )
    names = {url.name for url in named_urls()}
    stale = sorted(set(PAGES) - names)
    assert not stale, f"PAGES lists names the portal no longer has: {stale}"


def session_cookie(user, live_server) -> list[dict]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}
    ]


def watch_transfers(page) -> dict:
    """requestId -> bytes received, for every request of the page, with the
    browser cache off (each page as on a cold cache)."""
    transferred: dict[str, int] = {}
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(
            event["requestId"], event["encodedDataLength"]
        ),
    )
    return transferred


# the elements that stick out of the viewport while their parent does not:
# where a sideways scroll starts
WIDE_ELEMENTS = """() => {
    const limit = window.innerWidth + 1, found = [];
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        [...el.classList].map(c => '.' + c).join('');
    for (const el of document.body.querySelectorAll('*')) {
        const parent = el.parentElement;
        if (el.getBoundingClientRect().right > limit &&
            parent.getBoundingClientRect().right <= limit) {
            found.push(name(parent) + ' > ' + name(el) + ' (' +
                Math.round(el.getBoundingClientRect().right) + ' px)');
        }
    }
    return found.slice(0, 4);
}"""


def measure(page, axe_source) -> tuple[int, int, list]:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    return width, viewport, axe.check_page(page, axe_source)


@pytest.mark.slow
def test_every_page_fits_a_phone_and_passes_axe_as_every_role(
    new_page, live_server, axe_source
):
    assert not unlisted_urls(), "see test_every_named_url_is_walked_or_excluded…"
    from portal.accounts.models import User

    call_command("seed_demo", stdout=StringIO())
    deliver()  # the demo's notifications reach the notification centre
    demo = Demo()
    paths, empty = page_paths(demo)
    assert not empty, f"the demo data has nothing for: {empty}"
    only = re.compile(os.environ.get("PORTAL_WALK_PAGES", ""))
    paths = [path for path in paths if only.search(path)]
    roles = os.environ.get("PORTAL_WALK_ROLES")
    roles = roles.split(",") if roles else list(ROLES)
    failures: list[str] = []
    walked = 0
    for role in roles:
        email = ROLES[role]
        page = new_page(axe=False, viewport=PHONE)
        transferred = watch_transfers(page)
        if email is not None:
            user = User.objects.get(email=email) if email else UserFactory()
            page.context.add_cookies(session_cookie(user, live_server))
        checked = set()
        for path in paths:
            transferred.clear()
            response = page.goto(live_server.url + path)
            status = response.status if response else 0
            if status >= 500:
                failures.append(f"{path} as {role}: HTTP {status}")
                continue
            # an error page or the sign-in page met again is checked once a role
            landed = urlsplit(page.url).path
            key = status if status >= 400 else landed
            if key in checked:
                continue
            checked.add(key)
            walked += 1
            width, viewport, violations = measure(page, axe_source)
            weight = sum(transferred.values())
            problems = []
            if weight > MAX_BYTES:
                problems.append(f"{weight / 1024:.1f} KB transferred")
            if width > viewport:
                wide = ", ".join(page.evaluate(WIDE_ELEMENTS))
                problems.append(f"{width} px wide at {viewport} px ({wide})")
            problems += [
                f"axe {v.impact} {v.rule}: {', '.join(v.targets[:4])}"
                for v in violations
            ]
            if problems:
                shown = path if landed == urlsplit(path).path else f"{path} → {landed}"
                line = f"{shown} [{status}] as {role}: " + "; ".join(problems)
                print(line)
                failures.append(line)
    print(f"walked {walked} pages ({len(paths)} URLs × {len(roles)} roles)")
    assert not failures, f"{len(failures)} pages fail at 360×740:\n" + "\n".join(
        failures
    )

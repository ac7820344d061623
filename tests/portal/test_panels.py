"""The panel registry (portal/panels.py) and the layering it serves: a lower
app's templates never load a higher app's tags nor link into its URLs."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from portal.accounts.panels import dashboard_panels
from portal.panels import PanelRegistry

# the dependency direction, lowest first (STYLE.md); templates/<dir> -> app
LAYERS = ["accounts", "municipalities", "consultants", "trainings", "procurement"]
TEMPLATE_DIRS = {"account": "accounts", "allauth": "accounts"}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
URL = re.compile(r"""{%\s*url\s+['"]([a-z_]+):""")


def _tag_libraries() -> dict[str, str]:
    """Tag library name -> the app that owns it."""
    owners = {}
    for app in LAYERS:
        package = "portal/accounts" if app == "accounts" else app
        for module in Path(settings.BASE_DIR, package, "templatetags").glob("*.py"):
            if module.stem != "__init__":
                owners[module.stem] = app
    return owners


def _templates_of(app: str):
    root = Path(settings.BASE_DIR, "templates")
    dirs = [app] + [d for d, owner in TEMPLATE_DIRS.items() if owner == app]
    for directory in dirs:
        yield from (root / directory).rglob("*.html")
        yield from (root / directory).rglob("*.txt")


@pytest.mark.parametrize("app", LAYERS)
def test_templates_use_no_tags_or_urls_of_a_higher_app(app):
    owners = _tag_libraries()
    higher = set(LAYERS[LAYERS.index(app) + 1 :])
    assert "procurement_tags" in owners  # the scan sees the libraries
    found = []
    for template in _templates_of(app):
        text = template.read_text(encoding="utf-8")
        for libraries in LOAD.findall(text):
            found += [
                (template.name, lib)
                for lib in libraries.split()
                if owners.get(lib) in higher
            ]
        found += [(template.name, ns) for ns in URL.findall(text) if ns in higher]
    assert found == []


def test_the_scan_would_catch_the_old_profile_page():
    old = (
        "{% load trainings_tags %}{% load procurement_tags %}{% url 'procurement:x' %}"
    )
    assert LOAD.findall(old) == ["trainings_tags", "procurement_tags"]
    assert URL.findall(old) == ["procurement"]


@pytest.mark.django_db
class TestPanelRegistry:
    def _request(self, user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    def test_renders_in_order_and_leaves_out_panels_with_nothing_to_show(
        self, academy_admin
    ):
        registry = PanelRegistry("test")
        registry.register(
            "trainings/includes/dashboard_panel.html", lambda r, u: {}, order=20
        )
        registry.register(
            "consultants/includes/dashboard_panel.html", lambda r, u: {}, order=10
        )
        registry.register(  # no context: left out
            "municipalities/includes/dashboard_panel.html", lambda r, u: None, order=5
        )
        registry.register(  # the review commission's members, for the academy
            "procurement/includes/dashboard_panel.html", lambda r, u: {}, order=1
        )
        html = registry.render(self._request(academy_admin), academy_admin)
        assert len(html) == 3
        assert "/tenders/review/members/" in html[0]
        assert "/consultants/applications/" in html[1]
        assert "/programmes/" in html[2]

    def test_a_panel_with_only_whitespace_is_left_out(self, academy_admin):
        registry = PanelRegistry("test")
        registry.register("reports/includes/dashboard_panel.html", lambda r, u: {})
        coordinator_only = registry.render(self._request(academy_admin), academy_admin)
        assert len(coordinator_only) == 1  # the administrator's reports line
        registry = PanelRegistry("test")
        registry.register(
            "reports/includes/dashboard_panel.html", lambda r, u: {"regions": []}
        )
        nobody = AnonymousUser()
        assert registry.render(self._request(nobody), nobody) == []

    def test_registering_again_replaces_instead_of_doubling(self):
        registry = PanelRegistry("test")
        registry.register("a.html", lambda r, o: {}, order=1)
        registry.register("a.html", lambda r, o: {}, order=2)
        assert [(p.template_name, p.order) for p in registry.panels] == [("a.html", 2)]

    def test_each_app_contributes_its_dashboard_panel_lowest_first(self):
        assert [p.template_name for p in dashboard_panels.panels] == [
            "municipalities/includes/dashboard_panel.html",
            "consultants/includes/dashboard_panel.html",
            "trainings/includes/dashboard_panel.html",
            "procurement/includes/dashboard_panel.html",
            "consultations/includes/dashboard_panel.html",
            "procurement/includes/tenders_for_me.html",
            "reports/includes/dashboard_panel.html",
        ]

"""No event may end "delivered to nobody": every topic the code emits has a
handler, and an event whose topic has none is an error the outbox retries."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from portal.notifications import registry
from portal.outbox.handlers import handlers_for
from portal.outbox.models import Event
from portal.outbox.services import outbox_dispatch

APPS = ["portal", "municipalities", "consultants", "trainings", "procurement"]
EMITTERS = {"emit", "emit_once", "announce", "_emit"}


def _constants(tree) -> dict:
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def emitted_topics() -> dict[str, str]:
    """Topic -> first place it is emitted, read from the source: calls of
    Event.emit / emit_once, procurement's announce and trainings' _emit, and
    any call with a `topic=` keyword, with a literal topic or a module
    constant."""
    topics = {}
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            constants = _constants(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = (
                    func.attr
                    if isinstance(func, ast.Attribute)
                    else getattr(func, "id", "")
                )
                keyword = [k.value for k in node.keywords if k.arg == "topic"]
                if name not in EMITTERS and not keyword:
                    continue
                for arg in [*keyword, *node.args[:2]]:
                    value = None
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        value = arg.value
                    elif isinstance(arg, ast.Name):
                        value = constants.get(arg.id)
                    if isinstance(value, str) and "." in value and " " not in value:
                        topics.setdefault(
                            value, f"{path.relative_to(root)}:{node.lineno}"
                        )
                        break
    return topics


def test_the_scan_finds_the_known_topics():
    topics = emitted_topics()
    for known in (
        "tender.published",
        "tender.deadline_reminder",
        "alerts.digest",
        "bid.receipt",
        "certificate.issued",
        "certificate.status_changed",
        "certificate.expiring",
        "consultant.withdrawn",
        "consultant.decided",
        "account.email",
        "accounts.login_link",
    ):
        assert known in topics, known


@pytest.mark.parametrize("topic", sorted(emitted_topics()))
def test_every_emitted_topic_has_a_handler(topic):
    assert handlers_for(topic), f"{topic} (emitted at {emitted_topics()[topic]})"


def test_every_notifying_topic_has_one_fan_out_and_its_templates():
    from django.template.loader import get_template

    for name, topic in registry.topics().items():
        handlers = handlers_for(name)
        assert sum(getattr(h, "takes_event", False) for h in handlers) == 1, name
        get_template(f"{topic.template}_subject.txt")
        get_template(f"{topic.template}.txt")


@pytest.mark.django_db
def test_an_event_nobody_handles_is_an_error_not_a_delivery():
    event = Event.emit("nobody.listens", {"x": 1})
    assert outbox_dispatch() == 0
    event.refresh_from_db()
    assert event.dispatched_at is None
    assert event.attempts == 1
    assert "no handler for topic 'nobody.listens'" in event.last_error

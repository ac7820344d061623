"""Forms are validated by the server, in the page's language: the browser's
own bubbles ("Please fill out this field.") come in the browser's language,
so every form of the portal's templates carries `novalidate`."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORM = re.compile(r"<form\b[^>]*>", re.S)


def template_files():
    for folder in (
        "templates",
        "consultants",
        "municipalities",
        "trainings",
        "procurement",
        "portal",
    ):
        yield from (ROOT / folder).rglob("*.html")


def test_every_form_leaves_validation_to_the_server():
    forms = []
    for path in template_files():
        for tag in FORM.findall(path.read_text(encoding="utf-8")):
            forms.append((path.relative_to(ROOT), tag))
    assert len(forms) > 40  # the scan finds the portal's forms
    missing = [f"{path}: {tag[:80]}" for path, tag in forms if "novalidate" not in tag]
    assert missing == []

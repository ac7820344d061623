"""The project's code has no high-severity bandit finding, and the lock file's
packages are reviewed against a vulnerability list when one is reachable."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.attack import dependency_review

ROOT = Path(__file__).resolve().parents[2]
# the project's own code: every app, the project, the document formats
CODE = [
    "portal",
    "municipalities",
    "consultants",
    "trainings",
    "procurement",
    "consultations",
    "formats",
    "manage.py",
]


def bandit(*paths: str, extra: tuple[str, ...] = ()) -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "bandit", "-q", "-r", *paths, "-f", "json", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.stdout, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_bandit_finds_nothing_of_high_severity():
    report = bandit(*CODE, extra=("--severity-level", "high"))
    high = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert not report["errors"], report["errors"]
    assert not high, "\n".join(high)
    # every module was read: a path typo would otherwise pass silently
    assert report["metrics"]["_totals"]["loc"] > 10_000


def test_bandit_would_report_a_high_finding(tmp_path):
    """The check can fail: a shell command built from input is high."""
    (tmp_path / "hole.py").write_text(
        "import subprocess\n\ndef run(name):\n"
        "    subprocess.call('ls ' + name, shell=True)\n"
    )
    report = bandit(str(tmp_path), extra=("--severity-level", "high"))
    assert [r["test_id"] for r in report["results"]] == ["B602"]


def test_every_package_of_the_lock_file_is_pinned_exactly(tmp_path):
    packages = dependency_review.pinned()
    assert packages["django"].startswith("5.2.")
    assert "bandit" in packages
    loose = tmp_path / "requirements.lock"
    loose.write_text("django==5.2.19\nrequests>=2\n")
    with pytest.raises(ValueError, match="not an exact pin"):
        dependency_review.pinned(loose)


def test_the_lock_file_has_no_known_vulnerability():
    try:
        found = dependency_review.vulnerabilities(dependency_review.pinned(), timeout=5)
    except dependency_review.Unreachable as exc:
        pytest.skip(f"no vulnerability list reachable (offline): {exc}")
    assert not found, found

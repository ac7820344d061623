"""Dependency review: every package pinned in requirements.lock checked against
the OSV vulnerability database (https://osv.dev, the source pip-audit also
reads).

    .venv/bin/python -m tests.attack.dependency_review

prints each known vulnerability of a pinned version and exits 1 when there is
one, 0 when there is none, and 2 (with the reason) when OSV cannot be reached:
this machine and CI may be offline, and network absence must never fail the
suite. `OSV_API_URL` points it at a mirror."""

import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"
OSV_API_URL = os.environ.get("OSV_API_URL", "https://api.osv.dev/v1/querybatch")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)\s*$")


class Unreachable(Exception):
    """The vulnerability list could not be asked (offline, DNS, timeout)."""


def pinned(lock: Path = LOCK) -> dict[str, str]:
    """Package name -> exact version; raises ValueError for a line that is not
    an exact pin (a lock file that does not say what runs cannot be reviewed)."""
    packages = {}
    for number, line in enumerate(lock.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if not match:
            raise ValueError(f"{lock.name}:{number}: not an exact pin: {line!r}")
        packages[match[1].lower().replace("_", "-")] = match[3]
    return packages


def vulnerabilities(packages: dict[str, str], *, timeout: float = 10) -> dict:
    """Package -> ids of the known vulnerabilities of its pinned version."""
    names = sorted(packages)
    body = json.dumps(
        {
            "queries": [
                {"package": {"name": n, "ecosystem": "PyPI"}, "version": packages[n]}
                for n in names
            ]
        }
    ).encode()
    if not OSV_API_URL.startswith("https://"):
        raise Unreachable(f"OSV_API_URL must be https: {OSV_API_URL}")
    request = urllib.request.Request(  # noqa: S310 - https only, checked above
        OSV_API_URL, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            results = json.load(response)["results"]
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise Unreachable(f"{OSV_API_URL} is not reachable: {exc}") from exc
    found = {}
    for name, result in zip(names, results, strict=True):
        ids = [vuln["id"] for vuln in result.get("vulns", [])]
        if ids:
            found[f"{name}=={packages[name]}"] = ids
    return found


def main() -> int:
    packages = pinned()
    try:
        found = vulnerabilities(packages)
    except Unreachable as exc:
        print(f"Dependency review skipped: {exc}")
        return 2
    for package, ids in sorted(found.items()):
        print(f"{package}: {', '.join(ids)}")
    print(f"{len(packages)} pinned packages checked, {len(found)} with known issues.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

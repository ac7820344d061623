"""axe-core for the browser tests: a pinned release from the npm registry,
checked against the registry's ``integrity`` (sha512) and cached, then run in
the page through Playwright.

The script is evaluated through the DevTools protocol (``page.evaluate``),
which the page's Content-Security-Policy does not govern: an inline
``<script>`` would be blocked (and reported as a violation, which fails the
journey). Nothing is vendored in git; a machine without access to
registry.npmjs.org and without the cached file fails with a message saying so.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
# `npm view axe-core@4.14.1 dist.integrity`
AXE_INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/"
    "pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
CACHE_DIR = Path(
    os.environ.get("PORTAL_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portal"
)
# WCAG 2.0, 2.1 and 2.2, levels A and AA
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = ("critical", "serious")


class AxeUnavailable(RuntimeError):
    pass


def _check_integrity(data: bytes) -> None:
    algorithm, _, expected = AXE_INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise AxeUnavailable(
            f"axe-core {AXE_VERSION} from {AXE_TARBALL} does not match the pinned "
            f"integrity {AXE_INTEGRITY} (got {algorithm}-{digest})"
        )


def axe_source() -> str:
    """The text of axe.min.js of the pinned version, downloaded once."""
    cached = CACHE_DIR / f"axe-core-{AXE_VERSION}.tgz"
    if cached.exists():
        data = cached.read_bytes()
        try:
            _check_integrity(data)
        except AxeUnavailable:
            cached.unlink()  # a truncated or tampered cache: download again
            return axe_source()
    else:
        try:
            with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:  # noqa: S310 - a fixed https URL
                data = response.read()
        except OSError as exc:
            raise AxeUnavailable(
                f"cannot download axe-core {AXE_VERSION} from {AXE_TARBALL} ({exc}). "
                "The browser tests check every page with it: give this machine "
                "access to registry.npmjs.org, or put the tarball (npm integrity "
                f"{AXE_INTEGRITY}) at {cached}"
            ) from exc
        _check_integrity(data)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(cached)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile("package/axe.min.js")
        if member is None:
            raise AxeUnavailable(f"{cached} has no package/axe.min.js")
        return member.read().decode()


@dataclass(frozen=True)
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:5])
        more = f" (+{len(self.targets) - 5} more)" if len(self.targets) > 5 else ""
        return f"{self.url}: [{self.impact}] {self.rule} — {self.help}: {shown}{more}"


_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
    });
    return result.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    }));
}"""


def check_page(page, source: str) -> list[Violation]:
    """Run axe (WCAG 2.x A/AA) on the page as it is now; returns the critical
    and serious violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    url = page.url
    found = page.evaluate(_RUN, WCAG_TAGS)
    return [
        Violation(url, v["rule"], v["impact"], v["help"], tuple(v["targets"]))
        for v in found
        if v["impact"] in FAILING_IMPACTS
    ]

"""The pure parts of `make bench` (bench/load.py): wrk's output read, rounds
summed up, the Markdown table, the README section and the latency chart.
Tested in tests/bench/ on output captured from real runs."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

WRK_SUMMARY = re.compile(r"^BENCH (\{.*\})\s*$", re.MULTILINE)
WRK_REQUESTS = re.compile(r"(\d+) requests in ([\d.]+)(us|ms|s|m),")
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
WRK_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


def parse_wrk(output: str) -> dict:
    """wrk's figures: the JSON line bench/wrk.lua prints at the end (exact
    percentiles, microseconds) checked against wrk's own summary lines."""
    match = WRK_SUMMARY.search(output)
    if match is None:
        raise ValueError("no BENCH line in wrk's output (was bench/wrk.lua used?)")
    data = json.loads(match.group(1))
    seconds = data["duration_us"] / 1e6
    rate = WRK_RATE.search(output)
    non_2xx = WRK_NON_2XX.search(output)
    errors = WRK_ERRORS.search(output)
    result = {
        "requests": data["requests"],
        "seconds": round(seconds, 3),
        "rps": float(rate.group(1)) if rate else data["requests"] / seconds,
        "p50_ms": data["p50_us"] / 1000,
        "p95_ms": data["p95_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "max_ms": data["max_us"] / 1000,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else data["errors_status"],
        "timeouts": int(errors.group(4)) if errors else data["errors_timeout"],
        "socket_errors": (sum(int(n) for n in errors.groups()[:3]) if errors else 0),
    }
    return result


def summarize(name: str, rounds: list[dict], alone: dict) -> dict:
    """A target's figures over the rounds: medians of req/s (a round where no
    request completed counts as 0) and of the percentiles of the rounds that
    completed some, the peak RSS of any worker, and the single request's
    figures."""
    row = {"name": name, **alone, "rounds": len(rounds)}
    if not rounds:
        return row
    row["rps"] = statistics.median(r["rps"] for r in rounds)
    completed = [r for r in rounds if r["requests"]]
    for key in ("p50_ms", "p95_ms", "p99_ms"):
        row[key] = statistics.median(r[key] for r in completed) if completed else None
    row["rss_mb"] = max(r.get("rss_mb", 0) for r in rounds)
    row["failed"] = sum(r["non_2xx"] + r["timeouts"] for r in rounds)
    if not completed:
        row["failed_note"] = "no request completed under load"
    return row


def add_ratios(rows: list[dict], trivial: str, raw: str) -> None:
    """Throughput over the trivial view's and the raw-SQL registry's, and p95
    over the trivial view's (the issue's goals: ≥ 0.6× raw, p95 < 10× trivial)."""
    by_name = {row["name"]: row for row in rows}
    for row in rows:
        for base, key in ((trivial, "vs_trivial"), (raw, "vs_raw")):
            other = by_name.get(base, {})
            if row.get("rps") is not None and other.get("rps"):
                row[key] = row["rps"] / other["rps"]
        base_p95 = by_name.get(trivial, {}).get("p95_ms")
        if row.get("p95_ms") and base_p95:
            row["p95_vs_trivial"] = row["p95_ms"] / base_p95
        row["missed"] = missed_goals(row, raw)


# Issue 16's goals at scale 1, and the targets they name: the registry (every
# filter, sort and search), the profile, the tender list and the registry API,
# as anonymous visitors load them (the table); every page: at most 10
# queries and a worker under 300 MB; the raw-SQL floor under 15 ms alone.
# The home page and the reports read figures counted ahead, so their cost
# does not grow with the tables: one request alone under 100 ms at scale 1
# (the bound is this project's, the issue names none).
GOAL_TARGETS = ("registry", "profile", "tender list", "API consultants")
PRECOMPUTED_TARGETS, PRECOMPUTED_ALONE_GOAL_MS = ("home", "report"), 100
ALONE_GOAL_MS, RAW_ALONE_GOAL_MS, QUERIES_GOAL, RSS_GOAL_MB = 30, 15, 10, 300
RAW_GOAL, P95_GOAL = 0.6, 10


def missed_goals(row: dict, raw: str) -> list[str]:
    """The goals a target's figures miss (empty: all met)."""
    missed = []
    name = row["name"]
    if row.get("queries") is not None and row["queries"] > QUERIES_GOAL:
        missed.append(f"{row['queries']} queries > {QUERIES_GOAL}")
    if row.get("rss_mb") and row["rss_mb"] >= RSS_GOAL_MB:
        missed.append(f"RSS {row['rss_mb']:.0f} MB ≥ {RSS_GOAL_MB}")
    if name == raw and (row.get("alone_ms") or 0) >= RAW_ALONE_GOAL_MS:
        missed.append(f"alone {_ms(row['alone_ms'])} ≥ {RAW_ALONE_GOAL_MS} ms")
    alone = row.get("alone_ms") or 0
    if name.startswith(PRECOMPUTED_TARGETS) and alone >= PRECOMPUTED_ALONE_GOAL_MS:
        missed.append(f"alone {_ms(alone)} ≥ {PRECOMPUTED_ALONE_GOAL_MS} ms")
    if not name.startswith(GOAL_TARGETS):
        return missed
    if (row.get("alone_ms") or 0) >= ALONE_GOAL_MS:
        missed.append(f"alone {_ms(row['alone_ms'])} ≥ {ALONE_GOAL_MS} ms")
    if "signed in" in name:  # not named by the load goals
        return missed
    if row.get("vs_raw") is not None and row["vs_raw"] < RAW_GOAL:
        missed.append(f"{row['vs_raw']:.2f}× raw < {RAW_GOAL}×")
    if row.get("p95_vs_trivial") is not None and row["p95_vs_trivial"] >= P95_GOAL:
        missed.append(f"p95 {row['p95_vs_trivial']:.0f}× trivial ≥ {P95_GOAL}×")
    return missed


def _ms(value) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value / 1000:.1f} s"
    if value >= 10:
        return f"{value:.0f} ms"
    return f"{value:.1f} ms"


def _num(value, fmt="{:,.1f}") -> str:
    return "—" if value is None else fmt.format(value)


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| target | req/s | p50 | p95 | p99 | ×trivial | ×raw SQL | p95 ÷ trivial "
        "| one request (uncached) | one request (as served) | page cache "
        "| SQL queries | SQL time | worker RSS peak | status | goals |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        status = str(row.get("status", "—"))
        if row.get("skipped"):
            status += f" (not loaded: {row['skipped']})"
        elif row.get("failed_note"):
            status += f" ({row['failed_note']})"
        elif row.get("failed"):
            status += f", {row['failed']:,} failed under load"
        lines.append(
            f"| {row['name']} | {_num(row.get('rps'))} | {_ms(row.get('p50_ms'))} "
            f"| {_ms(row.get('p95_ms'))} | {_ms(row.get('p99_ms'))} "
            f"| {_num(row.get('vs_trivial'), '{:.3f}×')} "
            f"| {_num(row.get('vs_raw'), '{:.2f}×')} "
            f"| {_num(row.get('p95_vs_trivial'), '{:.0f}×')} "
            f"| {_ms(row.get('alone_ms'))} | {_ms(row.get('served_ms'))} "
            f"| {row.get('page_cache', '—')} | {_num(row.get('queries'), '{:d}')} "
            f"| {_ms(row.get('sql_ms'))} | {_num(row.get('rss_mb'), '{:.0f} MB')} "
            f"| {status} | {'; '.join(row.get('missed', [])) or 'met'} |"
        )
    return "\n".join(lines)


def fanout_table(fanout: dict | None) -> str:
    if not fanout:
        return "Fan-out: not measured."
    ratio = fanout["emails_per_second"] / fanout["trivial_tasks_per_second"]
    return "\n".join(
        [
            "| measure | rate | notes |",
            "| --- | ---: | --- |",
            f"| trivial Celery task (one worker) | "
            f"{fanout['trivial_tasks_per_second']:,.0f} tasks/s | |",
            f"| fan-out of one tender to {fanout['recipients']:,} consultants "
            f"| {fanout['emails_per_second']:,.0f} emails/s | "
            f"{fanout['emails']:,} emails in {fanout['seconds']:.1f} s over "
            f"{fanout['connections']:,} SMTP connections; rows made in "
            f"{fanout['fan_out_seconds']:.2f} s |",
            f"| emails/s ÷ trivial tasks/s | {ratio:.2f}× | goal ≥ 1.0× |",
        ]
    )


def update_readme(readme: Path, section: str) -> None:
    """Replace what lies between the bench markers (added once)."""
    text = readme.read_text()
    block = f"{README_START}\n{section.strip()}\n{README_END}"
    if README_START in text:
        before, rest = text.split(README_START, 1)
        after = rest.split(README_END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    readme.write_text(text)


def chart(rows: list[dict], path: Path, title: str) -> None:
    """Horizontal bars of p50, p95 and p99 per target on a log scale (PNG,
    drawn with Pillow, already a dependency)."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    rows = [r for r in rows if r.get("p50_ms") and r.get("p99_ms")]
    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        font = ImageFont.truetype(font_path, 13)
    except OSError:
        font = ImageFont.load_default()
    label_w, bar_w, row_h, top = 330, 620, 22, 50
    width, height = label_w + bar_w + 30, top + row_h * len(rows) + 50
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 10), title, fill="black", font=font)
    low, high = 0.1, max(1000.0, max(r["p99_ms"] for r in rows) * 1.2)

    def x(ms):
        ms = max(ms, low)
        return label_w + bar_w * (math.log10(ms / low) / math.log10(high / low))

    decade = low
    while decade <= high:
        draw.line([(x(decade), top - 5), (x(decade), height - 40)], fill="#ddd")
        draw.text((x(decade) - 10, height - 35), _ms(decade), fill="#555", font=font)
        decade *= 10
    colours = (("p99_ms", "#f4b6b6"), ("p95_ms", "#e07a5f"), ("p50_ms", "#3d405b"))
    for i, row in enumerate(rows):
        y = top + i * row_h
        draw.text((10, y + 3), row["name"][:48], fill="black", font=font)
        for key, colour in colours:
            draw.rectangle([label_w, y + 4, x(row[key]), y + row_h - 4], fill=colour)
    draw.text(
        (label_w, height - 18),
        "dark: p50, red: p95, light: p99 (log scale)",
        fill="#555",
        font=font,
    )
    image.save(path)

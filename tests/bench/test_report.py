"""The pure parts of `make bench` (bench/report.py) on wrk output captured from
real runs (tests/bench/data: bench/wrk.lua against a file server, a missing
path and a server that never answers)."""

from pathlib import Path

import pytest

from bench import report

DATA = Path(__file__).parent / "data"


def wrk(name):
    return (DATA / name).read_text()


class TestParseWrk:
    def test_reads_rate_and_exact_percentiles(self):
        result = report.parse_wrk(wrk("wrk-ok.txt"))
        assert result["requests"] == 3170
        assert result["rps"] == 1581.35
        assert result["seconds"] == pytest.approx(2.005, abs=0.001)
        assert result["p50_ms"] == 2.918
        assert result["p95_ms"] == 10.616
        assert result["p99_ms"] == 115.729
        assert result["non_2xx"] == 0 and result["timeouts"] == 0

    def test_counts_error_responses(self):
        result = report.parse_wrk(wrk("wrk-404.txt"))
        assert result["non_2xx"] == 2796 == result["requests"]

    def test_a_server_that_never_answers_gives_no_requests(self):
        result = report.parse_wrk(wrk("wrk-no-answer.txt"))
        assert result["requests"] == 0 and result["rps"] == 0

    def test_output_without_the_script_line_is_refused(self):
        text = wrk("wrk-ok.txt").split("BENCH ")[0]
        with pytest.raises(ValueError, match="bench/wrk.lua"):
            report.parse_wrk(text)


def rows():
    ok = report.parse_wrk(wrk("wrk-ok.txt"))
    slow = dict(ok, rps=ok["rps"] / 4, p95_ms=ok["p95_ms"] * 20)
    none = report.parse_wrk(wrk("wrk-no-answer.txt"))
    alone = {"status": 200, "alone_ms": 3.2, "queries": 0, "sql_ms": 0.0}
    result = [
        report.summarize("trivial view", [ok, ok, dict(ok, rps=1.0)], alone),
        report.summarize("raw", [dict(ok, rps=ok["rps"] / 2)], dict(alone, queries=1)),
        report.summarize("registry", [slow, slow, slow], dict(alone, queries=7)),
        report.summarize("report", [none], dict(alone, alone_ms=1600.0)),
        report.summarize(
            "OCDS", [], dict(alone, status=500, skipped="status 500", alone_ms=60000.0)
        ),
    ]
    report.add_ratios(result, "trivial view", "raw")
    return result


class TestSummary:
    def test_medians_over_rounds_and_ratios(self):
        trivial, raw, registry, *_ = rows()
        assert trivial["rps"] == 1581.35  # the median, not the slow round
        assert raw["vs_trivial"] == pytest.approx(0.5)
        assert registry["vs_raw"] == pytest.approx(0.5)
        assert registry["p95_vs_trivial"] == pytest.approx(20)

    def test_a_target_with_no_completed_request_counts_zero(self):
        report_row = rows()[3]
        assert report_row["rps"] == 0 and report_row["p95_ms"] is None
        assert report_row["vs_trivial"] == 0

    def test_markdown_table(self):
        table = report.markdown_table(rows()).splitlines()
        assert table[0].startswith("| target | req/s | p50 | p95 | p99 |")
        assert len(table) == 2 + 5
        assert table[2].startswith("| trivial view | 1,581.3 | 2.9 ms | 11 ms | 116 ms")
        assert "| 0.250× | 0.50× | 20× |" in table[4]
        assert "no request completed under load" in table[5]
        assert "| 1.6 s |" in table[5]
        assert "(not loaded: status 500)" in table[6]
        assert "| 60.0 s |" in table[6]


class TestGoals:
    def test_a_slow_registry_misses_the_load_goals_and_says_by_how_much(self):
        registry = rows()[2]
        assert registry["missed"] == ["0.50× raw < 0.6×", "p95 20× trivial ≥ 10×"]
        assert "| 0.50× raw < 0.6×; p95 20× trivial ≥ 10× |" in report.markdown_table(
            rows()
        )

    def test_the_trivial_view_meets_its_goals(self):
        assert rows()[0]["missed"] == []
        assert report.markdown_table(rows()).splitlines()[2].endswith("| met |")

    def test_every_page_is_held_to_ten_queries_and_the_alone_goal_to_the_lists(self):
        row = {"name": "registry ?q=x", "alone_ms": 31.0, "queries": 11}
        assert report.missed_goals(row, "raw") == [
            "11 queries > 10",
            "alone 31 ms ≥ 30 ms",
        ]
        other = {"name": "Atom feed", "alone_ms": 90.0, "queries": 3}
        assert report.missed_goals(other, "raw") == []  # not a named list

    def test_signed_in_pages_are_held_to_the_single_request_goals_only(self):
        row = {"name": "registry, signed in (staff)", "alone_ms": 20.0, "queries": 5,
               "vs_raw": 0.1, "p95_vs_trivial": 50}  # fmt: skip
        assert report.missed_goals(row, "raw") == []

    def test_the_home_page_and_reports_read_figures_counted_ahead(self):
        """Held to one request alone under 100 ms, not to the lists' load
        goals."""
        row = {"name": "report national (admin)", "alone_ms": 120.0, "queries": 7,
               "vs_raw": 0.1, "p95_vs_trivial": 50}  # fmt: skip
        assert report.missed_goals(row, "raw") == ["alone 120 ms ≥ 100 ms"]
        assert report.missed_goals({**row, "alone_ms": 85.0}, "raw") == []
        assert report.missed_goals({"name": "home", "alone_ms": 101}, "raw") == [
            "alone 101 ms ≥ 100 ms"
        ]

    def test_the_raw_floor_must_itself_be_fast(self):
        row = {"name": "raw", "alone_ms": 15.5, "queries": 1}
        assert report.missed_goals(row, "raw") == ["alone 16 ms ≥ 15 ms"]


def test_readme_section_is_replaced_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\ntext\n")
    report.update_readme(readme, "first table")
    report.update_readme(readme, "second table")
    text = readme.read_text()
    assert text.count(report.README_START) == 1
    assert "second table" in text and "first table" not in text
    assert text.startswith("# Title\n\ntext\n")


def test_chart_is_a_png(tmp_path):
    from PIL import Image

    path = tmp_path / "latency.png"
    report.chart(rows(), path, "test")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.height > 3 * 22  # three targets with latencies

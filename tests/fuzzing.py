"""Sizes and hostile values of the fuzz tests (issue 15, bad input).

`PORTAL_FUZZ=nightly` selects the nightly-sized run (the Hypothesis profile
"nightly", registered in tests/conftest.py); without it the "ci" profile runs
in `make test` and CI, derandomized so that a failure repeats.

The strategies give, per kind of form or serializer field, what an attacker or
a careless paste would send: HTML and script, very long Kyrgyz text, mixed
scripts, Arabic-Indic digits, zero-width and right-to-left control
characters, NUL, negative and absurd amounts, dates far in the past and
future, identifiers that do not exist or are not numbers.
"""

import os

from hypothesis import strategies as st

NIGHTLY = os.environ.get("PORTAL_FUZZ", "").strip().lower() == "nightly"
DERANDOMIZE = not NIGHTLY
# Schemathesis: examples per API operation (each sent as one role in CI, as
# every role in the nightly run)
API_EXAMPLES_PER_OPERATION = "200"
# Hypothesis: examples per form and per serializer
FORM_EXAMPLES = 200 if NIGHTLY else 12
VIEW_EXAMPLES = 60 if NIGHTLY else 6

SCRIPT = "<script>alert(1)</script>"
KYRGYZ = "Өнүгүү стратегиясы ңөү ҢӨҮ "
HOSTILE_TEXTS = [
    SCRIPT,
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7|add:7 }} {% debug %} ${7*7}",
    "' OR 1=1 --",
    KYRGYZ * 400,  # about 11,000 characters
    "Бишкек Bishkek بيشكيك 比什凯克 Ош",
    "٠١٢٣٤٥٦٧٨٩",
    "\u200b\ufeff\u200b",
    "\u202eтексттин багыты\u202c",
    "a\x00b",
    "\r\n\t  ",
    " ",
    "",
    "🇰🇬" * 50,
    "\ud7ff\ue000\uffff",
]
# characters an attacker mixes into otherwise plain text
_ALPHABET = st.sampled_from(
    list("abcАБВңөүҢӨҮ<>\"'&/;=٠١٢ \n") + ["\u200b", "\ufeff", "\u202e", "\x00"]
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.text(_ALPHABET, max_size=60),
    st.tuples(st.sampled_from(HOSTILE_TEXTS), st.text(_ALPHABET, max_size=10)).map(
        "".join
    ),
)
hostile_number = st.one_of(
    st.sampled_from(
        [
            "-1",
            "-0.01",
            "0",
            "-999999999999",
            "99999999999999999999999999999",
            "1e308",
            "1E+400",
            "NaN",
            "Infinity",
            "-Infinity",
            "١٢٣",
            "٠",
            "1,5",
            "1 000",
            "\u200b100",
            "100\u202e",
            "0x10",
            "12.345678901234",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    hostile_text,
)
hostile_date = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "1900-01-01",
            "1970-01-01",
            "2000-02-30",
            "9999-12-31",
            "10000-01-01",
            "31.12.9999",
            "01.01.0001",
            "٢٠٢٦-٠١-٠١",
            "2026-13-01",
            "2026-01-01T25:61",
            "9999-12-31 23:59:59",
            "0001-01-01 00:00",
            "-1",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    hostile_text,
)
hostile_identifier = st.sampled_from(
    ["-1", "0", "99999999999999999999", "1e5", "abc", "1; DROP TABLE x", "٣", "\x00"]
)

"""The countdown to a deadline, in every language with its plural forms."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from procurement.templatetags.procurement_tags import time_left

NOW = timezone.now()


@pytest.mark.parametrize(
    ("language", "delta", "expected"),
    [
        ("en", timedelta(days=1, hours=2), "1 day left"),
        ("en", timedelta(days=14, hours=23), "14 days left"),
        ("en", timedelta(hours=5, minutes=10), "5 hours left"),
        ("en", timedelta(minutes=20), "less than an hour left"),
        ("ru", timedelta(days=1), "остался 1 день"),
        ("ru", timedelta(days=3), "осталось 3 дня"),
        ("ru", timedelta(days=14), "осталось 14 дней"),
        ("ru", timedelta(days=21), "остался 21 день"),
        ("ru", timedelta(hours=2), "осталось 2 часа"),
        ("ky", timedelta(days=14), "14 күн калды"),
        ("ky", timedelta(hours=3), "3 саат калды"),
        ("ky", timedelta(minutes=5), "бир сааттан аз калды"),
    ],
)
def test_days_left(language, delta, expected):
    with translation.override(language):
        assert time_left(NOW + delta, NOW) == expected


def test_nothing_once_the_deadline_has_passed():
    assert time_left(NOW, NOW) == ""
    assert time_left(NOW - timedelta(days=2), NOW) == ""
    assert time_left(None) == ""

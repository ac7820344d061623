"""Kyrgyz date formats as Kyrgyz is written: "2026-жылдын 19-декабры", not
Django's "19 Декабрь 2026 ж." (a calque of the Russian order).

The year takes the genitive ("2026-жылдын") and the month the possessive
("декабры"); `E` is Django's alternative month name, which the project's
catalogue gives in that form (msgctxt "alt. month", see portal/i18n_extra.py).
Only what differs from django/conf/locale/ky/formats.py is here plus the
input formats, which accept ISO dates (YYYY-MM-DD, what the portal's date
widgets show) as well as the local DD.MM.YYYY.
"""

DATE_FORMAT = "Y-жылдын j-E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y-жылдын j-E, H:i"
YEAR_MONTH_FORMAT = "Y-жылдын E"
MONTH_DAY_FORMAT = "j-E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Дүйшөмбү, Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-12-19'
    "%d.%m.%Y",  # '19.12.2026'
    "%d.%m.%y",  # '19.12.26'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",  # '2026-12-19 14:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-12-19 14:30:59'
    "%d.%m.%Y %H:%M",  # '19.12.2026 14:30'
    "%d.%m.%Y %H:%M:%S",  # '19.12.2026 14:30:59'
    "%d.%m.%Y",  # '19.12.2026'
    "%Y-%m-%d",  # '2026-12-19'
]

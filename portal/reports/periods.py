"""The period a report covers: a quarter, a year or custom dates, and the
quarters of its trend. Dates are Bishkek dates; the bounds given to the
database are aware datetimes (start inclusive, end exclusive), so that
indexes on timestamp columns are used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import widgets

QUARTER = "quarter"
YEAR = "year"
CUSTOM = "custom"
# a custom period may span at most this many days (ten years)
MAX_CUSTOM_DAYS = 3660
FIRST_YEAR = 2000
TREND_QUARTERS = 8


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # the last day, inclusive

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = quarter_start(year, quarter)
        following = (
            quarter_start(year + 1, 1)
            if quarter == 4
            else quarter_start(year, quarter + 1)
        )
        return cls(QUARTER, start, following - timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        """The twelve months up to today: never empty early in a quarter."""
        today = today or timezone.localdate()
        start = today.replace(year=today.year - 1) + timedelta(days=1)
        return cls(CUSTOM, start, today)

    @property
    def since(self) -> datetime:
        return _aware(self.start)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return _aware(self.end + timedelta(days=1))

    def datetime_q(self, field: str):
        """A filter on a timestamp field: within the period."""
        from django.db.models import Q

        return Q(**{f"{field}__gte": self.since, f"{field}__lt": self.until})

    def date_q(self, field: str):
        from django.db.models import Q

        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            year, quarter = quarter_of(self.start)
            return _("Q%(quarter)d %(year)d") % {"quarter": quarter, "year": year}
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    @property
    def short_label(self) -> str:
        """For chart axes: the quarter in Roman numerals and the year."""
        if self.kind == QUARTER:
            year, quarter = quarter_of(self.start)
            return f"{('I', 'II', 'III', 'IV')[quarter - 1]} {year}"
        return str(self.label)

    def params(self) -> dict:
        """The query parameters that select this period again."""
        if self.kind == QUARTER:
            year, quarter = quarter_of(self.start)
            return {"period": QUARTER, "year": year, "quarter": quarter}
        if self.kind == YEAR:
            return {"period": YEAR, "year": self.start.year}
        return {
            "period": CUSTOM,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    @property
    def querystring(self) -> str:
        from urllib.parse import urlencode

        return urlencode(self.params())

    def trend_quarters(self, count: int = TREND_QUARTERS) -> list[Period]:
        """The `count` quarters ending with the one that holds the last day."""
        year, quarter = quarter_of(self.end)
        quarters = []
        for _step in range(count):
            quarters.append(Period.quarter(year, quarter))
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return list(reversed(quarters))


class PeriodForm(forms.Form):
    """The period chosen on a report page; every field is optional and an
    empty form means the default period."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            (QUARTER, _("quarter")),
            (YEAR, _("year")),
            (CUSTOM, _("custom dates")),
        ],
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 5)],
    )
    start = forms.DateField(
        label=pgettext_lazy("report period", "From"),
        required=False,
        widget=widgets.DateInput(),
    )
    end = forms.DateField(
        label=pgettext_lazy("report period", "To"),
        required=False,
        widget=widgets.DateInput(),
    )

    def clean_year(self):
        year = self.cleaned_data.get("year")
        last = timezone.localdate().year + 1
        if year is not None and not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Choose a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return year

    def clean(self):
        data = super().clean()
        kind = data.get("period") or ""
        today = timezone.localdate()
        if self.errors:
            return data
        if kind == QUARTER:
            if data.get("year") is None or data.get("quarter") is None:
                raise forms.ValidationError(_("Choose the year and the quarter."))
            data["resolved"] = Period.quarter(data["year"], data["quarter"])
        elif kind == YEAR:
            if data.get("year") is None:
                raise forms.ValidationError(_("Choose the year."))
            data["resolved"] = Period.year(data["year"])
        elif kind == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Give both dates of the period."))
            if end < start:
                raise forms.ValidationError(
                    _("The period must not end before it starts.")
                )
            if (end - start).days > MAX_CUSTOM_DAYS:
                raise forms.ValidationError(_("A period can span at most ten years."))
            if start.year < FIRST_YEAR or end.year > today.year + 1:
                raise forms.ValidationError(
                    _("Choose dates from %(first)d to %(last)d.")
                    % {"first": FIRST_YEAR, "last": today.year + 1}
                )
            data["resolved"] = Period(CUSTOM, start, end)
        else:
            data["resolved"] = Period.default(today)
        return data

    @property
    def period_value(self) -> Period | None:
        """The chosen period, or None when the input is bad."""
        if not self.is_valid():
            return None
        return self.cleaned_data["resolved"]


def period_form(data) -> PeriodForm:
    """A bound form: the request's parameters, or the default period shown
    as the selected values."""
    if not any(data.get(key) for key in ("period", "year", "quarter", "start")):
        data = Period.default().params()
    return PeriodForm(data)

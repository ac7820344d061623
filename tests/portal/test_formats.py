"""Dates read as Kyrgyz is written ("2026-жылдын 19-декабры"), and the shared
widgets show the expected format in the page's language and accept ISO and
the local format."""

from datetime import date, datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from portal import widgets


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


class TestKyrgyzDates:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 12, 19), "2026-жылдын 19-декабры"),
            (date(2027, 1, 1), "2027-жылдын 1-январы"),
            (date(2026, 6, 5), "2026-жылдын 5-июну"),
            (date(2026, 9, 30), "2026-жылдын 30-сентябры"),
        ],
    )
    def test_date_filter_reads_naturally(self, day, expected):
        with translation.override("ky"):
            assert render("{{ d|date }}", d=day) == expected
            assert render('{{ d|date:"DATE_FORMAT" }}', d=day) == expected

    def test_no_calque_is_left(self):
        with translation.override("ky"):
            text = render("{{ d|date }}", d=date(2026, 12, 19))
        assert "Декабрь" not in text and "ж." not in text

    def test_date_and_time(self):
        with translation.override("ky"):
            assert (
                date_format(datetime(2026, 12, 19, 9, 5), "DATETIME_FORMAT")
                == "2026-жылдын 19-декабры, 09:05"
            )

    def test_russian_keeps_the_genitive(self):
        with translation.override("ru"):
            assert render("{{ d|date }}", d=date(2026, 12, 19)) == "19 декабря 2026 г."


class DatesForm(forms.Form):
    day = forms.DateField(widget=widgets.DateInput())
    at = forms.DateTimeField(widget=widgets.DateTimeInput())


class TestDateWidget:
    @pytest.mark.parametrize(
        ("language", "hint"),
        [("ky", "ЖЖЖЖ-АА-КК"), ("ru", "ГГГГ-ММ-ДД"), ("en", "YYYY-MM-DD")],
    )
    def test_shows_the_format_in_the_page_language(self, language, hint):
        with translation.override(language):
            html = str(DatesForm()["day"])
        assert 'type="text"' in html and 'type="date"' not in html
        assert f'placeholder="{hint}"' in html
        assert 'aria-describedby="id_day_format"' in html
        assert f'id="id_day_format">{hint}</small>' in html

    @pytest.mark.parametrize("typed", ["2026-12-19", "19.12.2026"])
    def test_parses_iso_and_the_local_format(self, typed):
        with translation.override("ky"):
            form = DatesForm({"day": typed, "at": "2026-12-19 14:30"})
            assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2026, 12, 19)

    def test_datetime_accepts_what_the_old_picker_sent(self):
        form = DatesForm({"day": "2026-12-19", "at": "2026-12-19T14:30"})
        assert form.is_valid(), form.errors

    def test_shows_a_value_in_the_format_it_asks_for(self):
        form = DatesForm(initial={"day": date(2026, 12, 19)})
        assert 'value="2026-12-19"' in str(form["day"])

    def test_nonsense_gets_an_error_in_the_page_language(self):
        with translation.override("ky"):
            form = DatesForm({"day": "19/12/2026", "at": "2026-12-19 14:30"})
            assert not form.is_valid()
            assert form.errors["day"] == ["Туура дата жазыңыз."]


class FileForm(forms.Form):
    file = forms.FileField(widget=widgets.FileInput())
    files = forms.FileField(widget=widgets.MultipleFileInput(), required=False)


class TestFileWidget:
    def test_button_text_in_the_page_language(self):
        with translation.override("ky"):
            html = str(FileForm()["file"])
            many = str(FileForm()["files"])
        assert 'type="file"' in html
        assert '<label for="id_file" class="file-button"' in html
        assert "Файлды тандаңыз" in html and "Файл тандалган жок" in html
        assert "Файлдарды тандаңыз" in many and "multiple" in many

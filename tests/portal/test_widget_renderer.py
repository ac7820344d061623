"""The form renderer that writes Django's widget templates in Python
(portal.widgets.FastWidgetRenderer) gives the same HTML as the templates:
every widget kind, selected or not, optgroups, attributes set, unset and
boolean, text to escape, text already safe, numbers to localize; and the
list pages' filter forms as readers get them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import override

from consultants.filters import ConsultantListFilterSet
from consultants.models import Consultant
from municipalities.filters import MunicipalityListFilterSet
from municipalities.models import District, Municipality, Region
from portal import widgets
from procurement.filters import TenderListFilterSet
from procurement.models import Tender
from tests.consultants.factories import ExpertiseAreaFactory
from trainings.filters import TrainingListFilterSet
from trainings.models import Training

TEMPLATES = DjangoTemplates()
PYTHON = widgets.FastWidgetRenderer()

CHOICES = [
    ("", "---"),
    ("a&b", 'A <"b">'),
    (1, 1234567.5),
    ("group <g>", [("x", "X"), ("y", mark_safe("<i>y</i>"))]),
]


class EveryWidgetForm(forms.Form):
    select = forms.ChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.Select(
            attrs={"data-on": True, "data-off": False, "class": 'a"b', "data-n": 7}
        ),
    )
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"}),
    )
    radio = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.RadioSelect)
    text = forms.CharField(required=False, widget=forms.TextInput({"size": 1000}))
    area = forms.CharField(required=False, widget=forms.Textarea)
    flag = forms.BooleanField(required=False)
    maybe = forms.NullBooleanField(required=False)
    number = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(required=False, widget=widgets.DateInput)
    upload = forms.FileField(required=False, widget=widgets.FileInput)


FILLED = {
    "select": "a&b",
    "several": ["1", "y"],
    "boxes": ["a&b", "x"],
    "radio": "y",
    "text": '<script>"x"</script>',
    "area": "line\n<b>bold</b> & more",
    "flag": "on",
    "maybe": "true",
    "number": "1234567.5",
    "email": "a@b",
    "hidden": 'q"q',
    "date": "2026-12-05",
}


def _both_ways(form_class, data, **kwargs):
    templates = form_class(data, renderer=TEMPLATES, **kwargs)
    python = form_class(data, renderer=PYTHON, **kwargs)
    return [
        (name, str(templates[name]), str(python[name])) for name in templates.fields
    ]


class TestFastWidgetRenderer:
    def test_is_the_form_renderer_of_the_portal(self):
        assert isinstance(get_default_renderer(), widgets.FastWidgetRenderer)

    @pytest.mark.parametrize("language", ["ky", "ru", "en"])
    @pytest.mark.parametrize("data", [None, FILLED], ids=["empty", "filled"])
    def test_every_widget_renders_as_its_template(self, language, data):
        with override(language):
            rendered = _both_ways(EveryWidgetForm, data)
        for name, by_templates, by_python in rendered:
            assert by_python == by_templates, name
        html = {name: python for name, _t, python in rendered}
        # the comparison compares something: options, selection, escaping
        assert html["select"].count("<option") == 5
        if data:
            assert 'value="a&amp;b" selected' in html["select"]
            assert "&lt;script&gt;" in html["text"]
            assert html["boxes"].count("checked") == 2

    def test_a_widget_of_its_own_template_goes_through_the_engine(self):
        class OwnTemplate(forms.Select):
            option_template_name = "portal/widgets/no_such_option.html"

        field = forms.ChoiceField(choices=CHOICES, widget=OwnTemplate)
        form = forms.Form(renderer=PYTHON)
        form.fields["own"] = field
        with pytest.raises(Exception, match="no_such_option"):
            str(form["own"])


@pytest.mark.django_db
class TestListFilterForms:
    @pytest.mark.parametrize(
        ("filterset", "model"),
        [
            (ConsultantListFilterSet, Consultant),
            (TenderListFilterSet, Tender),
            (MunicipalityListFilterSet, Municipality),
            (TrainingListFilterSet, Training),
        ],
    )
    @pytest.mark.parametrize("language", ["ky", "ru"])
    def test_render_as_through_the_templates(self, filterset, model, language):
        area = ExpertiseAreaFactory()
        region = Region.objects.order_by("code").first()
        district = District.objects.filter(region=region).first()
        data = {
            "region": region.code
            if filterset is not TenderListFilterSet
            else region.pk,
            "district": district.pk if district else "",
            "expertise": area.code,
            "certified": area.code,
            "kind": "ngo",
            "q": "<асан>",
        }
        with override(language):
            for bound in (None, data):
                fs = filterset(bound, queryset=model.objects.all())
                rendered = _both_ways(type(fs.form), fs.form.data or None)
                for name, by_templates, by_python in rendered:
                    assert by_python == by_templates, name
                assert any("<option" in python for _n, _t, python in rendered)

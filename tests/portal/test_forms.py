"""Dates, times and files in the page's language, in every form: the portal's
widgets (portal/widgets.py), which portal.forms.ModelForm gives a model's
date, datetime and file fields without each form naming them."""

import importlib
import pkgutil

import django_filters
from django import forms
from django.apps import apps

from portal import forms as portal_forms
from portal import widgets
from portal.audit.checks import is_portal_app
from trainings.models import Training

PORTAL_WIDGET_FOR = (
    (forms.DateTimeField, widgets.DateTimeInput),
    (forms.DateField, widgets.DateInput),
    (forms.FileField, widgets.FileInput),
)
NATIVE_WIDGETS = (forms.DateInput, forms.DateTimeInput, forms.FileInput)
OURS = (widgets.DateInput, widgets.DateTimeInput, widgets.FileInput)


def _project_modules():
    for config in apps.get_app_configs():
        if not is_portal_app(config):
            continue
        yield importlib.import_module(config.name)
        for module in pkgutil.walk_packages([config.path], config.name + "."):
            if ".migrations" not in module.name:
                yield importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ours(cls) -> bool:
    return cls.__module__.split(".")[0] in {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if is_portal_app(config)
    }


def wrong_widgets(form_class) -> list[str]:
    """The date, time and file fields of a form class whose widget is not the
    portal's (Django's own, or the browser-language native input)."""
    wrong = []
    for name, field in form_class.base_fields.items():
        expected = next((w for f, w in PORTAL_WIDGET_FOR if isinstance(field, f)), None)
        widget = field.widget
        if expected is not None:
            ok = isinstance(widget, expected)
        else:  # a text field drawn as a native date or file input
            ok = isinstance(widget, OURS) or not isinstance(widget, NATIVE_WIDGETS)
        if not ok:
            wrong.append(f"{form_class.__qualname__}.{name}: {type(widget)}")
    return wrong


def project_form_classes():
    list(_project_modules())  # import every module, so every form is defined
    found = [c for c in _subclasses(forms.BaseForm) if _ours(c)]
    found += [
        c(queryset=c._meta.model.objects.none()).get_form_class()
        for c in _subclasses(django_filters.FilterSet)
        if _ours(c) and c._meta.model is not None
    ]
    return found


def test_every_date_time_and_file_field_of_the_project_has_the_portals_widget():
    classes = project_form_classes()
    # the walk finds the forms it must (a walk that finds nothing proves nothing)
    names = {c.__name__ for c in classes}
    assert {"TrainingForm", "TenderForm", "BidForm", "ContractForm"} <= names
    assert any(c.__name__.startswith("TenderListFilterSet") for c in classes)
    wrong = [problem for c in classes for problem in wrong_widgets(c)]
    assert wrong == []


def test_the_check_catches_djangos_default_widgets():
    class Careless(forms.Form):
        on = forms.DateField()
        at = forms.DateTimeField()
        upload = forms.FileField()
        hidden_date = forms.CharField(widget=forms.DateInput)

    class CarelessModelForm(forms.ModelForm):
        class Meta:
            model = Training
            fields = ["start_date"]

    assert len(wrong_widgets(Careless)) == 4
    assert len(wrong_widgets(CarelessModelForm)) == 1


def test_the_portals_model_form_gives_dates_the_portals_widget_unless_named():
    class TrainingDates(portal_forms.ModelForm):
        class Meta:
            model = Training
            fields = ["start_date", "end_date"]
            widgets = {"end_date": forms.HiddenInput}

    class Inherited(TrainingDates):
        pass

    assert isinstance(TrainingDates.base_fields["start_date"].widget, widgets.DateInput)
    assert isinstance(Inherited.base_fields["start_date"].widget, widgets.DateInput)
    # a widget the form names wins
    assert isinstance(TrainingDates.base_fields["end_date"].widget, forms.HiddenInput)
    html = str(TrainingDates()["start_date"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html

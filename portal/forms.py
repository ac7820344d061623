"""The project's ModelForm: dates, times and files of a model get the portal's
widgets (portal/widgets.py) without each form listing them.

Django gives a model's DateField a `<input type="text">` with the browser's
idea of a date, a DateTimeField the same, and a FileField the native "Choose
File" button, all in the browser's language rather than the page's. A form
built on `portal.forms.ModelForm` gets `portal.widgets.DateInput`,
`DateTimeInput` and `FileInput` for them; a widget named in `Meta.widgets` or
a field declared on the form still wins. tests/portal/test_forms.py walks every
form and filter set of the project and fails on a date, time or file field
with any other widget.
"""

from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass

from . import widgets

# most specific first: a DateTimeField is a DateField
PORTAL_WIDGETS = (
    (models.DateTimeField, widgets.DateTimeInput),
    (models.DateField, widgets.DateInput),
    (models.FileField, widgets.FileInput),
)


def formfield(db_field, **kwargs):
    """A model field's form field, with the portal's widget for dates, times
    and files unless the form names another."""
    if "widget" not in kwargs:
        for model_field, widget in PORTAL_WIDGETS:
            if isinstance(db_field, model_field):
                kwargs["widget"] = widget
                break
    return db_field.formfield(**kwargs)


class _PortalModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_PortalModelFormMetaclass):
    """forms.ModelForm with the portal's widgets for dates, times and files."""

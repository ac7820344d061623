"""File fields that check uploads, and the date widgets."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal import widgets
from portal.errors import DomainError

from ..files import check_upload

# text inputs with the format shown in the page's language (portal.widgets)
DATETIME_INPUT = widgets.DateTimeInput()
DATE_INPUT = widgets.DateInput()
ACCEPT = ".pdf,.docx,.xlsx,.odt"


class CheckedFileField(forms.FileField):
    """A document checked by content (PDF, DOCX, XLSX, ODT) and size."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return check_upload(upload)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class MultipleFileInput(widgets.MultipleFileInput):
    pass


class MultipleCheckedFileField(CheckedFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """Every file is checked; the good ones stay in `self.accepted` even
        when another is refused, so a failed submission can keep them."""
        single = super().clean
        self.accepted, errors = [], []
        for item in data if isinstance(data, list | tuple) else [data]:
            try:
                checked = single(item, initial)
            except forms.ValidationError as exc:
                errors.extend(exc.error_list)
                continue
            if checked:
                self.accepted.append(checked)
        if errors:
            raise forms.ValidationError(errors)
        return list(self.accepted)


def upload_help():
    from django.template.defaultfilters import filesizeformat

    return _("PDF, DOCX, XLSX or ODT, up to %(size)s each.") % {
        "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }

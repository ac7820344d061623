from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal import forms as portal_forms
from portal import widgets
from portal.errors import DomainError
from portal.uploads import zip_check

from .models import CERTIFICATE_TRANSITIONS, CertificationProgramme, Training

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _translated(*names: str) -> list[str]:
    return [f"{name}_{lang}" for name in names for lang in LANGUAGES]


def _first_given(cleaned: dict, name: str) -> str:
    return next(
        (
            cleaned.get(f"{name}_{lang}")
            for lang in LANGUAGES
            if cleaned.get(f"{name}_{lang}")
        ),
        "",
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.home_region} (ID {obj.pk})"


def members():
    return Consultant.objects.members().select_related("home_region")


class TranslatedRequiredMixin:
    """A translated field must be given in at least one language; the
    untranslated column keeps the first one given, Kyrgyz first."""

    translated_required: tuple[str, ...] = ()
    translated_mirrored: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.translated_required:
            if not _first_given(cleaned, name):
                self.add_error(
                    f"{name}_{LANGUAGES[0]}",
                    _("Give it in at least one language."),
                )
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        for name in self.translated_mirrored:
            setattr(instance, name, _first_given(self.cleaned_data, name))
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class TrainingForm(TranslatedRequiredMixin, portal_forms.ModelForm):
    translated_required = ("title", "organizer")
    translated_mirrored = ("title", "description", "venue", "organizer", "partners")

    class Meta:
        model = Training
        fields = [
            *_translated("title"),
            *_translated("description"),
            "start_date",
            "end_date",
            "is_online",
            "region",
            *_translated("venue"),
            *_translated("organizer"),
            *_translated("partners"),
            "expertise_areas",
            "capacity",
            "external_participant_count",
            "required_days",
        ]
        widgets = {
            "expertise_areas": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in _translated("description", "partners")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in _translated("title", "organizer"):
            self.fields[name].required = False

    # the dates, place and capacity rules are Training.clean()'s, which the
    # form runs when it validates the instance


class ParticipantAddForm(forms.Form):
    consultant = MemberChoiceField(label=_("Network member"), queryset=None)
    representative = forms.CharField(
        label=_("Representative"),
        max_length=200,
        required=False,
        help_text=_("For an organization: the person it sends."),
    )

    def __init__(self, *args, training: Training, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = members().exclude(
            participations__training=training
        )


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        widget=widgets.FileInput(attrs={"accept": ".xlsx"}),
        help_text=_(
            "Columns: ID, Consultant, Representative, then one column per day "
            "(1 = present). Download the sheet to get the format."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        # the workbook is a zip: unpack it under the upload limits before
        # openpyxl does
        try:
            zip_check(upload.read(self.MAX_BYTES + 1), name=upload.name)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        upload.seek(0)
        return upload


class CertificationProgrammeForm(TranslatedRequiredMixin, portal_forms.ModelForm):
    translated_required = ("name",)
    translated_mirrored = ("name", "description")

    class Meta:
        model = CertificationProgramme
        fields = [
            *_translated("name"),
            *_translated("description"),
            "required_trainings",
            "validity_months",
            "is_active",
        ]
        widgets = {
            "required_trainings": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in _translated("description")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in _translated("name"):
            self.fields[name].required = False
        self.fields["required_trainings"].queryset = Training.objects.order_by(
            "-start_date"
        )


class CertifyForm(forms.Form):
    """Certify one candidate under a programme."""

    consultant = MemberChoiceField(label=_("Candidate"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = members()


class BulkCertifyForm(forms.Form):
    """Certify a training's completers under a programme."""

    programme = forms.ModelChoiceField(
        label=_("Certification programme"),
        queryset=CertificationProgramme.objects.none(),
    )
    consultants = forms.ModelMultipleChoiceField(
        label=_("Completers to certify"),
        queryset=Consultant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, training: Training, completers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = CertificationProgramme.objects.active()
        programmes = training.programmes.filter(is_active=True)
        if programmes.count() == 1 and not self.is_bound:
            self.initial["programme"] = programmes.first()
        self.fields["consultants"].queryset = Consultant.objects.filter(
            pk__in=[c.pk for c in completers]
        )
        self.fields["consultants"].label_from_instance = lambda c: c.name
        if not self.is_bound:
            self.initial["consultants"] = [c.pk for c in completers]


class CertificateStatusForm(forms.Form):
    """Which move of CERTIFICATE_TRANSITIONS the academy makes, and why."""

    action = forms.ChoiceField(
        choices=[
            (name, name)
            for name, move in CERTIFICATE_TRANSITIONS.items()
            if move.by_person
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to suspend or revoke; kept in the history."),
    )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if (
            action
            and CERTIFICATE_TRANSITIONS[action].needs_reason
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reason."))
        return cleaned

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import forms as portal_forms

from .models import Availability, Consultant, WorkLanguage

PROFILE_FIELDS = [
    "kind",
    "legal_form",
    "legal_form_note",
    "name_ky",
    "name_ru",
    "name_en",
    "bio_ky",
    "bio_ru",
    "bio_en",
    "home_region",
    "regions_served",
    "districts_served",
    "expertise_areas",
    "languages",
    "email",
    "phone",
    "website",
    "inn",
    "availability",
    "busy_until",
]


class ConsultantProfileForm(portal_forms.ModelForm):
    """The profile a consultant submits and keeps up to date."""

    languages = forms.MultipleChoiceField(
        label=_("Languages of work"),
        choices=WorkLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )

    class Meta:
        model = Consultant
        fields = PROFILE_FIELDS
        widgets = {
            "regions_served": forms.CheckboxSelectMultiple,
            "expertise_areas": forms.CheckboxSelectMultiple,
            "districts_served": forms.SelectMultiple(attrs={"size": 8}),
            "bio_ky": forms.Textarea(attrs={"rows": 4}),
            "bio_ru": forms.Textarea(attrs={"rows": 4}),
            "bio_en": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "name_ky": _("Name in Kyrgyz"),
            "name_ru": _("Name in Russian"),
            "name_en": _("Name in English"),
            "bio_ky": _("About, in Kyrgyz"),
            "bio_ru": _("About, in Russian"),
            "bio_en": _("About, in English"),
        }
        help_texts = {
            "phone": _("For example 0555 123 456 or +996 555 123 456."),
            "inn": _("Optional. 14 digits."),
            "legal_form_note": _("As in the registration certificate, e.g. КФ."),
            "availability": _("Shown on your profile and in the registry."),
            "busy_until": _("Only when busy: the last day you are busy."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts_served"].queryset = self.fields[
            "districts_served"
        ].queryset.select_related("region")
        self.fields["expertise_areas"].required = True
        self.fields["email"].required = True
        # an application without it is available for work
        self.fields["availability"].required = False

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{lang}") for lang in ("ky", "ru", "en")):
            self.add_error("name_ky", _("Give the name in at least one language."))
        busy_until = cleaned.get("busy_until")
        cleaned["availability"] = cleaned.get("availability") or Availability.AVAILABLE
        if cleaned["availability"] != Availability.BUSY:
            cleaned["busy_until"] = None
        elif (
            busy_until
            and "busy_until" in self.changed_data
            and busy_until < timezone.localdate()
        ):
            self.add_error("busy_until", _("The date has already passed."))
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        # the untranslated column mirrors the default language, with fallback
        instance.name = (
            self.cleaned_data.get("name_ky")
            or self.cleaned_data.get("name_ru")
            or self.cleaned_data.get("name_en")
        )
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The applicant sees this reason."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the member leaves the network."), required=True
    )


class RatingAnswerForm(forms.Form):
    """The rated member's public answer to a rating."""

    text = forms.CharField(
        label=_("Your public answer (once)"),
        max_length=2000,
        error_messages={"required": _("Write the answer.")},
    )

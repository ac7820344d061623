from django import forms
from django.utils.translation import gettext_lazy as _

from portal import forms as portal_forms
from portal import widgets
from portal.accounts.models import User

from .models import Municipality, Region
from .phones import PhoneFormField

REASON_MAX = 2000


class MunicipalitySearchForm(forms.Form):
    """Finding one's municipality by its name or a village it serves."""

    q = forms.CharField(
        label=_("Name of your municipality or village"),
        max_length=100,
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("All regions"),
    )


class StaffRequestForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your municipality."),
            "invalid_choice": _("Choose a municipality of the register."),
        },
    )
    position = forms.CharField(label=_("Position"), max_length=200)
    work_phone = PhoneFormField(
        label=_("Work phone"),
        help_text=_("For example 0312 62 12 34 or +996 312 621 234."),
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            # the radio buttons show the search results; any active
            # municipality of the register is accepted
            self.fields["municipality"].widget.choices = [
                (m.pk, f"{m} — {m.district or m.region}") for m in choices
            ]


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Required when declining or removing; the person sees it."),
    )


class CoordinatorAppointForm(forms.Form):
    email = forms.EmailField(label=_("Email of the person's account"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_MAX,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(
                _("No account has this email. Ask the person to sign up first.")
            )
        self.user = user
        return email


class CoordinatorRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_MAX,
    )


class MunicipalityNamesForm(portal_forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name_ky", "name_en"]
        labels = {"name_ky": _("Name in Kyrgyz"), "name_en": _("Name in English")}

    def clean(self):
        cleaned = super().clean()
        for field in ("name_ky", "name_en"):
            cleaned[field] = " ".join((cleaned.get(field) or "").split()) or None
        municipality = self.instance
        name = cleaned["name_ky"]
        # the database's constraint, said in words (Django skips it: the form
        # has no district field)
        if (
            name
            and municipality.district_id
            and not municipality.is_retired
            and Municipality.objects.active()
            .filter(district_id=municipality.district_id, name_ky__iexact=name)
            .exclude(pk=municipality.pk)
            .exists()
        ):
            self.add_error(
                "name_ky",
                _("Another municipality of this district has this Kyrgyz name."),
            )
        return cleaned


class NamesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=widgets.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "UTF-8, with the columns soate, name_ky and (optionally) name_en; one "
            "municipality or village per line."
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc
        return text

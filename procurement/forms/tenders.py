"""Forms of the municipality's tender pages and of questions."""

from django import forms
from django.conf import settings
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal import forms as portal_forms
from portal import widgets

from ..models import (
    CancelReason,
    EvaluationCriterion,
    ProcurementMethod,
    Tender,
)
from ..services import AMENDABLE_FIELDS, CRITERION_FIELDS, EDITABLE_FIELDS
from .fields import (
    ACCEPT,
    CheckedFileField,
    upload_help,
)


class TenderForm(portal_forms.ModelForm):
    """A draft tender, created and edited by the municipality's staff."""

    class Meta:
        model = Tender
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "expertise_areas": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "description_ky": forms.Textarea(attrs={"rows": 5}),
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "terms_of_reference_authors": forms.SelectMultiple(attrs={"size": 6}),
            "invited_consultants": forms.SelectMultiple(attrs={"size": 8}),
            "single_source_justification": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title_ky": _("Title in Kyrgyz (required)"),
            "title_ru": _("Title in Russian (optional translation)"),
            "title_en": _("Title in English (optional translation)"),
            "description_ky": _("Description in Kyrgyz (required)"),
            "description_ru": _("Description in Russian (optional translation)"),
            "description_en": _("Description in English (optional translation)"),
        }

    # the page's sections, in order; every field of the form is in one
    SECTIONS = (
        (
            _("What is bought"),
            ("title_ky", "description_ky", "service_kind", "expertise_areas"),
        ),
        (
            _("Where and from whom"),
            ("regions", "eligibility", "terms_of_reference_authors"),
        ),
        (
            _("Procedure and evaluation"),
            (
                "procurement_method",
                "selection_method",
                "estimated_budget",
                "technical_weight",
                "min_technical_score",
            ),
        ),
        (
            _("Dates"),
            ("questions_deadline", "submission_deadline", "opening_at"),
        ),
        (
            _("Contact person and notice number"),
            ("contact_name", "contact_email", "contact_phone", "state_notice_number"),
        ),
    )
    TRANSLATIONS = ("title_ru", "description_ru", "title_en", "description_en")

    # shown by procurement/includes/tender_method_fields.html, each with the
    # method it belongs to (the page works without JavaScript)
    METHOD_FIELDS = (
        "invited_consultants",
        "single_source_consultant",
        "single_source_justification",
        "interest_deadline",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Kyrgyz is required by Tender.clean(), which words the error
        for name in ("title_ky", "description_ky"):
            self.fields[name].widget.attrs["aria-required"] = "true"
        kinds = [c for c in self.fields["service_kind"].choices if c[0]]
        self.fields["service_kind"].choices = [
            ("", _("Choose the kind of service")),
            *kinds,
        ]
        for name in (
            "terms_of_reference_authors",
            "invited_consultants",
            "single_source_consultant",
        ):
            self.fields[name].queryset = Consultant.objects.public()
            self.fields[name].required = False
        self.fields["single_source_consultant"].empty_label = _("Choose the member")
        self.fields["invited_consultants"].help_text = _(
            "Restricted tender and request for quotations only: only these "
            "members may bid. At least %(n)d (the legal minimum, the "
            "PROCUREMENT_MIN_INVITED setting)."
        ) % {"n": settings.PROCUREMENT_MIN_INVITED}
        days = settings.PROCUREMENT_MIN_SUBMISSION_DAYS
        self.fields["submission_deadline"].help_text = _(
            "Asia/Bishkek time. At least %(days)d days after publication."
        ) % {"days": days}
        self.fields["questions_deadline"].help_text = _(
            "Asia/Bishkek time. Consultants may ask questions until then."
        )
        self.fields["opening_at"].help_text = _(
            "Asia/Bishkek time. Not before the submission deadline."
        )

    def main_fields(self):
        return [f for f in self if f.name not in self.METHOD_FIELDS]

    def method_fields(self):
        return {name: self[name] for name in self.METHOD_FIELDS}

    def clean(self):
        data = super().clean()
        method = data.get("procurement_method")
        if method != ProcurementMethod.TWO_STAGE:
            # a two-stage tender sets these when it requests proposals
            for name in ("submission_deadline", "opening_at"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        invited = data.get("invited_consultants")
        problem = Tender.invitation_count_problem(
            method, len(invited) if invited is not None else 0
        )
        if problem:
            self.add_error("invited_consultants", problem)
        return data

    # The title, description, date and method rules are Tender.clean()'s,
    # which the ModelForm runs: errors land on their fields.

    def sections(self):
        """(legend, [bound fields]) for each section of the page."""
        return [
            (legend, [self[name] for name in names]) for legend, names in self.SECTIONS
        ]

    def translations(self):
        return [self[name] for name in self.TRANSLATIONS]


class CriterionForm(portal_forms.ModelForm):
    """A criterion row; Kyrgyz is required as for the tender's own texts."""

    def clean(self):
        data = super().clean()
        if not data.get("DELETE") and not (data.get("name_ky") or "").strip():
            self.add_error(
                "name_ky",
                _("Give the criterion in Kyrgyz; Russian and English are optional."),
            )
        return data


class BaseCriterionFormSet(BaseInlineFormSet):
    def rows(self) -> list[dict]:
        """The criteria as the page leaves them, for services.tender_save."""
        return [
            {name: form.cleaned_data.get(name) for name in CRITERION_FIELDS}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


CriterionFormSet = inlineformset_factory(
    Tender,
    EvaluationCriterion,
    form=CriterionForm,
    formset=BaseCriterionFormSet,
    fields=list(CRITERION_FIELDS),  # the formset appends "tender" to it
    labels={
        "name_ky": _("Criterion in Kyrgyz (required)"),
        "name_ru": _("Criterion in Russian (optional)"),
        "name_en": _("Criterion in English (optional)"),
    },
    extra=3,
    can_delete=True,
)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = CheckedFileField(
        label=_("File"), widget=widgets.FileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help()


class AmendForm(portal_forms.ModelForm):
    summary = forms.CharField(
        label=_("What changed and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Published in the change log, visible to everyone."),
    )
    document_title = forms.CharField(
        label=_("New document title"), max_length=200, required=False
    )
    document = CheckedFileField(
        label=_("New document"),
        required=False,
        widget=widgets.FileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Tender
        fields = AMENDABLE_FIELDS
        labels = TenderForm.Meta.labels
        widgets = {
            "description_ky": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_deadline"].help_text = _(
            "A change made %(days)d days or less before the deadline must move the "
            "deadline to at least %(days)d days from now."
        ) % {"days": settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS}
        self.fields["submission_deadline"].required = True
        self.fields["opening_at"].required = True
        self.fields["document"].help_text = upload_help()

    def _keep_unchanged(self, name):
        """The form shows times to the minute: an untouched time keeps its
        seconds instead of counting as a change (or as an earlier deadline)."""
        value = self.cleaned_data.get(name)
        original = getattr(self.instance, name, None)
        if value and original and value == original.replace(second=0, microsecond=0):
            return original
        return value

    def clean_questions_deadline(self):
        return self._keep_unchanged("questions_deadline")

    def clean_submission_deadline(self):
        return self._keep_unchanged("submission_deadline")

    def clean_opening_at(self):
        return self._keep_unchanged("opening_at")

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in AMENDABLE_FIELDS}


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=CancelReason.choices)
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Published on the tender page and sent to the bidders."),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("The answer is published to everyone, without your name."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

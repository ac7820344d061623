from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from .files import check_upload
from .models import (
    BidFile,
    CancelReason,
    ComplaintDecision,
    EvaluationCriterion,
    Tender,
)
from .services import AMENDABLE_FIELDS

DATETIME_INPUT = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleCheckedFileField(CheckedFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [f for f in (single(d, initial) for d in data) if f]
        checked = single(data, initial)
        return [checked] if checked else []


def upload_help():
    from django.template.defaultfilters import filesizeformat

    return _("PDF, DOCX, XLSX or ODT, up to %(size)s each.") % {
        "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }


class TenderForm(forms.ModelForm):
    """A draft tender, created and edited by the municipality's staff."""

    class Meta:
        model = Tender
        fields = [
            "title_ky",
            "title_ru",
            "title_en",
            "description_ky",
            "description_ru",
            "description_en",
            "service_kind",
            "expertise_areas",
            "procurement_method",
            "selection_method",
            "estimated_budget",
            "regions",
            "eligibility",
            "technical_weight",
            "min_technical_score",
            "questions_deadline",
            "submission_deadline",
            "opening_at",
            "state_notice_number",
            "contact_name",
            "contact_email",
            "contact_phone",
            "terms_of_reference_authors",
        ]
        widgets = {
            "expertise_areas": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "description_ky": forms.Textarea(attrs={"rows": 5}),
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "questions_deadline": DATETIME_INPUT,
            "submission_deadline": DATETIME_INPUT,
            "opening_at": DATETIME_INPUT,
            "terms_of_reference_authors": forms.SelectMultiple(attrs={"size": 6}),
        }
        labels = {
            "title_ky": _("Title in Kyrgyz"),
            "title_ru": _("Title in Russian"),
            "title_en": _("Title in English"),
            "description_ky": _("Description in Kyrgyz"),
            "description_ru": _("Description in Russian"),
            "description_en": _("Description in English"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms_of_reference_authors"].queryset = Consultant.objects.public()
        self.fields["terms_of_reference_authors"].required = False
        days = settings.PROCUREMENT_MIN_SUBMISSION_DAYS
        self.fields["submission_deadline"].required = True
        self.fields["opening_at"].required = True
        self.fields["submission_deadline"].help_text = _(
            "Asia/Bishkek time. At least %(days)d days after publication."
        ) % {"days": days}
        self.fields["questions_deadline"].help_text = _(
            "Asia/Bishkek time. Consultants may ask questions until then."
        )
        self.fields["opening_at"].help_text = _(
            "Asia/Bishkek time. Not before the submission deadline."
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{lang}") for lang in ("ky", "ru", "en")):
            self.add_error("title_ky", _("Give the title in at least one language."))
        if not any(cleaned.get(f"description_{lang}") for lang in ("ky", "ru", "en")):
            self.add_error(
                "description_ky", _("Give the description in at least one language.")
            )
        submission = cleaned.get("submission_deadline")
        questions = cleaned.get("questions_deadline")
        opening = cleaned.get("opening_at")
        if submission and questions and questions >= submission:
            self.add_error(
                "questions_deadline",
                _("The questions deadline must be before the submission deadline."),
            )
        if submission and opening and opening < submission:
            self.add_error(
                "opening_at",
                _("The opening time must not be before the submission deadline."),
            )
        return cleaned


CriterionFormSet = inlineformset_factory(
    Tender,
    EvaluationCriterion,
    fields=["name_ky", "name_ru", "name_en", "weight", "order"],
    labels={
        "name_ky": _("Criterion in Kyrgyz"),
        "name_ru": _("Criterion in Russian"),
        "name_en": _("Criterion in English"),
    },
    extra=3,
    can_delete=True,
)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = CheckedFileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help()


class AmendForm(forms.ModelForm):
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
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Tender
        fields = AMENDABLE_FIELDS
        widgets = {
            "description_ky": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "questions_deadline": DATETIME_INPUT,
            "submission_deadline": DATETIME_INPUT,
            "opening_at": DATETIME_INPUT,
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


class BidForm(forms.Form):
    technical_proposal = forms.CharField(
        label=_("Technical proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50000,
        help_text=_("Approach, methodology and work plan."),
    )
    proposed_team = forms.CharField(
        label=_("Proposed team"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("One person a line: name, role in the assignment, experience."),
    )
    price = forms.DecimalField(
        label=_("Financial offer, KGS"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "Encrypted until the opening: nobody, not even the municipality, sees "
            "it before."
        ),
    )
    technical_files = MultipleCheckedFileField(
        label=_("Technical proposal files"), required=False
    )
    cv_files = MultipleCheckedFileField(label=_("CVs of the team"), required=False)
    financial_files = MultipleCheckedFileField(
        label=_("Financial offer files"), required=False
    )
    remove_files = forms.TypedMultipleChoiceField(
        label=_("Remove files"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conflict_of_interest_declared = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with this municipality "
            "or this assignment, or I disclose it below."
        ),
        required=True,
    )
    conflict_of_interest_note = forms.CharField(
        label=_("Circumstances to disclose"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, existing_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_files"].choices = [
            (f.pk, f"{f.get_kind_display()}: {f.original_name}") for f in existing_files
        ]
        if not existing_files:
            del self.fields["remove_files"]
        for name in ("technical_files", "cv_files", "financial_files"):
            self.fields[name].help_text = upload_help()

    def uploaded(self):
        pairs = []
        for name, kind in (
            ("technical_files", BidFile.Kind.TECHNICAL),
            ("cv_files", BidFile.Kind.CV),
            ("financial_files", BidFile.Kind.FINANCIAL),
        ):
            pairs += [(kind, checked) for checked in self.cleaned_data.get(name) or []]
        return tuple(pairs)


class ScoresForm(forms.Form):
    """One field per bid and criterion: the committee's score 0–100."""

    def __init__(self, *args, bids, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        for bid in bids:
            row = []
            for criterion in criteria:
                name = f"score_{bid.pk}_{criterion.pk}"
                self.fields[name] = forms.DecimalField(
                    label=f"{bid.consultant} — {criterion.name}",
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    required=False,
                    initial=existing.get((bid.pk, criterion.pk)),
                    widget=forms.NumberInput(attrs={"step": "0.01", "size": 5}),
                )
                row.append(self[name])
            self.grid.append((bid, row))

    def scores(self) -> dict:
        result = {}
        for name, value in self.cleaned_data.items():
            _, bid_id, criterion_id = name.split("_")
            result[(int(bid_id), int(criterion_id))] = value
        return result


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("Complaint"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        help_text=_("Accepted during the standstill period; the municipality answers."),
    )


class ComplaintAnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ComplaintDecision.choices)
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=60, required=False)
    amount = forms.DecimalField(
        label=_("Amount, KGS"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_INPUT)
    starts_on = forms.DateField(label=_("Work starts"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Work ends"), widget=DATE_INPUT)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The work cannot end before it starts."))
        return cleaned


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Payment, KGS"), max_digits=14, decimal_places=2, required=False
    )


MilestoneFormSet = formset_factory(MilestoneForm, extra=3)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        help_text=_("5 is the best. Shown on the consultant's profile."),
    )
    comment = forms.CharField(
        label=_("Comment on the work"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

"""The bid form, and the forms of evaluation, complaints and the contract."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from ..models import (
    BidFile,
    ComplaintDecision,
)
from .fields import (
    DATE_INPUT,
    MultipleCheckedFileField,
    upload_help,
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

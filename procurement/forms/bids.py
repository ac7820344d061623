"""The bid form, and the forms of evaluation and the contract."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from ..models import (
    Bid,
    BidFile,
    Contract,
    Milestone,
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

    def clean_price(self):
        price = self.cleaned_data["price"]
        problem = Bid.offer_problem(price)
        if problem:
            raise forms.ValidationError(problem)
        return price

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


class ContractForm(forms.ModelForm):
    """The period and amount rules are Contract.clean()'s."""

    class Meta:
        model = Contract
        fields = ["number", "amount", "signed_on", "starts_on", "ends_on"]
        labels = {
            "number": _("Contract number"),
            "amount": _("Amount, KGS"),
            "signed_on": _("Signed on"),
            "starts_on": _("Work starts"),
            "ends_on": _("Work ends"),
        }
        widgets = {
            "signed_on": DATE_INPUT,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }


class MilestoneForm(forms.ModelForm):
    """A payment's rule is Milestone.clean()'s."""

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "amount"]
        labels = {
            "title": _("Milestone"),
            "due_on": _("Due"),
            "amount": _("Payment, KGS"),
        }
        widgets = {"due_on": DATE_INPUT}


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

"""The bid form, and the forms of evaluation and the contract."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from portal import forms as portal_forms

from ..models import (
    Bid,
    BidFile,
    Contract,
    Milestone,
)
from .fields import (
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

    REMOVE_DRAFTS = "remove_drafts"
    FILE_FIELDS = (
        ("technical_files", BidFile.Kind.TECHNICAL),
        ("cv_files", BidFile.Kind.CV),
        ("financial_files", BidFile.Kind.FINANCIAL),
    )

    def __init__(self, *args, existing_files=(), draft_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_files"].choices = [
            (f.pk, f"{f.get_kind_display()}: {f.original_name}") for f in existing_files
        ]
        if not existing_files:
            del self.fields["remove_files"]
        # the files kept from a failed attempt: listed on the page, each with
        # a "remove" box named REMOVE_DRAFTS (see drafts_to_remove)
        self.draft_files = list(draft_files)
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
        for name, kind in self.FILE_FIELDS:
            pairs += [(kind, checked) for checked in self.cleaned_data.get(name) or []]
        return tuple(pairs)

    def accepted_uploads(self):
        """The files that passed their checks, whether or not the rest of the
        form did: what a failed submission keeps as drafts."""
        pairs = []
        for name, kind in self.FILE_FIELDS:
            accepted = getattr(self.fields[name], "accepted", ())
            pairs += [(kind, checked) for checked in accepted]
        return tuple(pairs)

    def drafts_to_remove(self) -> set:
        """The kept files the bidder ticked, read even from an invalid form."""
        if not self.is_bound:
            return set()
        offered = {f.pk for f in self.draft_files}
        ticked = set()
        for value in self.data.getlist(self.REMOVE_DRAFTS):
            if value.isdigit() and int(value) in offered:
                ticked.add(int(value))
        return ticked

    def drafts_to_attach(self) -> tuple:
        removed = self.drafts_to_remove()
        return tuple(f.pk for f in self.draft_files if f.pk not in removed)


class ContractForm(portal_forms.ModelForm):
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


class MilestoneForm(portal_forms.ModelForm):
    """A payment's rule is Milestone.clean()'s."""

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "amount"]
        labels = {
            "title": _("Milestone"),
            "due_on": _("Due"),
            "amount": _("Payment, KGS"),
        }


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

"""Forms of the evaluation: naming the committee, a member's declaration and
a member's own scores."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from municipalities.models import StaffMembership


class CommitteeForm(forms.Form):
    """Staff of the municipality (ticked) and outside experts (by the email of
    their account)."""

    staff = forms.ModelMultipleChoiceField(
        label=_("Members from the municipality's staff"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    experts = forms.CharField(
        label=_("Outside experts (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The email addresses of their accounts on the portal, one a line."),
    )

    def __init__(self, *args, tender, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(
            pk__in=StaffMembership.objects.confirmed()
            .filter(municipality_id=tender.municipality_id)
            .values("user_id")
        )
        self.fields["staff"].queryset = users.order_by("full_name", "email")
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name()

    def clean_experts(self):
        emails = [
            line.strip()
            for line in self.cleaned_data["experts"].splitlines()
            if line.strip()
        ]
        users = []
        for email in emails:
            user = get_user_model().objects.filter(email__iexact=email).first()
            if user is None:
                raise forms.ValidationError(
                    _("No account has the email %(email)s.") % {"email": email}
                )
            users.append(user)
        return users


class DeclarationForm(forms.Form):
    no_conflict = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with any bidder on "
            "this tender, and that I will keep the bids and the committee's "
            "work confidential."
        ),
        required=True,
    )


class ScoresForm(forms.Form):
    """A member's own scores: one field per bid and criterion, 0–100, each
    labelled with the bid and the criterion it scores."""

    def __init__(self, *args, bids, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        for bid in bids:
            row = []
            for criterion in criteria:
                name = f"score_{bid.pk}_{criterion.pk}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(bidder)s: %(criterion)s (%(weight)s%%), 0–100")
                    % {
                        "bidder": bid.consultant,
                        "criterion": criterion.name,
                        "weight": criterion.weight,
                    },
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    required=False,
                    initial=existing.get((bid.pk, criterion.pk)),
                    widget=forms.NumberInput(
                        attrs={"step": "0.01", "inputmode": "decimal"}
                    ),
                )
                row.append((criterion, self[name]))
            self.grid.append((bid, row))

    def scores(self) -> dict:
        result = {}
        for name, value in self.cleaned_data.items():
            _prefix, bid_id, criterion_id = name.split("_")
            result[(int(bid_id), int(criterion_id))] = value
        return result


class ConsensusForm(forms.Form):
    """The technical score the committee agreed on for each bid, with the
    minutes of the meeting: recorded instead of the average."""

    minutes = forms.CharField(
        label=_("Minutes of the committee's consensus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who took part, what was agreed and why."),
    )

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.bids = bids
        for bid in bids:
            self.fields[f"consensus_{bid.pk}"] = forms.DecimalField(
                label=_("%(bidder)s: agreed technical score, 0–100")
                % {"bidder": bid.consultant},
                min_value=0,
                max_value=100,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"step": "0.01", "inputmode": "decimal"}
                ),
            )

    def consensus(self) -> dict:
        return {bid.pk: self.cleaned_data[f"consensus_{bid.pk}"] for bid in self.bids}

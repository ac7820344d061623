"""Forms of the two-stage selection pages: a member's expression of
interest, the shortlist, the request for proposals' dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import forms as portal_forms

from ..models import ExpressionOfInterest, Tender


class InterestForm(portal_forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["experience", "relevant_contracts"]
        widgets = {"experience": forms.Textarea(attrs={"rows": 8})}


class ShortlistForm(forms.Form):
    """A tick and a reason per application; the service checks the size."""

    def __init__(self, *args, expressions, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for expression in expressions:
            pick = f"pick_{expression.pk}"
            reason = f"reason_{expression.pk}"
            self.fields[pick] = forms.BooleanField(
                label=_("Shortlist %(name)s") % {"name": expression.consultant},
                required=False,
            )
            self.fields[reason] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((expression, self[pick], self[reason]))

    def clean(self):
        data = super().clean()
        for _expression, pick, reason in self.rows:
            if data.get(pick.name) and not (data.get(reason.name) or "").strip():
                self.add_error(
                    reason.name, _("Give the reason for each shortlisted applicant.")
                )
        return data

    def chosen(self) -> dict:
        return {
            expression.pk: self.cleaned_data[reason.name]
            for expression, pick, reason in self.rows
            if self.cleaned_data.get(pick.name)
        }


class ProposalsRequestForm(portal_forms.ModelForm):
    class Meta:
        model = Tender
        fields = ["questions_deadline", "submission_deadline", "opening_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_deadline"].required = True
        self.fields["opening_at"].required = True

    def _post_clean(self):
        # only the date rules: the rest of the tender is checked at publishing
        pass

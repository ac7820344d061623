"""The forms of complaints: filing, the municipality's explanation, the review
commission's decision, resuming a suspended tender, and the academy's
appointments to the commission."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User

from ..models import ComplaintDecision, ComplaintEffect
from ..models.complaints import EFFECTS
from .fields import DATETIME_INPUT


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("Complaint"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        help_text=_(
            "Decided by the independent review commission, after the "
            "municipality's explanation. The decision is published on this page."
        ),
    )


class ComplaintExplainForm(forms.Form):
    explanation = forms.CharField(
        label=_("The municipality's explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text=_("The review commission reads it before deciding."),
    )


class ComplaintDecisionForm(forms.Form):
    """The commission's decision; which effects apply is the complaint's rule
    (Complaint.effect_problem)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ComplaintDecision.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        help_text=_("Published on the tender page with the decision."),
    )
    effect = forms.ChoiceField(
        label=_("Effect on the tender"),
        choices=ComplaintEffect.choices,
        initial=ComplaintEffect.NONE,
        widget=forms.RadioSelect,
        help_text=_("A rejected complaint has no effect on the tender."),
    )

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        self.prefix = f"complaint-{complaint.pk}"
        allowed = EFFECTS[complaint.subject]
        self.fields["effect"].choices = [
            (value, label)
            for value, label in ComplaintEffect.choices
            if value in allowed
        ]

    def clean(self):
        data = super().clean()
        if "decision" in data and "effect" in data:
            problem = self.complaint.effect_problem(data["decision"], data["effect"])
            if problem:
                self.add_error("effect", problem)
        return data


class ResumeForm(forms.Form):
    """New deadlines for a tender the commission suspended; the date rules
    are Tender.resume's and Tender.clean()'s."""

    summary = forms.CharField(
        label=_("What was corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
        help_text=_("Published in the change log; every bidder confirms again."),
    )
    questions_deadline = forms.DateTimeField(
        label=_("Questions deadline"), required=False, widget=DATETIME_INPUT
    )
    submission_deadline = forms.DateTimeField(
        label=_("New submission deadline"), widget=DATETIME_INPUT
    )
    opening_at = forms.DateTimeField(label=_("Opening time"), widget=DATETIME_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_deadline"].help_text = _(
            "At least %(days)d days from now (Asia/Bishkek time)."
        ) % {"days": settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS}


class ReviewMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the account"),
        help_text=_(
            "An account without another role: never a municipality's staff nor "
            "a consultant."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("For example, the order that appointed the person."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this email address."))
        self.user = user
        return email

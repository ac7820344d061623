from django import forms
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal import widgets

from .models import Audience, ConsultationRequest


class MemberSearchForm(forms.Form):
    """The registry search on the request page (GET): the same words as the
    registry's search box."""

    q = forms.CharField(label=_("Find members"), required=False, max_length=200)


class RequestForm(forms.ModelForm):
    """A consultation request and whom it goes to."""

    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=Audience.choices,
        initial=Audience.CHOSEN,
        widget=forms.RadioSelect,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Consultant.objects.members().exclude(status="suspended"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ConsultationRequest
        fields = [
            "topic",
            "expertise_area",
            "description",
            "starts_on",
            "ends_on",
            "timeframe",
            "budget",
        ]
        widgets = {
            "starts_on": widgets.DateInput(),
            "ends_on": widgets.DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.CHOSEN and not data.get("members"):
            self.add_error(
                "members",
                _(
                    "Choose at least one member, or send to every matching "
                    "member in your region."
                ),
            )
        return data


class AnswerForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("interested", _("I am interested: my offer")),
            ("declined", _("I decline")),
        ],
        widget=forms.RadioSelect,
    )
    offer = forms.CharField(
        label=_("Offer"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    price = forms.DecimalField(
        label=_("Price, KGS"),
        required=False,
        min_value=1,
        max_digits=14,
        decimal_places=2,
    )
    starts_on = forms.DateField(
        label=_("Can start"), required=False, widget=widgets.DateInput()
    )
    ends_on = forms.DateField(
        label=_("Can finish"), required=False, widget=widgets.DateInput()
    )
    reason = forms.CharField(
        label=_("Reason for declining (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reply") == "interested" and not (data.get("offer") or "").strip():
            self.add_error("offer", _("Write your offer in a few lines."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on", _("The end date cannot be before the start date.")
            )
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is closed (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SCORES = [(n, str(n)) for n in range(5, 0, -1)]


def _score_field(label):
    return forms.TypedChoiceField(
        label=label, choices=SCORES, coerce=int, widget=forms.RadioSelect
    )


class CompleteForm(forms.Form):
    """The work is done: the municipality's rating of the member."""

    rating = _score_field(_("Rating of the member's work (5 is best)"))
    comment = forms.CharField(
        label=_("Comment on the work"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MunicipalityRatingForm(forms.Form):
    overall = _score_field(_("Overall (5 is best)"))
    clarity = _score_field(_("Clarity of the task"))
    payment = _score_field(_("Payment on time"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RatingAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Public answer of the municipality"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

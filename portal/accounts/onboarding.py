"""Sign-up asks who the person is: a consultant (an NGO or an individual,
who then applies to the network or takes over their registry profile) or
municipal staff (who then pick their municipality and wait for confirmation).
The next page follows the answer (AccountAdapter.get_signup_redirect_url)."""

from django import forms
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "signup_as"
CONSULTANT = "consultant"
MUNICIPAL_STAFF = "municipal_staff"
# where each answer leads after sign-up
NEXT_PAGE = {
    CONSULTANT: "consultants:consultant-apply",
    MUNICIPAL_STAFF: "municipalities:staff-join",
}


class SignupDetailsForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password
    (ACCOUNT_SIGNUP_FORM_CLASS)."""

    signup_as = forms.ChoiceField(
        label=_("Who are you?"),
        choices=[
            (CONSULTANT, _("A consultant: an NGO or an individual consultant")),
            (
                MUNICIPAL_STAFF,
                _("Municipal staff: I work for an ayil okmotu or a city hall"),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us who you are.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        request.session[SESSION_KEY] = self.cleaned_data["signup_as"]

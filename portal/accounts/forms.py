from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal import forms as portal_forms

from .models import LoginThrottle


def locked_error(lock) -> ValidationError:
    """What a locked sign-in says, on the portal's form and the admin's alike."""
    until = date_format(timezone.localtime(lock.until), "d.m.Y H:i")
    if lock.scope == LoginThrottle.Scope.ACCOUNT:
        message = _(
            "Too many failed sign-in attempts: signing in to this account "
            "with a password is locked until %(time)s (Bishkek time). You "
            "can sign in with a link sent by email."
        )
    else:
        message = _(
            "Too many failed sign-in attempts from your network: signing "
            "in with a password is locked until %(time)s (Bishkek time). "
            "You can sign in with a link sent by email."
        )
    return ValidationError(message, code="locked", params={"time": until})


class LockMessageMixin:
    """Replaces "wrong email or password" by the lock's own message when the
    sign-in throttle refused the attempt (the backend leaves the lock on the
    request)."""

    lock = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            lock = getattr(self.request, "login_lock", None)
            if lock is None:
                raise
            self.lock = lock
            raise locked_error(lock) from None


class LoginForm(LockMessageMixin, AllauthLoginForm):
    """allauth's login form, saying plainly when and until when password sign-in
    is locked (the template then offers a sign-in link by email)."""


class AdminLoginForm(LockMessageMixin, AdminAuthenticationForm):
    """The admin's sign-in form, with the same lock message."""


class LoginLinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))


class EmailLanguageForm(portal_forms.ModelForm):
    """The language the portal writes to this person in (every email and
    notification), whatever language the pages are read in."""

    class Meta:
        from .models import User

        model = User
        fields = ["preferred_language"]
        labels = {"preferred_language": _("Language of my emails")}
        widgets = {"preferred_language": forms.RadioSelect}

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import LoginThrottle


class LoginForm(AllauthLoginForm):
    """allauth's login form, saying plainly when and until when password sign-in
    is locked (the template then offers a sign-in link by email)."""

    lock = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            lock = getattr(self.request, "login_lock", None)
            if lock is None:
                raise
            self.lock = lock
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
            raise ValidationError(
                message, code="locked", params={"time": until}
            ) from None


class LoginLinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))

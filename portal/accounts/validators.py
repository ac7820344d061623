from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class RepetitivePasswordValidator:
    """Refuses passwords that are only spaces, one character repeated, or mostly
    one character (more than ``max_share`` of it), whatever their length."""

    def __init__(self, max_share=0.5):
        self.max_share = max_share

    def validate(self, password, user=None):
        if not password:
            return
        if not password.strip():
            raise ValidationError(
                _("This password consists only of spaces."),
                code="password_only_whitespace",
            )
        counts = Counter(password)
        if len(counts) == 1:
            raise ValidationError(
                _("This password is one character repeated."),
                code="password_one_character",
            )
        _char, most = counts.most_common(1)[0]
        if most / len(password) > self.max_share:
            raise ValidationError(
                _("This password is mostly one repeated character."),
                code="password_mostly_one_character",
            )

    def get_help_text(self):
        return _("Your password can’t be only spaces or mostly one repeated character.")


# Kyrgyz phone numbers in one shape everywhere (profiles, municipal staff).
phone_validator = RegexValidator(
    r"^\+996\d{9}$",
    gettext_lazy(
        "Enter the phone number as +996 followed by nine digits, e.g. +996555123456."
    ),
)

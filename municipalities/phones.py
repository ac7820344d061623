"""Phone numbers in one shape everywhere (consultants' profiles, municipal
staff): typed the ways people write Kyrgyz numbers (``0555 123 456``,
``+996 555 123 456``, ``(0555) 12-34-56``, ``996555123456``), stored in E.164
(``+996555123456``), shown in the international format with a ``tel:`` link."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields
from phonenumber_field.phonenumber import PhoneNumber, to_python

REGION = "KG"
INVALID_PHONE = _(
    "This is not a phone number we can dial. Write it as in Kyrgyzstan, e.g. "
    "0555 123 456 or +996 555 123 456 (a number abroad with its + code)."
)


def parse_phone(raw) -> PhoneNumber | None:
    """The number typed or stored, if it is a valid one; None otherwise."""
    if isinstance(raw, PhoneNumber):
        number = raw
    else:
        text = (raw or "").strip()
        if not text:
            return None
        # 996555123456: the country code typed without its plus
        digits = "".join(ch for ch in text if ch.isdigit())
        if text[0] not in "+0(" and digits.startswith("996") and len(digits) == 12:
            text = "+" + digits
        number = to_python(text, region=REGION)
    if not isinstance(number, PhoneNumber) or not number.is_valid():
        return None
    return number


def to_e164(raw) -> str | None:
    """E.164 for a valid number, None for anything else (left as typed)."""
    number = parse_phone(raw)
    return number.as_e164 if number else None


def validate_phone(value) -> None:
    if value in (None, "") or parse_phone(value) is not None:
        return
    raise ValidationError(INVALID_PHONE, code="invalid")


class PhoneFormField(formfields.PhoneNumberField):
    """Accepts the usual ways of writing a number; cleans to E.164 (a str)."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("region", REGION)
        kwargs.setdefault("error_messages", {"invalid": INVALID_PHONE})
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        return parse_phone(value) or super().to_python(value)

    def clean(self, value):
        number = super().clean(value)
        return number.as_e164 if number else ""


class PhoneField(models.CharField):
    """A phone number column holding E.164 (a plain str, ``+996555123456``):
    whatever is saved or looked up is normalised first. A number stored
    before numbers were checked stays as it was until it is edited."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return to_e164(value) or value

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PhoneFormField)
        kwargs.setdefault("error_messages", {"invalid": INVALID_PHONE})
        return super().formfield(**kwargs)


def international(value) -> str:
    """+996 555 123 456 for a valid number; what was stored otherwise."""
    number = parse_phone(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def convert_stored_phones(connection, *, table: str, column: str) -> list[tuple]:
    """Rewrite the numbers stored in ``table.column`` in E.164 (for the data
    migrations). Returns the (id, value) rows left as they were because they
    are not valid numbers."""
    left = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {column} FROM {table} WHERE {column} <> '' ORDER BY id"
        )
        for pk, value in cursor.fetchall():
            e164 = to_e164(value)
            if e164 is None:
                left.append((pk, value))
            elif e164 != value:
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s WHERE id = %s", [e164, pk]
                )
    return left


def report_left_phones(left: list[tuple], *, what: str) -> None:
    """Tell whoever runs migrate which numbers were left as they were."""
    for pk, value in left:
        print(f"  {what} {pk}: phone {value!r} is not a valid number, left as is")

"""Date and amount rules: each is written once, as the condition of a
database CheckConstraint in the model's Meta, and read from there by the
model's clean().

A FieldRule names the constraint, the field to blame and the message for the
user. clean() evaluates the constraint's own condition on the unsaved values
(CheckConstraint.validate), so a form, a serializer or a service learns which
field is wrong, in the user's language, before PostgreSQL would refuse the
row; and the condition cannot drift between Python and SQL.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError


class FieldRule(NamedTuple):
    constraint: str
    field: str
    message: str


def broken_rules(instance, rules) -> dict:
    """{field: [messages]} of the rules the instance's values break."""
    constraints = {c.name: c for c in instance._meta.constraints}
    errors: dict = {}
    for rule in rules:
        try:
            constraints[rule.constraint].validate(type(instance), instance)
        except ValidationError:
            errors.setdefault(rule.field, []).append(rule.message)
    return errors


def check_rules(instance, rules) -> None:
    """Raise ValidationError({field: [messages]}) for the broken rules."""
    errors = broken_rules(instance, rules)
    if errors:
        raise ValidationError(errors)

"""Date and amount rules: each is written once, as the condition of a
database CheckConstraint in the model's Meta, and read from there by the
model's clean().

A FieldRule names the constraint, the field to blame and the message for the
user. clean() evaluates the constraint's own condition on the unsaved values
(CheckConstraint.validate), so a form, a serializer or a service learns which
field is wrong, in the user's language, before PostgreSQL would refuse the
row; and the condition cannot drift between Python and SQL. All the rules
of one instance are asked in one query (as CheckConstraint.validate asks
one: a condition that is NULL passes).
"""

import logging
from contextlib import nullcontext
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

logger = logging.getLogger(__name__)


class FieldRule(NamedTuple):
    constraint: str
    field: str
    message: str


def broken_rules(instance, rules, using=DEFAULT_DB_ALIAS) -> dict:
    """{field: [messages]} of the rules the instance's values break."""
    if not rules:
        return {}
    constraints = {c.name: c for c in instance._meta.constraints}
    query = Query(None)
    against = instance._get_field_expression_map(meta=instance._meta)
    for name, value in against.items():
        if not hasattr(value, "resolve_expression"):
            value = Value(value)
        query.add_annotation(value, name, select=False)
    for index, rule in enumerate(rules):
        condition = Q(constraints[rule.constraint].condition)
        passes = Coalesce(
            ExpressionWrapper(condition, output_field=BooleanField()),
            True,
            output_field=BooleanField(),
        )
        query.add_annotation(passes, f"rule_{index}")
    connection = connections[using]
    guard = (
        transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    )
    try:
        with guard:
            row = query.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError as exc:  # as Q.check: the database will judge on save
        logger.warning("Could not check %s: %s", [r.constraint for r in rules], exc)
        return {}
    errors: dict = {}
    for rule, passes in zip(rules, row, strict=True):
        if not passes:
            errors.setdefault(rule.field, []).append(rule.message)
    return errors


def check_rules(instance, rules) -> None:
    """Raise ValidationError({field: [messages]}) for the broken rules."""
    errors = broken_rules(instance, rules)
    if errors:
        raise ValidationError(errors)

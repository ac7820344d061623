"""Columns the database keeps itself (triggers of the migrations that add
them): the application reads them, never writes them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


def kept_ids() -> ArrayField:
    """The ids of a many-to-many relation, ascending, as an array column (a
    GIN index answers `ids @> '{25}'`); empty until the database fills it."""
    return ArrayField(
        models.BigIntegerField(),
        editable=False,
        blank=True,
        default=list,
        db_default=models.Value([], output_field=ArrayField(models.BigIntegerField())),
    )

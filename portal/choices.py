"""Drop-down choices of reference tables (regions, districts, expertise
areas), cached in Redis.

Each list page rendered its filter drop-downs with one query each: three of
the registry's seven queries filled them, on every request. The choices are
kept per query and language until a row of the model is saved or deleted (a
version per model, bumped by signals, also after commit) or CHOICES_TIMEOUT
passes (updates that send no signal, e.g. QuerySet.update, in migrations).
A value chosen by the user is still checked against the database. Each
worker also keeps what it read (by the same key, the version read from Redis
each time), which saves a round trip and the unpickling per drop-down.
"""

import hashlib
import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

CHOICES_TIMEOUT = 600


def _version_key(model) -> str:
    return f"choices-version:{model._meta.label_lower}"


def bump_choices_version(model) -> None:
    """Forget every cached drop-down of the model (now and after commit)."""

    def bump():
        cache.set(_version_key(model), uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def choices_version(model) -> str:
    """Changes whenever a watched model's rows do: part of a cache key."""
    return cache.get(_version_key(model)) or "0"


def _invalidate(sender, **kwargs):
    bump_choices_version(sender)


def watch(model) -> None:
    """Saves and deletes of the model's rows invalidate its cached choices."""
    uid = f"portal.choices:{model._meta.label_lower}"
    post_save.connect(_invalidate, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_invalidate, sender=model, weak=False, dispatch_uid=uid)


# choices already read from Redis, by their full key (which holds the model's
# version, read from Redis on every call): a save anywhere still shows at once
# and the worker skips the second round trip and the unpickling
_local: dict[str, tuple[float, list[tuple[str, str]]]] = {}
_LOCAL_MAX = 256


def _fresh_version(model) -> str:
    """A version for a model that has none (never bumped, or Redis emptied),
    so that choices kept under an earlier version are never reused; "0" when
    Redis does not answer."""
    key = _version_key(model)
    cache.add(key, uuid.uuid4().hex, None)
    return cache.get(key) or "0"


def cached_choices(field) -> list[tuple[str, str]]:
    """(value, label) of every row of the field's queryset, in the current
    language, from the cache when it has them."""
    queryset = field.queryset
    model = queryset.model
    version = choices_version(model)
    sql = str(queryset.query) + "|" + str(getattr(field, "to_field_name", ""))
    digest = hashlib.sha256(sql.encode()).hexdigest()[:24]
    if version == "0":
        version = _fresh_version(model)
    key = f"choices:{model._meta.label_lower}:{version}:{get_language()}:{digest}"
    kept_until, choices = _local.get(key, (0.0, None))
    if kept_until >= time.monotonic():
        return choices
    choices = cache.get(key)
    if choices is None:
        choices = [
            (str(field.prepare_value(obj)), str(field.label_from_instance(obj)))
            for obj in queryset
        ]
        cache.set(key, choices, CHOICES_TIMEOUT)
    if version != "0":
        if len(_local) >= _LOCAL_MAX:
            _local.clear()
        # about as long as Redis keeps them (updates that send no signal show
        # within two CHOICES_TIMEOUT at worst)
        _local[key] = (time.monotonic() + CHOICES_TIMEOUT, choices)
    return choices


def cached_rows(queryset) -> list:
    """The queryset's rows (model instances, every language's names), from
    the cache when it has them; kept like the drop-downs (watch the model).
    Fresh instances each call: callers may set attributes on them."""
    model = queryset.model
    digest = hashlib.sha256(str(queryset.query).encode()).hexdigest()[:24]
    version = choices_version(model)
    if version == "0":  # as for the drop-downs: an emptied Redis revives nothing
        version = _fresh_version(model)
    key = f"rows:{model._meta.label_lower}:{version}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset.all())  # a copy: the caller's stays unread
        cache.set(key, rows, CHOICES_TIMEOUT)
    return rows


class CachedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from cached_choices(self.field)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (
            self.field.null_label is not None
        )
        return len(cached_choices(self.field)) + extra

    def __bool__(self):
        return len(self) > 0


class CachedModelChoiceField(ModelChoiceField):
    """A ModelChoiceField whose drop-down comes from cached_choices."""

    iterator = CachedModelChoiceIterator

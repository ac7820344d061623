"""Drop-down choices of reference tables (regions, districts, expertise
areas), cached in Redis.

Each list page rendered its filter drop-downs with one query each: three of
the registry's seven queries filled them, on every request. The choices are
kept per query and language until a row of the model is saved or deleted (a
version per model, bumped by signals, also after commit) or CHOICES_TIMEOUT
passes (updates that send no signal, e.g. QuerySet.update, in migrations).
A value chosen by the user is still checked against the database. Each
worker also keeps what it read (by the same key, the version read from Redis
once a request), which saves a round trip and the unpickling per drop-down.

A key names the drop-down's query by a digest of its SQL. Compiling that SQL
cost ~0.3 ms a drop-down, on every request: a filter's declared queryset
(CachedModelChoiceFilter) carries a memo of its digest, shared by the copies
each request makes of the filter and of its form field; a queryset made
later (the districts of a chosen region) has none and is compiled.
"""

import hashlib
import threading
import time
import uuid

from django.core.cache import cache
from django.core.signals import request_finished, request_started
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
        version = uuid.uuid4().hex
        cache.set(_version_key(model), version, None)
        versions = getattr(_request, "versions", None)
        if versions is not None:
            versions[_version_key(model)] = version

    bump()
    transaction.on_commit(bump)


# the versions read during the current request (one Redis round trip per
# model and request, not per drop-down); outside a request (tasks, shell)
# every call asks Redis
_request = threading.local()


def _request_began(**kwargs):
    _request.versions = {}


def _request_ended(**kwargs):
    _request.versions = None


request_started.connect(_request_began, dispatch_uid="portal.choices.began")
request_finished.connect(_request_ended, dispatch_uid="portal.choices.ended")


def choices_version(model) -> str:
    """Changes whenever a watched model's rows do: part of a cache key."""
    key = _version_key(model)
    versions = getattr(_request, "versions", None)
    if versions is None:
        return cache.get(key) or "0"
    if key not in versions:
        # the first drop-down of the request reads every watched model's
        # version in one round trip
        # (a model with no version yet is recorded too, asked once)
        keys = {key, *_watched_keys}
        found = cache.get_many(list(keys))
        versions.update({name: found.get(name) for name in keys})
    return versions.get(key) or "0"


def _invalidate(sender, **kwargs):
    bump_choices_version(sender)


_watched_keys: set[str] = set()


def watch(model) -> None:
    """Saves and deletes of the model's rows invalidate its cached choices."""
    _watched_keys.add(_version_key(model))
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
    version = cache.get(key) or "0"
    versions = getattr(_request, "versions", None)
    if versions is not None and version != "0":
        versions[key] = version
    return version


class _SqlDigest:
    """The digests of a declared queryset's SQL (by what the caller adds to
    it: a field's to_field_name), computed once a process and shared by
    every copy of the queryset (deepcopy returns it as is)."""

    __slots__ = ("values",)

    def __init__(self):
        self.values = {}

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


def remember_sql(queryset):
    """Mark a declared queryset (a filter's, a module's): its SQL digest is
    kept."""
    queryset._choices_sql_digest = _SqlDigest()
    return queryset


def _sql_digest(queryset, suffix: str = "") -> str:
    kept = getattr(queryset, "_choices_sql_digest", None)
    if kept is not None and suffix in kept.values:
        return kept.values[suffix]
    sql = str(queryset.query) + suffix
    digest = hashlib.sha256(sql.encode()).hexdigest()[:24]
    if kept is not None:
        kept.values[suffix] = digest
    return digest


def cached_choices(field) -> list[tuple[str, str]]:
    """(value, label) of every row of the field's queryset, in the current
    language, from the cache when it has them."""
    queryset = field.queryset
    model = queryset.model
    version = choices_version(model)
    digest = _sql_digest(queryset, "|" + str(getattr(field, "to_field_name", "")))
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
    digest = _sql_digest(queryset)
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

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        _carry_digest(queryset, self._queryset)

    queryset = property(ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        _carry_digest(self._queryset, result._queryset)
        return result


def _carry_digest(source, clone) -> None:
    """A clone of a declared queryset (queryset.all()) is the same query."""
    kept = getattr(source, "_choices_sql_digest", None)
    if kept is not None and clone is not None:
        clone._choices_sql_digest = kept

"""Model fields whose content is sealed at rest.

A ``SealedTextField`` holds text in Python and a Fernet token (procurement.crypto,
the keys of BID_ENCRYPTION_KEY) in the database: a dump of the table shows
ciphertext only. Sealing lives here, in the model layer, so forms, the API and
services read and write plain strings while the database never sees them; who
may read the text is decided by procurement.access (the envelope rules).
"""

import base64

from django import forms
from django.db import models

from . import crypto


class SealedTextField(models.BinaryField):
    """Text stored encrypted (a new token at each save, so equal texts do not
    show as equal). Lookups other than ``isnull`` are meaningless on it."""

    description = "Text sealed with the bid encryption key"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # BinaryField drops editable=True from its kwargs; keep ours explicit
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def _check_str_default_value(self):
        return []  # the default is text, sealed like any value

    def get_internal_type(self):
        return "BinaryField"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return crypto.decrypt(bytes(value)).decode()

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return crypto.decrypt(bytes(value)).decode()

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if isinstance(value, memoryview | bytes):
            # already a token (a historical value copied as it is)
            return connection.Database.Binary(bytes(value))
        return connection.Database.Binary(crypto.encrypt(str(value).encode()))

    def value_to_string(self, obj):
        # serialization (dumpdata) shows the token, never the text
        value = self.value_from_object(obj)
        if value is None:
            return None
        return base64.b64encode(crypto.encrypt(str(value).encode())).decode()

    def formfield(self, **kwargs):
        defaults = {"form_class": forms.CharField, "widget": forms.Textarea}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

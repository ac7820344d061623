"""Model fields whose content is sealed at rest.

A ``SealedTextField`` holds text in Python and a Fernet token (procurement.crypto,
the keys of BID_ENCRYPTION_KEY) in the database: a dump of the table shows
ciphertext only. Sealing lives here, in the model layer, so forms, the API and
services read and write plain strings while the database never sees them; who
may read the text is decided by procurement.access (the envelope rules).
"""

from django.db import models

from . import crypto


class SealedTextField(models.TextField):
    """Text in Python (so forms, serializers and services treat it as text),
    a Fernet token in a bytea column: a new token at each save, so equal
    texts do not show as equal. Lookups other than ``isnull`` are
    meaningless on it (the admin allows none)."""

    description = "Text sealed with the bid encryption key"

    def db_type(self, connection):
        return "bytea"

    def rel_db_type(self, connection):
        return "bytea"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return crypto.decrypt(bytes(value)).decode()

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if isinstance(value, memoryview | bytes):
            # already a token (a value copied as it is)
            return connection.Database.Binary(bytes(value))
        return connection.Database.Binary(crypto.encrypt(str(value).encode()))

"""Salted bid receipts.

Until now a receipt's digest was SHA-256 of the canonical JSON of the bid, whose
every field but the price is stored in clear text: a database dump let anyone
test guessed prices against it and recover sealed offers. From now on each
receipt has a random 32-byte salt, stored sealed with the bid encryption key,
and the digest is HMAC-SHA256 of the receipt document keyed with the salt.

The documents of earlier receipts are not kept, so their digests cannot be
recomputed; this migration makes them useless to a brute force instead: each
gets a fresh salt (sealed) and its digest becomes

    SHA-256(salt || old digest as 32 bytes)

The bidder, who sees the salt on their own bid page, checks it against the old
digest they were given: `echo SALT OLD | xxd -r -p | sha256sum`.
Reversing it restores nothing: the old digests are gone by design.

Sealing needs BID_ENCRYPTION_KEY; a database with receipts and no key
configured stops here with ImproperlyConfigured (the key must be set first).
"""

import hashlib
import secrets

from django.db import migrations, models


def salt_old_receipts(apps, schema_editor):
    from procurement import crypto

    BidReceipt = apps.get_model("procurement", "BidReceipt")
    for receipt in BidReceipt.objects.filter(sealed_salt__isnull=True).iterator():
        salt = secrets.token_bytes(32)
        receipt.digest = hashlib.sha256(salt + bytes.fromhex(receipt.digest)).hexdigest()
        receipt.sealed_salt = crypto.encrypt(salt)
        receipt.save(update_fields=["digest", "sealed_salt"])


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0003_list_filter_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="bidreceipt",
            name="sealed_salt",
            field=models.BinaryField(
                editable=False, null=True, verbose_name="sealed salt"
            ),
        ),
        migrations.AddField(
            model_name="bidreceipt",
            name="sealed_document",
            field=models.BinaryField(
                blank=True,
                default=b"",
                editable=False,
                verbose_name="sealed receipt document",
            ),
        ),
        migrations.RunPython(salt_old_receipts, migrations.RunPython.noop),
    ]

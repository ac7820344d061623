"""Encryption at rest of sealed bids (financial offers and bid files).

Fernet (AES-128-CBC with HMAC-SHA256) with the key in settings.BID_ENCRYPTION_KEY;
without one, a key is derived from SECRET_KEY so that development works. A
database dump or a copy of the media folder taken before the opening shows no
price and no file content.
"""

import base64
import hashlib
from decimal import Decimal

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.BID_ENCRYPTION_KEY
    if not key:
        digest = hashlib.sha256(
            b"procurement.bid-encryption:" + settings.SECRET_KEY.encode()
        ).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:  # a wrong key must not pass silently
        raise ValueError("cannot decrypt sealed bid content") from exc


def seal_price(price: Decimal) -> bytes:
    return encrypt(f"{price:.2f}".encode())


def unseal_price(token: bytes) -> Decimal:
    return Decimal(decrypt(token).decode())

"""Encryption at rest of sealed bids (financial offers, bid files, receipt salts).

Fernet (AES-128-CBC with HMAC-SHA256) with the keys in settings.BID_ENCRYPTION_KEY:
a comma-separated list of Fernet keys, the first one encrypts and every one
decrypts, so a key can be rotated (put the new key first, keep the old one until
everything sealed under it has been opened or sealed again). There is no
fallback: the key is a secret of its own, never derived from another one, and
sealing without it fails. A database dump or a copy of the media folder taken
before the opening shows no price and no file content.
"""

import binascii
import hashlib
from decimal import Decimal

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENERATE_HINT = (
    'python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)


def configured_keys() -> list[str]:
    """The keys of settings.BID_ENCRYPTION_KEY, first (the encrypting one) first."""
    raw = settings.BID_ENCRYPTION_KEY or ""
    return [key.strip() for key in raw.split(",") if key.strip()]


# SHA-256 of a 256-bit random key cannot be turned back into the key; the
# domain prefix keeps the fingerprint from matching any other use of a hash
FINGERPRINT_DOMAIN = b"bazhba bid encryption key fingerprint v1\x00"


def key_fingerprint(key: str) -> str:
    """A public name of a key (backups record it so that a restore can tell
    whether the configured key opens the sealed bids), never the key itself
    nor anything it can be derived from."""
    return hashlib.sha256(FINGERPRINT_DOMAIN + key.strip().encode()).hexdigest()


def configured_fingerprints() -> list[str]:
    """The fingerprints of settings.BID_ENCRYPTION_KEY, the encrypting key first."""
    return [key_fingerprint(key) for key in configured_keys()]


def key_problem() -> str | None:
    """What is wrong with settings.BID_ENCRYPTION_KEY, or None when it is usable
    (the one rule, asked by the system check and by sealing alike)."""
    keys = configured_keys()
    if not keys:
        return (
            "BID_ENCRYPTION_KEY is not set: sealed bids cannot be encrypted. "
            f"Generate a key with {GENERATE_HINT}"
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            return (
                f"BID_ENCRYPTION_KEY: key {position} of {len(keys)} is not a Fernet "
                "key (32 url-safe base64-encoded bytes). "
                f"Generate one with {GENERATE_HINT}"
            )
    return None


def _fernet() -> MultiFernet:
    problem = key_problem()
    if problem:
        raise ImproperlyConfigured(problem)
    return MultiFernet([Fernet(key) for key in configured_keys()])


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:  # a wrong key must not pass silently
        raise ValueError("cannot decrypt sealed bid content") from exc


def reseal(token: bytes) -> bytes:
    """The same content sealed under the first (current) key."""
    try:
        return _fernet().rotate(bytes(token))
    except InvalidToken as exc:
        raise ValueError("cannot decrypt sealed bid content") from exc


def seal_price(price: Decimal) -> bytes:
    return encrypt(f"{price:.2f}".encode())


def unseal_price(token: bytes) -> Decimal:
    return Decimal(decrypt(token).decode())

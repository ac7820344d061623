"""`make run` brings its own bid encryption key, kept private in .run/."""

import stat

from cryptography.fernet import Fernet

from portal.localservices import bid_encryption_key


class TestBidEncryptionKey:
    def test_generated_once_private_and_reused(self, tmp_path):
        state = tmp_path / ".run"
        key = bid_encryption_key(state)
        Fernet(key)  # a valid Fernet key
        path = state / "bid-encryption.key"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert bid_encryption_key(state) == key

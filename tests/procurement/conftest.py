import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in the English source text."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories set a password on every user; hashing it properly is slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

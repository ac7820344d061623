"""`manage.py check --deploy` with production values prints no warning, and
refuses a deployment that forgot its secret key or its bid encryption key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "portal.example.kg",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_HSTS_SECONDS": "31536000",
    "BID_ENCRYPTION_KEY": Fernet.generate_key().decode(),
}


def check_deploy(fail_level="WARNING", **overrides) -> subprocess.CompletedProcess:
    # the test run's own DJANGO_* values (insecure cookies...) must not leak in
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", fail_level],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestCheckDeploy:
    def test_production_values_pass_without_warning(self):
        assert os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")
        result = check_deploy()
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout
        assert "WARNINGS" not in result.stdout + result.stderr

    def test_forgotten_https_settings_default_to_safe(self):
        # without DEBUG, a deployment that forgets the https variables still
        # redirects to https and sends HSTS
        result = check_deploy(DJANGO_SECURE_SSL_REDIRECT=None, DJANGO_HSTS_SECONDS=None)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNINGS" not in result.stdout + result.stderr

    @pytest.mark.parametrize(
        ("name", "value", "check_id"),
        [
            ("DJANGO_SECRET_KEY", None, "security.W009"),
            ("DJANGO_SECURE_SSL_REDIRECT", "false", "security.W008"),
            ("DJANGO_HSTS_SECONDS", "0", "security.W004"),
            ("DJANGO_SECURE_COOKIES", "false", "security.W012"),
            ("DJANGO_DEBUG", "true", "security.W018"),
        ],
    )
    def test_a_missing_production_value_is_reported(self, name, value, check_id):
        result = check_deploy(**{name: value})
        assert result.returncode != 0
        assert check_id in result.stdout + result.stderr

    @pytest.mark.parametrize(
        ("value", "check_id"),
        [
            (None, "procurement.E001"),
            ("", "procurement.E001"),
            ("x", "procurement.E002"),
        ],
    )
    def test_a_missing_or_bad_bid_encryption_key_fails(self, value, check_id):
        # an error, not a warning: it fails at check's default level too
        result = check_deploy("ERROR", BID_ENCRYPTION_KEY=value)
        assert result.returncode != 0
        assert check_id in result.stdout + result.stderr
        assert "ERRORS" in result.stderr

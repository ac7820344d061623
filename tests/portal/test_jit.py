"""PostgreSQL's JIT is off for every connection of the portal (the reason is
in portal/settings.py), also when DATABASE_URL brings options of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def _options_for(url: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1]).get("options", "")


def test_options_of_the_database_url_keep_jit_off():
    options = _options_for(
        "postgres://u@127.0.0.1:5432/portal?options=-c%20statement_timeout%3D5000"
    )
    assert "statement_timeout=5000" in options
    assert "jit=off" in options


def test_a_deployment_may_turn_jit_back_on():
    options = _options_for("postgres://u@127.0.0.1:5432/portal?options=-c%20jit%3Don")
    assert "jit=on" in options
    assert "jit=off" not in options

"""The access matrix: for every named URL (``name`` or ``name#variant``) and
every API operation (``API <METHOD> <path>``) the answer each role gets.
``answer(default, role=value, …)``: the default for every role, then the
roles that differ. Values: an HTTP status, or LOGIN (a redirect to a sign-in
page). Pages are requested with GET, POST-only actions with POST, API
operations with their own method; every request is rolled back afterwards."""

from tests.attack.world import ROLES

LOGIN = "login"


def answer(default, **overrides) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"no such role: {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def answer_of(value) -> str:
    return "LOGIN" if value == LOGIN else str(value)


EXPECTED: dict[str, dict] = {}

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in the English source text."""
    with translation.override("en"):
        yield

import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck, settings

from tests import fuzzing
from tests.accounts.factories import (
    PASSWORD,
    AcademyAdminFactory,
    ConsultantUserFactory,
    CoordinatorFactory,
)
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import StaffMembershipFactory, region

# Hypothesis: "ci" in make test and CI (small, derandomized: a failure
# repeats), "nightly" with PORTAL_FUZZ=nightly (tests/fuzzing.py); no example
# database (nothing written outside the test run)
for _name, _examples in (("ci", fuzzing.FORM_EXAMPLES), ("nightly", 200)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        derandomize=_name == "ci",
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
settings.load_profile("nightly" if fuzzing.NIGHTLY else "ci")


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test
    client leaves its page's language active in the thread, which would turn
    the next test's get_absolute_url() into another language's address."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def academy_admin(db):
    return AcademyAdminFactory()


@pytest.fixture
def municipal_staff(db):
    return StaffMembershipFactory().user


@pytest.fixture
def coordinator(db):
    user = CoordinatorFactory()
    user.coordinated_regions.add(region("KG-N"))
    return user


@pytest.fixture
def consultant(db):
    """A provisional member with an account."""
    return ConsultantFactory(user=ConsultantUserFactory())


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make

import pytest
from django.core.cache import cache

from tests.accounts.factories import (
    PASSWORD,
    AcademyAdminFactory,
    ConsultantUserFactory,
    CoordinatorFactory,
)
from tests.consultants.factories import ConsultantFactory
from tests.municipalities.factories import StaffMembershipFactory, region


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield


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

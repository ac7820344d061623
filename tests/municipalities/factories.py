import factory

from municipalities.models import (
    District,
    MembershipStatus,
    Municipality,
    Region,
    StaffMembership,
)
from tests.accounts.factories import MunicipalStaffUserFactory, UserFactory


def region(code="KG-N"):
    """Regions are reference data loaded by a migration: use them, don't invent."""
    return Region.objects.get(code=code)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.LazyFunction(lambda: region("KG-N"))
    name = factory.Sequence(lambda n: f"Test району {n}")
    name_ky = factory.SelfAttribute("name")
    name_ru = factory.Sequence(lambda n: f"Тестовый район {n}")
    name_en = factory.Sequence(lambda n: f"Test District {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.LazyFunction(lambda: region("KG-N"))
    kind = "ayil_okmotu"
    name = factory.Sequence(lambda n: f"Тест айыл өкмөтү {n}")
    name_ky = factory.SelfAttribute("name")
    name_ru = factory.Sequence(lambda n: f"Тест айыл окмоту {n}")
    name_en = factory.Sequence(lambda n: f"Test Ayil Okmotu {n}")


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    """A confirmed staff member (what most tests need); PendingStaffFactory
    for one who waits."""

    class Meta:
        model = StaffMembership

    user = factory.SubFactory(MunicipalStaffUserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    status = MembershipStatus.CONFIRMED
    position = "Адис"
    work_phone = "+996312000111"


class PendingStaffFactory(StaffMembershipFactory):
    """Signed up as municipal staff, not confirmed yet: no role."""

    user = factory.SubFactory(UserFactory)
    status = MembershipStatus.PENDING


def municipality(soate: str):
    """A municipality of the SOATE register, loaded by a migration."""
    return Municipality.objects.get(soate=soate)

import factory

from consultants.models import Consultant, ExpertiseArea, NetworkStatus
from tests.accounts.factories import ConsultantUserFactory
from tests.municipalities.factories import region


class ExpertiseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Багыт {n}")
    name_ky = factory.SelfAttribute("name")
    name_ru = factory.Sequence(lambda n: f"Направление {n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")


class ConsultantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultant
        skip_postgeneration_save = True

    kind = "organization"
    legal_form = "public_foundation"
    name = factory.Sequence(lambda n: f"Консультант {n}")
    name_ky = factory.SelfAttribute("name")
    name_ru = factory.Sequence(lambda n: f"Консультант РУ {n}")
    name_en = factory.Sequence(lambda n: f"Consultant {n}")
    bio_ky = "Жергиликтүү кызмат көрсөтүүлөр боюнча тажрыйба."
    home_region = factory.LazyFunction(lambda: region("KG-N"))
    languages = factory.LazyFunction(lambda: ["ky", "ru"])
    email = factory.Sequence(lambda n: f"contact{n}@ngo.kg")
    phone = "+996555123456"
    status = NetworkStatus.PROVISIONAL

    @factory.post_generation
    def expertise_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise_areas.add(*extracted)

    @factory.post_generation
    def regions_served(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions_served.add(*extracted)


class ApplicantFactory(ConsultantFactory):
    status = NetworkStatus.APPLICANT
    user = factory.SubFactory(ConsultantUserFactory)

import factory

from portal.accounts.models import Role, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kg")
    full_name = factory.Faker("name")
    role = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AcademyAdminFactory(UserFactory):
    role = Role.ACADEMY_ADMIN


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


class ReviewBodyFactory(UserFactory):
    """A member of the complaint review commission."""

    role = Role.REVIEW_BODY


class ConsultantUserFactory(UserFactory):
    role = Role.CONSULTANT


class MunicipalStaffUserFactory(UserFactory):
    role = Role.MUNICIPAL_STAFF

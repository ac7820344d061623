from datetime import date, timedelta

import factory
from django.utils import timezone

from tests.consultants.factories import ConsultantFactory
from trainings.models import Attendance, CertificationProgramme, Participant, Training


class TrainingFactory(factory.django.DjangoModelFactory):
    """A three-day training next month, in Naryn oblast."""

    class Meta:
        model = Training
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Тренинг {n}")
    title_ky = factory.SelfAttribute("title")
    title_ru = factory.Sequence(lambda n: f"Тренинг РУ {n}")
    title_en = factory.Sequence(lambda n: f"Training {n}")
    organizer = "БАЖБА"
    organizer_ky = "БАЖБА"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(2))
    region_id = "KG-N"

    @factory.post_generation
    def expertise_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise_areas.add(*extracted)


class EndedTrainingFactory(TrainingFactory):
    """A three-day training that ended last month: its participants can
    complete it."""

    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(40))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    training = factory.SubFactory(TrainingFactory)
    consultant = factory.SubFactory(ConsultantFactory)


def attend(participant: Participant, days: list[date] | None = None) -> Participant:
    """Mark the participant present on the given days (all by default)."""
    for day in participant.training.days if days is None else days:
        Attendance.objects.get_or_create(participant=participant, date=day)
    return participant


def completer(training: Training, **consultant_fields) -> Participant:
    """A network member who attended every day of the training."""
    return attend(
        ParticipantFactory(
            training=training, consultant=ConsultantFactory(**consultant_fields)
        )
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationProgramme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Программа {n}")
    name_ky = factory.SelfAttribute("name")
    name_ru = factory.Sequence(lambda n: f"Программа РУ {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")

    @factory.post_generation
    def required_trainings(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.required_trainings.add(*extracted)

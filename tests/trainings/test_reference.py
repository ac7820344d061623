from datetime import date

import pytest

from consultants.models import Consultant, NetworkStatus
from trainings.models import Participant, Training


@pytest.mark.django_db
class TestTraining2022:
    def training(self):
        return Training.objects.get(start_date=date(2022, 5, 29))

    def test_is_loaded_with_dates_titles_and_organizers(self):
        training = self.training()
        assert training.end_date == date(2022, 6, 2)
        assert training.day_count == 5
        assert training.title_ky.startswith("ЖӨБ органдары үчүн")
        assert training.title_en.startswith("Building a network")
        assert training.title_ru.startswith("Создание сети")
        assert "Successful Aimak 2" in training.organizer_en
        assert "БАЖБА" in training.partners_ky
        assert training.expertise_areas.filter(code="procurement").exists()

    def test_the_23_first_members_completed_it_of_29_participants(self):
        training = self.training()
        participants = list(Participant.objects.filter(training=training).for_sheet())
        assert len(participants) == 23
        assert all(p.completed and p.attended_count == 5 for p in participants)
        assert training.participant_total == 29
        assert training.external_participant_count == 6
        assert {p.consultant.status for p in participants} == {
            NetworkStatus.PROVISIONAL
        }
        assert (
            Consultant.objects.filter(participations__training=training).count() == 23
        )

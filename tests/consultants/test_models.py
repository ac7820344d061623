import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from consultants.models import Consultant, NetworkStatus
from portal.errors import DomainError
from tests.consultants.factories import ApplicantFactory, ConsultantFactory


@pytest.mark.django_db
class TestFirstMembers:
    def test_23_first_members_are_provisional_in_their_regions(self):
        members = Consultant.objects.filter(status=NetworkStatus.PROVISIONAL)
        assert members.count() == 23
        by_region = {
            code: members.filter(home_region_id=code).count()
            for code in ("KG-J", "KG-O", "KG-N", "KG-Y")
        }
        assert by_region == {"KG-J": 8, "KG-O": 7, "KG-N": 5, "KG-Y": 3}
        assert members.filter(kind="individual").count() == 10
        sherbek = members.get(name_ky="Шербек Досуев")
        assert list(sherbek.regions_served.values_list("code", flat=True)) == ["KG-Y"]


@pytest.mark.django_db
class TestApplicationDecision:
    def test_accept_makes_a_provisional_member_and_records_history(self, academy_admin):
        applicant = ApplicantFactory()
        applicant.accept(by=academy_admin)
        applicant.refresh_from_db()
        assert applicant.status == NetworkStatus.PROVISIONAL
        change = applicant.status_changes.get()
        assert (change.old_status, change.new_status, change.changed_by) == (
            "applicant",
            "provisional",
            academy_admin,
        )

    def test_decline_needs_a_reason(self, academy_admin):
        applicant = ApplicantFactory()
        with pytest.raises(DomainError):
            applicant.decline(by=academy_admin, reason="  ")
        applicant.refresh_from_db()
        assert applicant.status == NetworkStatus.APPLICANT
        assert not applicant.status_changes.exists()

    def test_decline_keeps_the_reason_for_the_applicant(self, academy_admin):
        applicant = ApplicantFactory()
        applicant.decline(by=academy_admin, reason="Тажрыйба жетишсиз")
        applicant.refresh_from_db()
        assert applicant.status == NetworkStatus.DECLINED
        assert applicant.decision_reason == "Тажрыйба жетишсиз"

    def test_a_member_cannot_be_accepted_again(self, academy_admin):
        member = ConsultantFactory(status=NetworkStatus.PROVISIONAL)
        with pytest.raises(DomainError):
            member.accept(by=academy_admin)

    def test_declined_without_reason_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError):
            ConsultantFactory(status=NetworkStatus.DECLINED, decision_reason="")


@pytest.mark.django_db
class TestConstraints:
    def test_inn_is_unique_when_present(self):
        ConsultantFactory(inn="01234567890123")
        ConsultantFactory(inn="")
        ConsultantFactory(inn="")
        with pytest.raises(IntegrityError):
            ConsultantFactory(inn="01234567890123")

    def test_individual_cannot_be_a_public_foundation(self):
        with pytest.raises(IntegrityError):
            ConsultantFactory(kind="individual", legal_form="public_foundation")


@pytest.mark.django_db
class TestSearch:
    @pytest.mark.parametrize("query", ["ӨНҮКТҮРҮҮ", "өнүктүрүү", "Өнүктүрүү"])
    def test_kyrgyz_letters_match_in_any_case(self, query):
        found = Consultant.objects.search(query)
        assert set(found.values_list("name_ky", flat=True)) >= {
            "Жаш жарандарды өнүктүрүү",
        }

    def test_search_covers_russian_and_english_names_and_bios(self):
        consultant = ConsultantFactory(
            name_ru="Центр развития",
            name_en="Development Centre",
            bio_en="Tariffs for DRINKING water",
        )
        assert consultant in Consultant.objects.search("ЦЕНТР")
        assert consultant in Consultant.objects.search("drinking WATER")
        assert consultant not in Consultant.objects.search("sewage")


@pytest.mark.django_db
def test_history_note_is_written_in_each_readers_language(academy_admin):
    from django.utils import translation
    from django.utils.translation import gettext_noop

    member = ConsultantFactory(status=NetworkStatus.PROVISIONAL)
    member.change_status(
        NetworkStatus.CERTIFIED,
        by=academy_admin,
        note=gettext_noop("Certificate %(number)s issued."),
        note_params={"number": "BAZhBA-2026-00007"},
        reason="Тренингди аяктады",
    )
    change = member.status_changes.get()
    with translation.override("en"):
        assert change.explanation == (
            "Certificate BAZhBA-2026-00007 issued. Тренингди аяктады"
        )
        assert change.new_status_label == "certified"
    with translation.override("ru"):
        assert change.explanation.startswith("Сертификат BAZhBA-2026-00007")
        assert change.new_status_label == "сертифицирован"


@pytest.mark.django_db
class TestNetworkTransitions:
    def test_certification_cannot_move_a_member_outside_the_member_statuses(
        self, academy_admin
    ):
        member = ConsultantFactory(status=NetworkStatus.PROVISIONAL)
        for target in (NetworkStatus.DECLINED, NetworkStatus.APPLICANT):
            with pytest.raises(DomainError):
                member.change_status(target, by=academy_admin, reason="x")
        member.refresh_from_db()
        assert member.status == NetworkStatus.PROVISIONAL
        assert not member.status_changes.exists()

    def test_certification_does_not_move_an_applicant(self, academy_admin):
        applicant = ApplicantFactory()
        with pytest.raises(DomainError):
            applicant.change_status(NetworkStatus.CERTIFIED, by=academy_admin)
        applicant.refresh_from_db()
        assert applicant.status == NetworkStatus.APPLICANT

    def test_available_transitions_per_user(self, academy_admin):
        applicant = ApplicantFactory()
        assert applicant.available_transitions(academy_admin) == [
            "accept",
            "decline",
        ]
        assert applicant.available_transitions(applicant.user) == []
        member = ConsultantFactory(status=NetworkStatus.CERTIFIED)
        assert member.available_transitions(academy_admin) == ["withdraw"]
        assert member.available_transitions(AnonymousUser()) == []

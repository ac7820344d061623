import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from consultants.models import NetworkStatus
from tests.accounts.factories import ConsultantUserFactory, CoordinatorFactory
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import region
from trainings.documents import certificate_html
from trainings.models import Certificate, CertificateStatus, Participant, Training

from .factories import (
    EndedTrainingFactory,
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
)

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"trainings:{name}", args=args)


def _noon(day):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12))


class TestTrainingList:
    def test_shows_upcoming_and_past_trainings_to_anyone(self, client, past_training):
        upcoming = TrainingFactory()
        response = client.get(url("training-list"))
        assert response.status_code == 200
        assert list(response.context["upcoming"]) == [upcoming]
        past = list(response.context["past"])
        assert past_training in past
        assert past.index(past_training) < past.index(
            Training.objects.get(start_date="2022-05-29")
        )

    def test_filters_by_region_and_expertise(self, client):
        tariffs = ExpertiseAreaFactory(code="tariffs")
        in_naryn = TrainingFactory(region_id="KG-N", expertise_areas=[tariffs])
        TrainingFactory(region_id="KG-O", expertise_areas=[tariffs])
        TrainingFactory(region_id="KG-N")
        response = client.get(
            url("training-list"), {"region": "KG-N", "expertise": "tariffs"}
        )
        assert list(response.context["upcoming"]) == [in_naryn]
        assert list(response.context["past"]) == []
        response = client.get(url("training-list"), {"when": "past"})
        assert list(response.context["upcoming"]) == []

    def test_keeps_a_constant_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        areas = ExpertiseAreaFactory.create_batch(2)
        for _ in range(15):
            attend(ParticipantFactory(training=TrainingFactory(expertise_areas=areas)))
        with django_assert_max_num_queries(8):
            response = client.get(url("training-list"))
        assert len(response.context["upcoming"]) == 15


class TestTrainingDetail:
    def test_anyone_sees_the_training_but_not_its_participants(
        self, client_for, municipal_staff, past_training
    ):
        participant = attend(ParticipantFactory(training=past_training))
        for user in (None, municipal_staff):
            response = client_for(user).get(url("training-detail", past_training.pk))
            assert response.status_code == 200
            assert past_training.title_en in response.content.decode()
            assert participant.consultant.name_en not in response.content.decode()

    def test_admin_sees_every_participant_coordinator_those_of_their_regions(
        self, client_for, academy_admin, coordinator
    ):
        training = TrainingFactory(region_id="KG-O")
        naryn = ParticipantFactory(
            training=training, consultant=ConsultantFactory(home_region=region("KG-N"))
        )
        osh = ParticipantFactory(
            training=training, consultant=ConsultantFactory(home_region=region("KG-O"))
        )
        seen = client_for(academy_admin).get(url("training-detail", training.pk))
        assert set(seen.context["participants"]) == {naryn, osh}
        seen = client_for(coordinator).get(url("training-detail", training.pk))
        assert list(seen.context["participants"]) == [naryn]

    def test_a_consultant_sees_only_their_own_participation(
        self, client_for, consultant, past_training
    ):
        own = ParticipantFactory(training=past_training, consultant=consultant)
        ParticipantFactory(training=past_training)
        seen = client_for(consultant.user).get(url("training-detail", past_training.pk))
        assert list(seen.context["participants"]) == [own]


class TestTrainingForm:
    def test_an_administrator_creates_a_training(self, client_for, academy_admin):
        response = client_for(academy_admin).post(
            url("training-create"),
            {
                "title_ru": "Тарифы на питьевую воду",
                "organizer_ky": "БАЖБА",
                "start_date": "2026-12-01",
                "end_date": "2026-12-02",
                "region": "KG-Y",
                "external_participant_count": "0",
            },
        )
        training = Training.objects.get(title_ru="Тарифы на питьевую воду")
        assert response.status_code == 302
        assert response["Location"] == training.get_absolute_url()
        assert training.title == "Тарифы на питьевую воду"
        assert training.days_needed == 2

    def test_refuses_an_online_training_with_a_region(self, client_for, academy_admin):
        response = client_for(academy_admin).post(
            url("training-create"),
            {
                "title_ky": "Онлайн",
                "organizer_ky": "БАЖБА",
                "start_date": "2026-12-01",
                "end_date": "2026-12-01",
                "is_online": "on",
                "region": "KG-Y",
                "external_participant_count": "0",
            },
        )
        assert response.status_code == 200
        assert "region" in response.context["form"].errors

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"end_date": "2026-11-30"}, "end_date"),
            ({"required_days": "3"}, "required_days"),
            ({"capacity": "4", "external_participant_count": "5"}, "capacity"),
        ],
    )
    def test_the_form_gives_the_models_date_and_capacity_messages(
        self, client_for, academy_admin, change, field
    ):
        data = {
            "title_ky": "Эки күн",
            "organizer_ky": "БАЖБА",
            "start_date": "2026-12-01",
            "end_date": "2026-12-02",
            "region": "KG-Y",
            "external_participant_count": "0",
        }
        response = client_for(academy_admin).post(
            url("training-create"), {**data, **change}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == [field]
        assert not Training.objects.filter(title_ky="Эки күн").exists()

    def test_capacity_counts_the_registry_participants_when_editing(
        self, client_for, academy_admin
    ):
        training = TrainingFactory(capacity=10)
        ParticipantFactory(training=training)
        ParticipantFactory(training=training)
        data = {
            "title_ky": training.title_ky,
            "organizer_ky": "БАЖБА",
            "start_date": training.start_date.isoformat(),
            "end_date": training.end_date.isoformat(),
            "region": "KG-N",
            "capacity": "2",
            "external_participant_count": "1",
        }
        response = client_for(academy_admin).post(
            url("training-edit", training.pk), data
        )
        assert "capacity" in response.context["form"].errors
        assert "3" in response.context["form"].errors["capacity"][0]
        training.refresh_from_db()
        assert training.capacity == 10


class TestAttendanceSheet:
    def test_an_administrator_ticks_days_and_the_participant_completes(
        self, client_for, academy_admin
    ):
        training = EndedTrainingFactory()
        participant = ParticipantFactory(training=training)
        client = client_for(academy_admin)
        assert client.get(url("training-attendance", training.pk)).status_code == 200
        response = client.post(
            url("training-attendance", training.pk),
            {
                "action": "save",
                "participant": [participant.pk],
                f"attended-{participant.pk}": [d.isoformat() for d in training.days],
                f"representative-{participant.pk}": "Нурлан Осмонов",
            },
        )
        assert response.status_code == 302
        participant = Participant.objects.with_attendance().get(pk=participant.pk)
        assert participant.completed
        assert participant.representative == "Нурлан Осмонов"

    def test_adds_a_participant(self, client_for, academy_admin):
        training, member = TrainingFactory(), ConsultantFactory()
        client_for(academy_admin).post(
            url("training-attendance", training.pk),
            {"action": "add", "consultant": member.pk, "representative": "Айгүл"},
        )
        assert training.participants.get().consultant == member

    def test_a_bad_upload_names_the_line_and_saves_nothing(
        self, client_for, academy_admin
    ):
        training = TrainingFactory()
        book = Workbook()
        book.active.append(["ID", "Consultant", "Representative", *training.days])
        book.active.append([ConsultantFactory().pk, "", "", 1, 1, 1])
        book.active.append(["abc", "", "", 1, 1, 1])
        upload = io.BytesIO()
        book.save(upload)
        upload.seek(0)
        upload.name = "sheet.xlsx"
        response = client_for(academy_admin).post(
            url("training-attendance", training.pk),
            {"action": "upload", "file": upload},
        )
        assert response.status_code == 200
        assert "Line 3" in response.content.decode()
        assert not training.participants.exists()

    def test_a_zip_bomb_workbook_is_refused_before_openpyxl(
        self, client_for, academy_admin
    ):
        training = TrainingFactory()
        book = Workbook()
        book.active.append(["ID", "Consultant", "Representative", *training.days])
        book.active.append([ConsultantFactory().pk, "", "", 1, 1, 1])
        buffer = io.BytesIO()
        book.save(buffer)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/blank.bin", bytes(20 * 1024 * 1024))
        upload = io.BytesIO(buffer.getvalue())
        upload.name = "sheet.xlsx"
        response = client_for(academy_admin).post(
            url("training-attendance", training.pk),
            {"action": "upload", "file": upload},
        )
        assert response.status_code == 200
        assert "compressed more than 100 times" in response.content.decode()
        assert not training.participants.exists()

    def test_downloads_the_sheet_as_xlsx(self, client_for, academy_admin):
        training = TrainingFactory()
        response = client_for(academy_admin).get(
            url("training-attendance-download", training.pk)
        )
        assert response.status_code == 200
        assert response.content[:2] == b"PK"

    @pytest.mark.parametrize("role", ["consultant", "coordinator", "municipal_staff"])
    def test_only_administrators_record_attendance(self, request, client_for, role):
        user = request.getfixturevalue(role)
        user = getattr(user, "user", user)
        training = TrainingFactory()
        participant = ParticipantFactory(training=training)
        client = client_for(user)
        for name in ("training-attendance", "training-attendance-download"):
            assert client.get(url(name, training.pk)).status_code == 403
        response = client.post(
            url("training-attendance", training.pk),
            {
                "action": "save",
                "participant": [participant.pk],
                f"attended-{participant.pk}": [training.start_date.isoformat()],
            },
        )
        assert response.status_code == 403
        assert not participant.attendances.exists()
        assert client.get(url("training-create")).status_code == 403
        assert client.get(url("training-certify", training.pk)).status_code == 403

    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        training = TrainingFactory()
        response = client.get(url("training-attendance", training.pk))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


class TestBulkCertify:
    def test_certifies_the_chosen_completers_and_reports_refusals(
        self, client_for, academy_admin, past_training, programme
    ):
        first = attend(ParticipantFactory(training=past_training)).consultant
        second = attend(ParticipantFactory(training=past_training)).consultant
        attend(ParticipantFactory(training=past_training), past_training.days[:1])
        client = client_for(academy_admin)
        page = client.get(url("training-certify", past_training.pk))
        assert set(page.context["completers"]) == {first, second}
        response = client.post(
            url("training-certify", past_training.pk),
            {"programme": programme.pk, "consultants": [first.pk, second.pk]},
            follow=True,
        )
        assert Certificate.objects.filter(consultant__in=[first, second]).count() == 2
        assert "2 certificates have been issued." in response.content.decode()
        first.refresh_from_db()
        assert first.status == NetworkStatus.CERTIFIED
        registry = client.get(reverse("consultants:consultant-list"), {"q": first.name})
        assert "status-certified" in registry.content.decode()


class TestCertifyOne:
    def test_refusal_names_the_missing_training(
        self, client_for, academy_admin, programme, past_training, consultant
    ):
        response = client_for(academy_admin).post(
            url("programme-detail", programme.pk), {"consultant": consultant.pk}
        )
        assert response.status_code == 200
        assert past_training.title_en in response.content.decode()
        assert not Certificate.objects.exists()

    def test_certifies_a_candidate_who_met_the_programme(
        self, client_for, academy_admin, programme, holder
    ):
        response = client_for(academy_admin).post(
            url("programme-detail", programme.pk), {"consultant": holder.pk}
        )
        certificate = Certificate.objects.get(consultant=holder)
        assert response["Location"] == certificate.get_absolute_url()

    def test_a_consultant_cannot_certify(self, client_for, consultant, programme):
        response = client_for(consultant.user).post(
            url("programme-detail", programme.pk), {"consultant": consultant.pk}
        )
        assert response.status_code == 403


class TestCertificatePages:
    def test_visibility_per_role(
        self, client_for, certificate, academy_admin, municipal_staff
    ):
        other_consultant = ConsultantFactory(user=ConsultantUserFactory()).user
        naryn = CoordinatorFactory()
        naryn.coordinated_regions.add(region("KG-N"))  # the holder's region
        osh = CoordinatorFactory()
        osh.coordinated_regions.add(region("KG-O"))
        expected = {
            academy_admin: (200, 200),
            certificate.consultant.user: (200, 200),
            naryn: (200, 403),
            osh: (404, 404),
            other_consultant: (404, 404),
            municipal_staff: (404, 404),
        }
        for user, (page, pdf) in expected.items():
            client = client_for(user)
            assert (
                client.get(url("certificate-detail", certificate.pk)).status_code,
                client.get(url("certificate-download", certificate.pk)).status_code,
            ) == (page, pdf), user.role
        anonymous = client_for(None)
        for name in ("certificate-detail", "certificate-download"):
            response = anonymous.get(url(name, certificate.pk))
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]

    def test_list_per_role(
        self, client_for, make_certificate, academy_admin, coordinator, consultant
    ):
        naryn = make_certificate(home_region=region("KG-N"))
        osh = make_certificate(home_region=region("KG-O"))
        listed = {
            user: set(
                client_for(user).get(url("certificate-list")).context["certificates"]
            )
            for user in (academy_admin, coordinator)
        }
        assert listed == {academy_admin: {naryn, osh}, coordinator: {naryn}}
        own = client_for(consultant.user).get(url("certificate-list"))
        assert list(own.context["certificates"]) == []

    def test_list_keeps_a_constant_number_of_queries(
        self, client_for, make_certificate, academy_admin, django_assert_max_num_queries
    ):
        for _ in range(12):
            make_certificate()
        client = client_for(academy_admin)
        with django_assert_max_num_queries(8):
            response = client.get(url("certificate-list"))
        assert response.context["paginator"].count == 12

    def test_the_pdf_is_a_pdf_in_the_holders_language(
        self, client_for, certificate, academy_admin
    ):
        user = certificate.consultant.user
        user.preferred_language = "ru"
        user.save()
        response = client_for(user).get(url("certificate-download", certificate.pk))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        html = certificate_html(Certificate.objects.get(pk=certificate.pk))
        assert 'lang="ru"' in html
        assert certificate.consultant.name_ru in html
        assert f"/ru/verify/{certificate.public_code}/" in html
        assert "data:image/svg+xml" in html

    def test_an_administrator_suspends_with_a_reason_and_sees_the_history(
        self, client_for, certificate, academy_admin
    ):
        client = client_for(academy_admin)
        detail = url("certificate-detail", certificate.pk)
        refused = client.post(detail, {"action": "suspend", "reason": ""})
        assert refused.status_code == 200
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE
        client.post(detail, {"action": "suspend", "reason": "Жалоба", "confirmed": "1"})
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.SUSPENDED
        page = client.get(detail)
        assert [e.action for e in page.context["history"]] == ["suspended", "issued"]
        assert "Жалоба" in page.content.decode()

    def test_the_page_offers_the_forms_of_the_allowed_moves_only(
        self, client_for, certificate, academy_admin
    ):
        client = client_for(academy_admin)
        detail = url("certificate-detail", certificate.pk)

        def forms():
            body = client.get(detail).content.decode()
            return [
                f
                for f in ("suspend", "reinstate", "revoke")
                if f'id="{f}-form"' in body
            ]

        assert forms() == ["suspend", "revoke"]
        client.post(detail, {"action": "suspend", "reason": "Жалоба", "confirmed": "1"})
        assert forms() == ["reinstate", "revoke"]
        client.post(
            detail, {"action": "revoke", "reason": "Алдамчылык", "confirmed": "1"}
        )
        assert forms() == []
        holder_page = client_for(certificate.consultant.user).get(detail)
        assert 'id="revoke-form"' not in holder_page.content.decode()

    def test_a_move_the_status_does_not_allow_is_refused_with_the_reason(
        self, client_for, certificate, academy_admin
    ):
        response = client_for(academy_admin).post(
            url("certificate-detail", certificate.pk),
            {"action": "reinstate", "reason": ""},
            follow=True,
        )
        assert "Only a suspended certificate can be reinstated." in (
            response.content.decode()
        )
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE
        assert certificate.events.count() == 1

    def test_the_holder_cannot_change_the_status(self, client_for, certificate):
        response = client_for(certificate.consultant.user).post(
            url("certificate-detail", certificate.pk),
            {"action": "revoke", "reason": "I want out"},
        )
        assert response.status_code == 403
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE


class TestVerification:
    @pytest.mark.parametrize("lang", ["ky", "ru", "en"])
    def test_shows_the_public_facts_in_every_language(self, client, certificate, lang):
        response = client.get(
            url("certificate-verify", certificate.public_code, lang=lang)
        )
        assert response.status_code == 200
        content = response.content.decode()
        with translation.override(lang):
            status = str(CertificateStatus.ACTIVE.label)
            facts = [
                certificate.number,
                certificate.consultant.name,
                certificate.programme.name,
                str(translation.gettext("Valid until")),
            ]
        assert f'lang="{lang}"' in content
        assert f'data-status="active">{status}<' in content
        for fact in facts:
            assert fact in content

    def test_shows_nothing_private(self, client, certificate, academy_admin):
        holder = certificate.consultant
        from trainings import services

        services.certificate_suspend(
            certificate=certificate, reason="Secret complaint", by=academy_admin
        )
        content = client.get(url("certificate-verify", certificate.public_code)).content
        content = content.decode()
        for private in (
            holder.email,
            holder.phone,
            holder.user.email,
            "Secret complaint",
            academy_admin.email,
            str(academy_admin),
        ):
            assert private not in content
        assert "status-suspended" in content

    def test_an_unknown_code_says_so_with_404(self, client):
        response = client.get(url("certificate-verify", "no-such-code", lang="ru"))
        assert response.status_code == 404
        assert "no-such-code" in response.content.decode()

    def test_an_expired_certificate_reads_expired_before_the_daily_task(
        self, client, certificate
    ):
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            response = client.get(url("certificate-verify", certificate.public_code))
            assert response.context["certificate"].effective_status == "expired"
        assert "status-expired" in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE  # a read writes nothing

    def test_a_code_typed_in_capitals_is_found(self, client, certificate):
        response = client.get(
            url("certificate-verify", certificate.public_code.upper()), follow=True
        )
        assert response.context["certificate"] == certificate

    def test_the_form_sends_to_the_code_page(self, client, certificate):
        response = client.get(
            url("certificate-verify-form"), {"code": certificate.public_code.upper()}
        )
        assert response["Location"] == url(
            "certificate-verify", certificate.public_code
        )


class TestProfileHistory:
    def test_the_consultant_sees_their_trainings_and_certificates_on_the_profile(
        self, client_for, certificate, past_training
    ):
        holder = certificate.consultant
        with translation.override("ky"):
            profile = holder.get_absolute_url()
        content = client_for(holder.user).get(profile).content.decode()
        assert 'id="training-history"' in content
        assert past_training.title_ky in content
        assert certificate.number in content
        assert url("certificate-download", certificate.pk, lang="ky") in content

    def test_visitors_do_not_see_it(self, client_for, certificate, municipal_staff):
        holder = certificate.consultant
        for user in (None, municipal_staff):
            content = client_for(user).get(holder.get_absolute_url()).content.decode()
            assert 'id="training-history"' not in content
            assert certificate.number not in content

    def test_the_profile_and_my_trainings_page_write_nothing_on_get(
        self, client_for, certificate
    ):
        # a certificate past its date, before the daily task: the pages show it
        # expired from its dates but a GET records nothing
        holder = certificate.consultant
        holder.refresh_from_db()
        status_before = holder.status
        with time_machine.travel(_noon(certificate.expires_on + timedelta(1))):
            client = client_for(holder.user)
            profile = client.get(holder.get_absolute_url()).content.decode()
            mine = client.get(url("training-mine")).content.decode()
        assert "status-expired" in profile and "status-expired" in mine
        certificate.refresh_from_db()
        holder.refresh_from_db()
        assert certificate.status == CertificateStatus.ACTIVE
        assert not certificate.events.filter(action="expired").exists()
        assert holder.status == status_before

    def test_my_trainings_page(self, client_for, certificate, municipal_staff):
        holder = certificate.consultant
        response = client_for(holder.user).get(url("training-mine"))
        assert list(response.context["certificates"]) == [certificate]
        assert client_for(municipal_staff).get(url("training-mine")).status_code == 403


class TestProgrammes:
    def test_an_administrator_creates_a_programme_valid_two_years_by_default(
        self, client_for, academy_admin, past_training
    ):
        client_for(academy_admin).post(
            url("programme-create"),
            {
                "name_ky": "Муниципалдык кызматтар боюнча консультант",
                "required_trainings": [past_training.pk],
                "validity_months": "24",
                "is_active": "on",
            },
        )
        programme = past_training.programmes.get()
        assert programme.name == "Муниципалдык кызматтар боюнча консультант"
        assert programme.validity_months == 24

    def test_a_closed_programme_is_hidden_from_visitors(self, client):
        programme = ProgrammeFactory(is_active=False)
        assert client.get(url("programme-detail", programme.pk)).status_code == 404
        assert programme not in client.get(url("programme-list")).context["programmes"]


class TestQueryCounts:
    def test_the_attendance_sheet_keeps_a_constant_number_of_queries(
        self, client_for, academy_admin, django_assert_max_num_queries
    ):
        training = TrainingFactory()
        for _ in range(20):
            attend(ParticipantFactory(training=training))
        client = client_for(academy_admin)
        with django_assert_max_num_queries(10):
            response = client.get(url("training-attendance", training.pk))
        assert len(response.context["participants"]) == 20

    def test_the_status_history_shows_words_not_codes(
        self, client_for, certificate, academy_admin
    ):
        content = (
            client_for(academy_admin)
            .get(url("certificate-detail", certificate.pk))
            .content.decode()
        )
        assert str(NetworkStatus.PROVISIONAL.label) in content


@pytest.mark.django_db
def test_training_list_filters_online_and_in_person(client):
    from tests.trainings.factories import TrainingFactory

    online = TrainingFactory(is_online=True, region_id=None)
    in_person = TrainingFactory(is_online=False, region_id="KG-N")
    listed = client.get("/en/trainings/", {"online": "true"}).context
    names = {t.pk for t in listed["upcoming"]}
    assert online.pk in names and in_person.pk not in names
    listed = client.get("/en/trainings/", {"online": "false"}).context
    names = {t.pk for t in listed["upcoming"]}
    assert in_person.pk in names and online.pk not in names
    body = client.get("/en/trainings/").content.decode()
    assert "Unknown" not in body

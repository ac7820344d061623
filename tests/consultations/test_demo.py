"""`make run` demo data: a request with two answers, agreed, done and rated
both ways; three earlier ones done and rated; an open one waiting for the
demo member."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultants.models import ConsultantRating, RatedWork
from consultations.models import ConsultationRequest, MunicipalityRating


@pytest.mark.django_db
def test_seed_demo_has_a_request_rated_both_ways(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    # the one rated both ways (the earlier ones are rated by the municipality)
    done = MunicipalityRating.objects.get().request
    assert done.status == "done"
    assert ConsultationRequest.objects.filter(status="done").count() == 4
    assert done.recipients.filter(reply="interested").count() == 2
    assert done.chosen.consultant.user.email == "consultant@demo.kg"
    assert ConsultantRating.objects.filter(
        work=RatedWork.CONSULTATION, work_id=done.pk
    ).exists()
    open_ = ConsultationRequest.objects.get(status="open")
    member = done.chosen.consultant.user
    page = client_for(member).get(open_.get_absolute_url()).content.decode()
    assert 'id="answer-form"' in page
    call_command("seed_demo", stdout=StringIO())
    assert ConsultationRequest.objects.count() == 5  # idempotent

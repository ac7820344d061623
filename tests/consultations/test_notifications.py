"""Who hears of a request and its turns, in their own language, in the portal
and by email."""

import pytest

from consultations import services
from portal.notifications.models import Notification
from tests.consultations.factories import member, offer, send, staff
from tests.notifications.helpers import deliver, emails_to, in_app_of

pytestmark = pytest.mark.django_db


def _speaks(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def test_the_members_asked_get_it_in_the_portal_and_by_email_in_their_language():
    asker = staff()
    one, two, not_asked = member(), member(), member()
    _speaks(one.user, "ky")
    _speaks(two.user, "ru")
    request_ = send(asker, [one, two])
    municipality = request_.municipality
    (ky,) = emails_to(one.user.email, "consultation.sent")
    assert ky.subject == f"{municipality.name_ky} сизден консультация сурайт"
    assert request_.description in ky.body
    assert f"/ky/consultations/{request_.pk}/" in ky.body
    (ru,) = emails_to(two.user.email, "consultation.sent")
    assert "просит вас о консультации" in ru.subject
    assert not emails_to(not_asked.user.email)
    assert [n.topic for n in in_app_of(one.user)] == ["consultation.sent"]


def test_staff_hear_of_answers_and_ratings_members_of_the_choice():
    asker = staff()
    colleague = staff(municipality=asker.staff_membership.municipality)
    _speaks(asker, "ky")
    one, two = member(), member()
    _speaks(one.user, "en")
    _speaks(two.user, "en")
    request_ = send(asker, [one, two])
    chosen = offer(request_, one)
    services.request_answer(request=request_, by=two.user, interested=False)
    for user in (asker, colleague):
        assert len(emails_to(user.email, "consultation.answered")) == 2
    services.request_agree(request=request_, by=asker, recipient_id=chosen.pk)
    (won,) = emails_to(one.user.email, "consultation.agreed")
    assert won.subject == "Your offer has been chosen"
    (lost,) = emails_to(two.user.email, "consultation.agreed")
    assert lost.subject.startswith("Another offer was chosen")
    services.request_complete(request=request_, by=asker, rating=5)
    assert emails_to(one.user.email, "consultant.rated")
    services.municipality_rate(
        request=request_, by=one.user, overall=4, clarity=4, payment=5
    )
    (rated,) = emails_to(asker.email, "consultation.municipality_rated")
    assert rated.subject == "Мүчө муниципалитетиңизге баа берди"
    assert emails_to(colleague.email, "consultation.municipality_rated")
    assert not emails_to(two.user.email, "consultation.municipality_rated")


def test_closing_tells_the_members():
    asker = staff()
    one = member()
    request_ = send(asker, [one])
    services.request_cancel(request=request_, by=asker, reason="Бюджет жок")
    deliver()
    (message,) = emails_to(one.user.email, "consultation.cancelled")
    assert "Бюджет жок" in message.body
    assert Notification.objects.filter(
        topic="consultation.cancelled", channel="in_app", recipient=one.user
    ).exists()

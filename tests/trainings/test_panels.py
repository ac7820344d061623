"""The training history panel that trainings contributes to a consultant's
profile (trainings/panels.py), asked through consultants' registry."""

import pytest

from consultants.panels import profile_panels
from tests.consultants.factories import ConsultantFactory, ConsultantUserFactory

pytestmark = pytest.mark.django_db


def test_trainings_and_procurement_contribute_their_profile_panels():
    assert [p.template_name for p in profile_panels.panels] == [
        "trainings/includes/training_history.html",
        "procurement/includes/consultant_ratings.html",
        "consultations/includes/consultant_ratings.html",
    ]


@pytest.mark.parametrize(
    ("viewer", "shown"),
    [
        ("anonymous", False),
        ("other_consultant", False),
        ("municipal_staff", False),
        ("coordinator_elsewhere", False),
        ("coordinator", True),
        ("holder", True),
        ("academy_admin", True),
    ],
)
def test_the_profile_shows_the_training_history_to_those_who_may_see_it(
    request, client_for, certificate, viewer, shown
):
    holder = certificate.consultant
    holder.home_region_id = "KG-N"  # the coordinator fixture's region
    holder.save(update_fields=["home_region"])
    users = {
        "anonymous": None,
        "holder": holder.user,
        "other_consultant": ConsultantFactory(user=ConsultantUserFactory()).user,
    }
    if viewer == "coordinator_elsewhere":
        user = request.getfixturevalue("coordinator")
        holder.home_region_id = "KG-C"
        holder.save(update_fields=["home_region"])
    else:
        user = users[viewer] if viewer in users else request.getfixturevalue(viewer)
    body = client_for(user).get(holder.get_absolute_url()).content.decode()
    assert ('id="training-history"' in body) is shown
    assert (certificate.number in body) is shown

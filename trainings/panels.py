"""What trainings adds to the pages of the apps below it: the training and
certificate history on a consultant's profile, and the dashboard's links.
Imported by TrainingsConfig.ready()."""

from consultants.panels import register_profile_panel
from portal.accounts.panels import register_dashboard_panel, signed_in

from .access import can_see_training_history
from .models import Certificate, Participant


def training_history(request, consultant) -> dict | None:
    """A consultant's trainings and certificates, for those who may see them;
    everyone else sees the certificates in force with their verification
    pages (no attendance, no suspended or revoked certificates nor their
    reasons). A pure read: a certificate past its date shows as expired from
    its dates until the daily task records the expiry."""
    user = request.user
    if not can_see_training_history(user, consultant):
        return {
            "public": True,
            "consultant": consultant,
            "certificates": Certificate.objects.of_holder(consultant).active(),
        }
    return {
        "consultant": consultant,
        "is_admin": user.is_academy_admin,
        "is_holder": consultant.user_id == user.pk,
        "participations": Participant.objects.history_of(consultant),
        "certificates": Certificate.objects.of_holder(consultant),
    }


register_profile_panel(
    "trainings/includes/training_history.html", training_history, order=10
)
register_dashboard_panel("trainings/includes/dashboard_panel.html", signed_in, order=30)

"""Who hears of the method-specific steps (registered with
portal.notifications in ProcurementConfig.ready(), through the topics of
procurement/notifications.py):

- invited: at publication, the members a restricted tender or a request for
  quotations invites, the single-source member, and — when the request for
  proposals is issued — the shortlisted members (about their invitation:
  sent whatever their alert choices);
- shortlisted: every applicant to a call for expressions of interest, told
  whether they are on the published shortlist.
"""

from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from portal.accounts.models import User

from .models import ExpressionOfInterest, Invitation
from .notifications import _topic


def invitees(tender):
    """The users whose member the tender names: invited, shortlisted or the
    single-source member."""
    invited = Exists(
        Invitation.objects.filter(tender=tender, consultant__user=OuterRef("pk"))
    )
    named = Q(consultant=tender.single_source_consultant_id) & Q(
        consultant__isnull=False
    )
    if not tender.is_single_source:
        named = Q(pk__in=[])
    return User.objects.filter(Q(invited) | named).annotate(
        audience=Value("invitee", output_field=CharField())
    )


def applicants(tender):
    applied = Exists(
        ExpressionOfInterest.objects.filter(
            tender=tender, consultant__user=OuterRef("pk")
        )
    )
    on_list = Exists(
        Invitation.objects.filter(tender=tender, consultant__user=OuterRef("pk"))
    )
    return User.objects.filter(applied).annotate(
        audience=Case(
            When(on_list, then=Value("shortlisted")),
            default=Value("applicant"),
            output_field=CharField(),
        )
    )


def method_reason(row: dict, context: dict) -> str:
    return {
        "invitee": _("the municipality invited you"),
        "shortlisted": _("you expressed interest in this tender"),
        "applicant": _("you expressed interest in this tender"),
    }.get(row.get("audience"), "")


_topic(
    "tender.invited",
    "tender_invited",
    lambda payload, context: invitees(context["tender"]),
    transactional=True,
    reason=method_reason,
)
_topic(
    "tender.shortlisted",
    "tender_shortlisted",
    lambda payload, context: applicants(context["tender"]),
    transactional=True,
    reason=method_reason,
)

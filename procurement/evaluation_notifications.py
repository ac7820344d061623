"""Who hears of a new round of the committee's evaluation (registered with
portal.notifications in ProcurementConfig.ready(), through the topics of
procurement/notifications.py): the review commission annulled the award and
ordered a re-evaluation, so the members of the evaluation committee score
again (about their seat: sent whatever their alert choices) and the bidders
learn that the ranking will be made again."""

from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from portal.accounts.models import User

from .models import Bid, CommitteeMember
from .notifications import _bids_of, _topic, reason


def committee_and_bidders(tender):
    """The committee's members (audience "committee") and the bidders with a
    valid bid (audience "bidder")."""
    seat = Exists(CommitteeMember.objects.filter(tender=tender, user=OuterRef("pk")))
    bidder = _bids_of(tender, Bid.objects.valid_q())
    return User.objects.filter(Q(seat) | Q(bidder)).annotate(
        audience=Case(
            When(seat, then=Value("committee")),
            default=Value("bidder"),
            output_field=CharField(),
        )
    )


def evaluation_reason(row: dict, context: dict) -> str:
    if row.get("audience") == "committee":
        return _("you sit on the evaluation committee")
    return reason(row, context)


def _round_context(payload):
    from .notifications import tender_context

    context = tender_context(payload)
    if context is not None:
        context["round"] = payload["round"]
    return context


_topic(
    "tender.reevaluation_ordered",
    "reevaluation_ordered",
    lambda payload, context: committee_and_bidders(context["tender"]),
    context=_round_context,
    transactional=True,
    reason=evaluation_reason,
)

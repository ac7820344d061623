"""Who hears of what happens to a tender (registered with
portal.notifications in ProcurementConfig.ready()).

- published: the subscribers it matches who may bid on it (eligibility as of
  now: certified where certification is required, never a suspended member
  or an author of the terms of reference), with the subscription as reason;
- amended, question answered, cancelled, unsuccessful: the bidders (about
  their bid: sent whatever their alert choices) and the followers;
- deadline reminders: followers and consultants whose bid is withdrawn or
  waits for confirmation;
- receipts, opening, award, complaints: the bidders or parties concerned;
- questions and complaints: the municipality's staff;
- complaints, the municipality's explanations and decisions: the members of
  the review commission too; a suspension: the bidders and the followers.
"""

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext as _

from municipalities.models import StaffMembership
from portal.accounts.models import Role, User
from portal.notifications.registry import Topic, register

from .models import (
    Amendment,
    Award,
    Bid,
    BidReceipt,
    BidStatus,
    Complaint,
    Question,
    Tender,
    TenderFollow,
    TenderSubscription,
)


# ------------------------------------------------------------------ context
def _tender(pk):
    return (
        Tender.objects.select_related("municipality__region")
        .prefetch_related("regions", "expertise_areas")
        .filter(pk=pk)
        .first()
    )


def tender_context(payload: dict, **related) -> dict | None:
    tender = _tender(payload["tender_id"])
    if tender is None:
        return None
    context = {"tender": tender}
    for name, (model, key) in related.items():
        obj = model.objects.filter(pk=payload.get(key)).first()
        if obj is None:
            return None
        context[name] = obj
    return context


def _context(**related):
    return lambda payload: tender_context(payload, **related)


def _tender_path(context: dict) -> str:
    return context["tender"].get_absolute_url()


# --------------------------------------------------------------- recipients
def _follows(tender):
    """Followers: of this tender, or of every tender of its municipality."""
    return Q(
        Exists(TenderFollow.objects.filter(tender=tender, user=OuterRef("pk")))
    ) | Q(
        Exists(
            TenderSubscription.objects.filter(
                municipality_id=tender.municipality_id,
                region__isnull=True,
                expertise__isnull=True,
                user=OuterRef("pk"),
            )
        )
    )


def _bids_of(tender, bids: Q):
    return Exists(
        Bid.objects.filter(bids, tender=tender, consultant__user=OuterRef("pk"))
    )


def bidders_and_followers(tender):
    """The bidders with a submitted bid (audience "bidder", about their bid)
    and the followers (audience "follower", an alert)."""
    bidder = _bids_of(tender, Q(status=BidStatus.SUBMITTED))
    return User.objects.filter(Q(bidder) | _follows(tender)).annotate(
        audience=Case(
            When(bidder, then=Value("bidder")),
            default=Value("follower"),
            output_field=CharField(),
        ),
        transactional=Case(
            When(bidder, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def subscribers(tender):
    """Users with a subscription the tender matches; consultants among them
    only if they may bid on it. The first matching subscription (the most
    specific) is the reason."""
    subscriptions = (
        TenderSubscription.objects.matching(tender)
        .filter(user=OuterRef("pk"))
        .order_by(
            F("municipality").asc(nulls_last=True),
            F("region").asc(nulls_last=True),
            F("expertise").asc(nulls_last=True),
            "pk",
        )
    )
    eligible = tender.eligible_consultants().filter(user=OuterRef("pk"))
    return (
        User.objects.filter(Exists(subscriptions))
        .filter(~Q(role=Role.CONSULTANT) | Q(Exists(eligible)))
        .annotate(
            audience=Value("subscriber", output_field=CharField()),
            reason_region=Subquery(subscriptions.values("region_id")[:1]),
            reason_expertise=Subquery(subscriptions.values("expertise_id")[:1]),
            reason_municipality=Subquery(subscriptions.values("municipality_id")[:1]),
        )
    )


def _staff_of(municipality_id):
    """Confirmed staff of the municipality (those who run its tenders)."""
    return Exists(
        StaffMembership.objects.confirmed().filter(
            user=OuterRef("pk"), municipality_id=municipality_id
        )
    )


def municipality_staff(tender):
    return User.objects.filter(_staff_of(tender.municipality_id))


def _published_recipients(payload, context):
    tender = context["tender"]
    people = subscribers(tender)
    if tender.eligible_consultants_are_named():
        # the named members hear of it by their invitation (tender.invited)
        people = people.exclude(role=Role.CONSULTANT)
    return people


def _reminder_recipients(payload, context):
    tender = context["tender"]
    unfinished = _bids_of(
        tender,
        Q(status=BidStatus.WITHDRAWN)
        | Q(status=BidStatus.SUBMITTED, needs_confirmation=True),
    )
    return User.objects.filter(Q(unfinished) | _follows(tender)).annotate(
        audience=Case(
            When(unfinished, then=Value("unfinished_bid")),
            default=Value("follower"),
            output_field=CharField(),
        )
    )


def _answered_recipients(payload, context):
    tender, question = context["tender"], context["question"]
    asker = Q(consultant=question.asked_by_id)
    bidder = _bids_of(tender, Q(status=BidStatus.SUBMITTED))
    return User.objects.filter(asker | Q(bidder) | _follows(tender)).annotate(
        audience=Case(
            When(asker, then=Value("asker")),
            When(bidder, then=Value("bidder")),
            default=Value("follower"),
            output_field=CharField(),
        ),
        transactional=Case(
            When(asker | Q(bidder), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def _award_recipients(payload, context):
    tender, award = context["tender"], context["award"]
    winner = Q(consultant=award.bid.consultant_id)
    return User.objects.filter(_bids_of(tender, Bid.objects.valid_q())).annotate(
        audience=Case(
            When(winner, then=Value("winner")),
            default=Value("bidder"),
            output_field=CharField(),
        )
    )


def _complaint_recipients(payload, context):
    """The complainant, the municipality's staff and the members of the
    review commission."""
    complaint = context["complaint"]
    complainant = Q(consultant=complaint.consultant_id)
    reviewer = Q(role=Role.REVIEW_BODY, is_active=True)
    return User.objects.filter(
        complainant | reviewer | Q(_staff_of(complaint.tender.municipality_id))
    ).annotate(
        audience=Case(
            When(complainant, then=Value("complainant")),
            When(reviewer, then=Value("review_body")),
            default=Value("staff"),
            output_field=CharField(),
        )
    )


# ------------------------------------------------------------------ reasons
def reason(row: dict, context: dict) -> str:
    """Why this person got the message, in the active language."""
    audience = row.get("audience")
    tender = context.get("tender")
    if audience == "subscriber" and tender is not None:
        parts = []
        if row.get("reason_municipality"):
            parts.append(tender.municipality.name)
        if row.get("reason_region"):
            regions = {r.pk: r for r in tender.regions.all()}
            regions.setdefault(
                tender.municipality.region_id, tender.municipality.region
            )
            region = regions.get(row["reason_region"])
            if region is not None:
                parts.append(region.name)
        if row.get("reason_expertise"):
            areas = {a.pk: a for a in tender.expertise_areas.all()}
            area = areas.get(row["reason_expertise"])
            if area is not None:
                parts.append(area.name)
        return " · ".join(parts) or _("all tenders")
    return {
        "bidder": _("you bid on this tender"),
        "winner": _("you bid on this tender"),
        "complainant": _("you filed the complaint"),
        "asker": _("you asked this question"),
        "follower": _("you follow this tender"),
        "unfinished_bid": _("your bid is not submitted"),
        "staff": _("a tender of your municipality"),
        "review_body": _("you sit on the complaint review commission"),
    }.get(audience, "")


def _topic(name, template, recipients, *, context=None, **options):
    return register(
        Topic(
            name=name,
            template=f"procurement/notifications/{template}",
            context=context or _context(),
            recipients=recipients,
            path=options.pop("path", _tender_path),
            reason=options.pop("reason", reason),
            **options,
        )
    )


_topic(
    "tender.published",
    "tender_published",
    _published_recipients,
    digestible=True,
)
_topic(
    "tender.amended",
    "tender_amended",
    lambda payload, context: bidders_and_followers(context["tender"]),
    context=_context(amendment=(Amendment, "amendment_id")),
)
_topic(
    "tender.question_asked",
    "question_asked",
    lambda payload, context: municipality_staff(context["tender"]),
    context=_context(question=(Question, "question_id")),
    transactional=True,
)
_topic(
    "tender.question_answered",
    "question_answered",
    _answered_recipients,
    context=_context(question=(Question, "question_id")),
)


def _reminder_context(payload):
    context = tender_context(payload)
    # closed, cancelled or past the deadline meanwhile: nothing to remind
    if context is None or not context["tender"].accepts_bids():
        return None
    context["days"] = payload["days"]
    return context


_topic(
    "tender.deadline_reminder",
    "deadline_reminder",
    _reminder_recipients,
    context=_reminder_context,
)


def _receipt_context(payload):
    receipt = (
        BidReceipt.objects.select_related("bid__tender", "bid__consultant")
        .filter(pk=payload["receipt_id"])
        .first()
    )
    if receipt is None:
        return None
    return {"receipt": receipt, "bid": receipt.bid, "tender": receipt.bid.tender}


_topic(
    "bid.receipt",
    "bid_receipt",
    lambda payload, context: User.objects.filter(
        consultant=context["bid"].consultant_id
    ).annotate(audience=Value("bidder", output_field=CharField())),
    context=_receipt_context,
    path=lambda context: reverse("procurement:bid-detail", args=[context["bid"].pk]),
    transactional=True,
    private=True,  # who bid is sealed until the opening
)
_topic(
    "tender.opened",
    "tender_opened",
    lambda payload, context: User.objects.filter(
        _bids_of(context["tender"], Bid.objects.valid_q())
    ).annotate(audience=Value("bidder", output_field=CharField())),
    transactional=True,
)
_topic(
    "tender.financial_opened",
    "financial_opened",
    lambda payload, context: User.objects.filter(
        _bids_of(context["tender"], Bid.objects.valid_q())
    ).annotate(audience=Value("bidder", output_field=CharField())),
    transactional=True,
)
_topic(
    "tender.award_intended",
    "award_intended",
    _award_recipients,
    context=_context(award=(Award, "award_id")),
    transactional=True,
)
_topic(
    "tender.award_final",
    "award_final",
    _award_recipients,
    context=_context(award=(Award, "award_id")),
    transactional=True,
)
_topic(
    "tender.complaint_filed",
    "complaint_filed",
    _complaint_recipients,
    context=_context(complaint=(Complaint, "complaint_id")),
    transactional=True,
)
_topic(
    "tender.complaint_explained",
    "complaint_explained",
    _complaint_recipients,
    context=_context(complaint=(Complaint, "complaint_id")),
    transactional=True,
)
_topic(
    "tender.complaint_answered",
    "complaint_answered",
    _complaint_recipients,
    context=_context(complaint=(Complaint, "complaint_id")),
    transactional=True,
)
_topic(
    "tender.cancelled",
    "tender_cancelled",
    lambda payload, context: bidders_and_followers(context["tender"]),
)
_topic(
    "tender.suspended",
    "tender_suspended",
    lambda payload, context: bidders_and_followers(context["tender"]),
)
_topic(
    "tender.unsuccessful",
    "tender_unsuccessful",
    lambda payload, context: bidders_and_followers(context["tender"]),
)

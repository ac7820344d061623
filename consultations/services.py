"""The life of a consultation request: sending, answering, agreeing, closing,
completing with the ratings both ways, and turning it into a draft tender.
Each service is one atomic change that locks the request row and announces
through the outbox (portal.notifications topics in notifications.py)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.models import Consultant, ExpertiseArea, NetworkStatus, RatedWork
from consultants.services import rate_consultant
from municipalities.models import Municipality
from portal.accounts.models import User
from portal.errors import DomainError, refuse_unless_clean
from portal.outbox.models import Event

from . import access
from .models import (
    Audience,
    ConsultationRequest,
    MunicipalityRating,
    Recipient,
    Reply,
)

REQUEST_FIELDS = [
    "topic",
    "expertise_area",
    "description",
    "starts_on",
    "ends_on",
    "timeframe",
    "budget",
]


def askable_members():
    """Members a municipality may ask: provisional and certified (a suspended
    member takes no new work)."""
    return Consultant.objects.members().exclude(status=NetworkStatus.SUSPENDED)


def matching_members(*, municipality: Municipality, expertise_area: ExpertiseArea):
    """Who "every matching member in my region" reaches: network members with
    the expertise, based in or serving the municipality's region, who take
    work now (the registry's own QuerySet methods)."""
    has_area = Consultant.expertise_areas.through.objects.filter(
        consultant=OuterRef("pk"), expertisearea=expertise_area
    )
    return (
        askable_members()
        .available()
        .for_region(municipality.region_id)
        .filter(Exists(has_area))
    )


def _emit(topic: str, request_: ConsultationRequest, **payload) -> None:
    Event.emit(
        topic,
        {"request_id": request_.pk, **payload},
        region_code=request_.municipality.region_id,
    )


def _locked(request_: ConsultationRequest) -> ConsultationRequest:
    return (
        ConsultationRequest.objects.select_for_update(of=("self",))
        .select_related("municipality", "chosen")
        .get(pk=request_.pk)
    )


@transaction.atomic
def request_send(
    *,
    municipality: Municipality,
    by: User,
    values: dict,
    audience: str,
    members=(),
) -> ConsultationRequest:
    """Write a request of the municipality and send it to the chosen members
    (`audience` CHOSEN, `members` network members) or to every available
    matching member of its region (REGION). Refused when nobody would get it."""
    if not access.can_create_request(by) or not access.can_manage_request(
        by, ConsultationRequest(municipality=municipality)
    ):
        raise DomainError(_("Only confirmed staff of the municipality may ask."))
    request_ = ConsultationRequest(
        municipality=municipality,
        created_by=by,
        audience=audience,
        **{k: v for k, v in values.items() if k in REQUEST_FIELDS},
    )
    refuse_unless_clean(request_)
    if audience == Audience.REGION:
        consultants = list(
            matching_members(
                municipality=municipality, expertise_area=request_.expertise_area
            ).values_list("pk", flat=True)
        )
        if not consultants:
            raise DomainError(
                _(
                    "No available member with this expertise works in your "
                    "region now; choose members from the registry instead."
                )
            )
    else:
        ids = {getattr(m, "pk", m) for m in members}
        consultants = list(
            Consultant.objects.members().filter(pk__in=ids).values_list("pk", flat=True)
        )
        if not consultants:
            raise DomainError(_("Choose at least one network member."))
    request_.save()
    Recipient.objects.bulk_create(
        Recipient(request=request_, consultant_id=pk) for pk in sorted(consultants)
    )
    _emit("consultation.sent", request_)
    return request_


def _amount(value, label) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        raise DomainError(
            _("The %(field)s must be a positive amount.") % {"field": label}
        )
    return amount


@transaction.atomic
def request_answer(
    *,
    request: ConsultationRequest,
    by: User,
    interested: bool,
    offer: str = "",
    price=None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    reason: str = "",
) -> Recipient:
    """A member's answer to a request sent to them, while it is open: interest
    with a short offer (text, optional price and dates), or a decline with an
    optional reason. The member may change the answer until the municipality
    has chosen."""
    request_ = _locked(request)
    recipient = access.recipient_for(by, request_)
    if recipient is None:
        raise DomainError(_("This request was not sent to you."))
    if not request_.is_open:
        raise DomainError(_("This request no longer takes answers."))
    offer = (offer or "").strip()
    if interested:
        if not offer:
            raise DomainError(_("Write your offer in a few lines."))
        if starts_on and ends_on and ends_on < starts_on:
            raise DomainError(_("The end date cannot be before the start date."))
        recipient.reply = Reply.INTERESTED
        recipient.offer = offer
        recipient.price = _amount(price, _("price"))
        recipient.starts_on, recipient.ends_on = starts_on, ends_on
        recipient.decline_reason = ""
    else:
        recipient.reply = Reply.DECLINED
        recipient.offer, recipient.price = "", None
        recipient.starts_on = recipient.ends_on = None
        recipient.decline_reason = (reason or "").strip()
    recipient.answered_at = timezone.now()
    recipient.save()
    _emit("consultation.answered", request_, recipient_id=recipient.pk)
    return recipient


@transaction.atomic
def request_agree(
    *, request: ConsultationRequest, by: User, recipient_id: int
) -> ConsultationRequest:
    """The municipality chooses one interested member's offer; the request is
    agreed, the chosen member and the others are told."""
    request_ = _locked(request)
    if not access.can_manage_request(by, request_):
        raise DomainError(_("Only the municipality's staff may choose."))
    chosen = request_.recipients.filter(pk=recipient_id).first()
    if chosen is None or not chosen.is_interested:
        raise DomainError(_("Choose a member who answered with an offer."))
    request_.transition("agree")
    request_.chosen = chosen
    request_.save(update_fields=["status", "agreed_at", "chosen"])
    _emit("consultation.agreed", request_)
    return request_


@transaction.atomic
def request_cancel(
    *, request: ConsultationRequest, by: User, reason: str = ""
) -> ConsultationRequest:
    """Close an open request without an agreement; its members are told."""
    request_ = _locked(request)
    if not access.can_manage_request(by, request_):
        raise DomainError(_("Only the municipality's staff may close the request."))
    request_.transition("cancel")
    request_.cancel_reason = (reason or "").strip()
    request_.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    _emit("consultation.cancelled", request_)
    return request_


@transaction.atomic
def request_complete(
    *, request: ConsultationRequest, by: User, rating, comment: str = ""
) -> ConsultationRequest:
    """The municipality marks the agreed work done and rates the chosen member
    (consultants.services.rate_consultant: one rating per request, shown on
    the profile with the contracts' ratings; the member is told)."""
    request_ = _locked(request)
    if not access.can_manage_request(by, request_):
        raise DomainError(_("Only the municipality's staff may mark the work done."))
    request_.transition("complete")
    request_.save(update_fields=["status", "completed_at"])
    rate_consultant(
        consultant=request_.chosen.consultant,
        municipality=request_.municipality,
        work=RatedWork.CONSULTATION,
        work_id=request_.pk,
        rating=rating,
        comment=comment,
        by=by,
    )
    return request_


def _score(value) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError(_("Each mark is from 1 to 5."))
    return score


@transaction.atomic
def municipality_rate(
    *,
    request: ConsultationRequest,
    by: User,
    overall,
    clarity,
    payment,
    comment: str = "",
) -> MunicipalityRating:
    """The chosen member rates the municipality after the work (overall,
    clarity of the task, payment on time: 1–5 each, and a comment), once;
    the municipality's staff are told."""
    request_ = _locked(request)
    recipient = access.recipient_for(by, request_)
    if not access.can_rate_municipality(by, request_, recipient):
        raise DomainError(
            _("Only the chosen member rates the municipality, once, after the work.")
        )
    rating = MunicipalityRating.objects.create(
        request=request_,
        municipality=request_.municipality,
        consultant=recipient.consultant,
        overall=_score(overall),
        clarity=_score(clarity),
        payment=_score(payment),
        comment=(comment or "").strip(),
        rated_by=by,
    )
    _emit("consultation.municipality_rated", request_, rating_id=rating.pk)
    return rating


@transaction.atomic
def municipality_rating_answer(
    *, rating: MunicipalityRating, by: User, text: str
) -> MunicipalityRating:
    """The municipality's one public answer to a member's rating."""
    rating = MunicipalityRating.objects.select_for_update().get(pk=rating.pk)
    if not access.can_answer_municipality_rating(by, rating):
        raise DomainError(_("Only the municipality's staff can answer, once."))
    rating.give_answer(by=by, text=text)
    return rating


@transaction.atomic
def request_to_tender(*, request: ConsultationRequest, by: User):
    """A draft tender with the terms of reference taken from the request
    (title, description, expertise area, estimate: the chosen offer's price,
    else the budget), made by procurement's own service for drafts so that
    every tender rule holds; the municipality completes and publishes it."""
    from procurement import services as procurement

    request_ = _locked(request)
    if not access.can_manage_request(by, request_):
        raise DomainError(_("Only the municipality's staff may do this."))
    if request_.tender_id:
        return request_.tender
    estimate = request_.budget
    if request_.chosen_id and request_.chosen.price:
        estimate = request_.chosen.price
    values = {
        "title_ky": request_.topic,
        "description_ky": request_.description,
        "expertise_areas": [request_.expertise_area],
        "regions": [request_.municipality.region],
        "contact_name": by.get_full_name() or by.email,
        "contact_email": by.email,
    }
    if estimate:
        values["estimated_budget"] = estimate
    tender = procurement.tender_save(
        tender=None, municipality=request_.municipality, by=by, values=values
    )
    request_.tender = tender
    request_.save(update_fields=["tender"])
    return tender

"""Who may see or do what in procurement: the one home of these rules.

The pages (views/), the REST API (api/) and the templates (through the
``procurement_access`` tag library) all ask these predicates, so the doors
never disagree. Lists come from the models' QuerySet methods, which state the
same rules in SQL: ``Tender.objects.visible_to(user)``,
``Tender.objects.managed_by(user)``, ``Bid.objects.readable_by(user)``;
tests/procurement/test_access.py checks that each predicate and its QuerySet
agree for every role and status.

Predicates take the user first and answer a bool; they only read. The
``get_*`` helpers raise Http404 (not visible) or PermissionDenied (visible,
but the user may not act), which both the pages and DRF turn into 404/403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from consultants.models import Consultant

from .crypto import unseal_price
from .models import (
    CANCELLABLE_STATES,
    OPENED_STATES,
    PUBLIC_STATES,
    BidStatus,
    Tender,
    TenderStatus,
)


# ------------------------------------------------------------------- tenders
def can_view_tender(user, tender) -> bool:
    """Published tenders for everyone; drafts for their municipality's staff
    (as ``Tender.objects.visible_to``)."""
    if tender.status in PUBLIC_STATES and tender.published_at is not None:
        return True
    return can_manage_tender(user, tender)


def can_manage_tender(user, tender) -> bool:
    """Staff of the tender's municipality run it."""
    return tender.is_managed_by(user)


def can_create_tender(user) -> bool:
    return (
        user.is_authenticated
        and user.is_municipal_staff
        and getattr(user, "staff_membership", None) is not None
    )


def staff_actions(user, tender, now=None) -> frozenset:
    """What the municipality's staff may do with the tender now, by name:
    edit, publish, documents (attach and remove), amend, open, evaluate,
    award, contract (record the signed contract), complete, cancel. The views
    refuse what is not listed; the page shows only what is."""
    if not can_manage_tender(user, tender):
        return frozenset()
    now = now or timezone.now()
    status = tender.status
    actions = set()
    if status == TenderStatus.DRAFT:
        actions |= {"edit", "documents", "publish"}
    elif status == TenderStatus.PUBLISHED:
        before_deadline = (
            tender.submission_deadline is not None and now < tender.submission_deadline
        )
        actions.add("amend" if before_deadline else "open")
    elif status == TenderStatus.CLOSED:
        actions.add("open")
    elif status in (TenderStatus.OPENED, TenderStatus.EVALUATED):
        actions.add("evaluate")
        if status == TenderStatus.EVALUATED:
            actions.add("award")
    elif status == TenderStatus.AWARDED:
        actions.add("contract")
    elif status == TenderStatus.CONTRACT_SIGNED:
        actions.add("complete")
    if status in CANCELLABLE_STATES:
        actions.add("cancel")
    return frozenset(actions)


def get_visible_tender(user, pk) -> Tender:
    """The tender if the user may see it, else Http404."""
    tender = (
        Tender.objects.visible_to(user)
        .select_related("municipality__region")
        .filter(pk=pk)
        .first()
    )
    if tender is None:
        raise Http404
    return tender


def get_managed_tender(user, pk) -> Tender:
    """A tender of the signed-in staff member's municipality, else 403/404."""
    tender = get_visible_tender(user, pk)
    if not can_manage_tender(user, tender):
        raise PermissionDenied
    return tender


def get_own_consultant(user) -> Consultant:
    """The signed-in consultant's own profile, else PermissionDenied."""
    if not (user.is_authenticated and user.is_consultant):
        raise PermissionDenied
    consultant = Consultant.objects.filter(user=user).first()
    if consultant is None:
        raise PermissionDenied
    return consultant


# ---------------------------------------------------------------------- bids
def _is_bidder(user, bid) -> bool:
    return user.is_authenticated and bid.consultant.user_id == user.pk


def _oversees(user, tender) -> bool:
    """The municipality, the academy and the region's coordinators oversee a
    tender's bids once they are opened."""
    if not user.is_authenticated:
        return False
    if user.is_municipal_staff:
        return can_manage_tender(user, tender)
    if user.is_academy_admin:
        return True
    if user.is_coordinator:
        return tender.municipality.region.coordinators.filter(pk=user.pk).exists()
    return False


def can_read_bid(user, bid) -> bool:
    """The sealed rule: before opening a bid is readable by its bidder only;
    after opening also by those who oversee the tender (as
    ``Bid.objects.readable_by``)."""
    if _is_bidder(user, bid):
        return True
    return bid.tender.status in OPENED_STATES and _oversees(user, bid.tender)


def bid_price_for(user, bid):
    """The financial offer as the user may see it, else None: the plain price
    after opening for whoever may read the bid; before it, the decrypted
    sealed offer for the bidder alone."""
    if not can_read_bid(user, bid):
        return None
    if bid.price is not None:
        return bid.price
    if _is_bidder(user, bid) and bid.sealed_price:
        return unseal_price(bid.sealed_price)
    return None


def can_read_bids_of(user, tender) -> bool:
    """Who sees the opening record and the ranking once bids are opened: the
    municipality, the academy, the region's coordinators and the bidders."""
    if tender.status not in OPENED_STATES or not user.is_authenticated:
        return False
    if _oversees(user, tender):
        return True
    return tender.bids.filter(
        consultant__user=user, status=BidStatus.SUBMITTED
    ).exists()


def can_change_bid(user, bid, now=None) -> bool:
    """The bidder changes, confirms or withdraws their bid while the tender
    accepts bids."""
    return _is_bidder(user, bid) and bid.tender.accepts_bids(now)


def can_file_complaint(user, bid, now=None) -> bool:
    """A bidder whose valid bid lost may complain during the standstill."""
    award = getattr(bid.tender, "award", None)
    return (
        _is_bidder(user, bid)
        and bid.is_active
        and award is not None
        and award.bid_id != bid.pk
        and award.in_standstill(now)
    )

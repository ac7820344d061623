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
from municipalities.access import can_manage_roles, staff_municipality_id

from . import tender_page
from .crypto import unseal_price
from .models import (
    DECISION_MOVES,
    OPENED_STATES,
    PUBLIC_STATES,
    CommitteeMember,
    Complaint,
    ComplaintSubject,
    Tender,
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
    return staff_municipality_id(user) is not None


def staff_actions(user, tender, now=None) -> frozenset:
    """What the municipality's staff may do with the tender now, by name: the
    moves of TENDER_TRANSITIONS they may make (publish, open, evaluate, award,
    contract, complete, cancel; see Tender.available_transitions) and the
    changes that are not moves: edit and documents while a draft, amend while
    the tender accepts bids. The views refuse what is not listed; the page
    shows only what is."""
    if not can_manage_tender(user, tender):
        return frozenset()
    now = now or timezone.now()
    actions = set(tender.available_transitions(user, now))
    if tender.is_draft:
        actions |= {"edit", "documents"}
    if tender.accepts_bids(now):
        actions.add("amend")
    return frozenset(actions)


def get_visible_tender(user, pk, *, for_page: bool = False) -> Tender:
    """The tender if the user may see it, else Http404. `for_page` reads,
    in the same query, what the tender's page shows of it (tender_page); a
    view that changes the tender must not use it (it would hold stale
    rows)."""
    tenders = Tender.objects.visible_to(user).select_related("municipality__region")
    if for_page:
        tenders = tender_page.read(tenders, user)
    tender = tenders.filter(pk=pk).first()
    if tender is None:
        raise Http404
    if for_page:
        tender_page.attach(tender, user)
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


# ------------------------------------------------------------------ two-stage
def expressions_readable_by(user, tender):
    """Applications to a call for expressions of interest: all of them for
    the tender's municipality, a member's own for that member, none for
    anyone else (other members never read each other's qualifications)."""
    if can_manage_tender(user, tender):
        return tender.expressions.all()
    consultant = own_consultant(user)
    if consultant is None:
        return tender.expressions.none()
    return tender.expressions.filter(consultant=consultant)


def can_read_shortlist(user, tender) -> bool:
    """The shortlist with its reasons is public once published (as the
    tender page shows it), and nobody's before."""
    return tender.is_two_stage and tender.shortlist_is_public


def can_make_shortlist(user, tender) -> bool:
    """The municipality makes the shortlist once the call has closed."""
    return "shortlist" in staff_actions(user, tender)


# ---------------------------------------------------------------------- bids
def _is_bidder(user, bid) -> bool:
    return user.is_authenticated and bid.consultant.user_id == user.pk


def _oversees(user, tender) -> bool:
    """The municipality, the academy and the region's coordinators oversee a
    tender's bids once they are opened (answered once for the tender's
    page)."""
    page = tender_page.page_rows(tender, user)
    if page is None:
        return _oversees_now(user, tender)
    if "oversees" not in page:
        page["oversees"] = _oversees_now(user, tender)
    return page["oversees"]


def _oversees_now(user, tender) -> bool:
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
    """The sealed rule for the technical envelope (proposal, team, conflict
    note, technical files): before the technical opening a bid is readable by
    its bidder only; after it also by those who oversee the tender and by
    committee members, a member only once they have declared no conflict of
    interest (as ``Bid.objects.readable_by``)."""
    if _is_bidder(user, bid):
        return True
    if bid.tender.status not in OPENED_STATES:
        return False
    seat = committee_seat(user, bid.tender)
    if seat is not None:
        return seat.has_declared
    return _oversees(user, bid.tender)


def can_read_offer(user, bid) -> bool:
    """The financial envelope (price, financial files): the bidder's own; for
    others only once it is opened, which a disqualified bid's never is."""
    if _is_bidder(user, bid):
        return True
    return bid.price is not None and can_read_bid(user, bid)


def can_read_bid_file(user, bid_file) -> bool:
    """A file's name, size and content follow its envelope: a technical file
    as the bid (can_read_bid), a financial file as the offer
    (can_read_offer): before its opening nobody but the bidder learns even
    that file's name (as ``BidFile.objects.readable_by``)."""
    if bid_file.kind == bid_file.Kind.FINANCIAL:
        return can_read_offer(user, bid_file.bid)
    return can_read_bid(user, bid_file.bid)


def bid_files_for(user, bid) -> tuple[list, int]:
    """The bid's files the user may see by name, and how many more are
    sealed in the financial envelope (counted, never named)."""
    files = list(bid.files.all())
    for bid_file in files:
        bid_file.bid = bid  # the bid is at hand: no query per file
    shown = [f for f in files if can_read_bid_file(user, f)]
    return shown, len(files) - len(shown)


def bid_price_for(user, bid):
    """The financial offer as the user may see it, else None: the plain price
    after the financial opening for whoever may read the bid; before it, the
    decrypted sealed offer for the bidder alone. An envelope returned
    unopened is decrypted for nobody, not even its bidder."""
    if bid.financial_returned_at is not None or not can_read_offer(user, bid):
        return None
    if bid.price is not None:
        return bid.price
    if _is_bidder(user, bid) and bid.sealed_price:
        return unseal_price(bid.sealed_price)
    return None


# ------------------------------------------------------------------ committee
def committee_seat(user, tender) -> CommitteeMember | None:
    """The user's seat on the tender's evaluation committee, if any (read
    once per tender object; from the committee when the page read it with
    the tender)."""
    if not user.is_authenticated:
        return None
    seats = tender.__dict__.setdefault("_committee_seats", {})
    if user.pk not in seats:
        read = getattr(tender, "_prefetched_objects_cache", {}).get("committee")
        if read is not None:
            seats[user.pk] = next((m for m in read if m.user_id == user.pk), None)
        else:
            seats[user.pk] = tender.committee.filter(user_id=user.pk).first()
    return seats[user.pk]


def can_name_committee(user, tender) -> bool:
    """The municipality names the committee until scoring has begun (and
    not again in a round ordered by the review commission)."""
    from .services.committee import committee_can_change

    return can_manage_tender(user, tender) and committee_can_change(tender)


def can_see_evaluation(user, tender) -> bool:
    """The evaluation page: the municipality's staff and the committee."""
    return can_manage_tender(user, tender) or committee_seat(user, tender) is not None


def can_score(user, tender) -> bool:
    """A member scores after declaring, between the technical opening and
    the result, until submitting."""
    seat = committee_seat(user, tender)
    return (
        seat is not None
        and seat.has_declared
        and not seat.has_submitted
        and tender.status == "opened"
        and tender.technical_evaluated_at is None
    )


def all_scores_submitted(tender) -> bool:
    members = list(tender.committee.all())
    return bool(members) and all(m.has_submitted for m in members)


def can_see_committee_scores(user, tender) -> bool:
    """Committee independence: every member's scores are hidden from
    everyone (members and the municipality alike) until all members have
    submitted; then the committee and the municipality see them, and once the
    evaluation report is published (the financial opening) whoever reads the
    opening record."""
    if tender.financial_opened_at is not None and can_read_bids_of(user, tender):
        return True
    # who may see the evaluation first: it reads nothing for a visitor
    return can_see_evaluation(user, tender) and all_scores_submitted(tender)


def can_read_bids_of(user, tender) -> bool:
    """Who sees the opening record and the ranking once bids are opened: the
    municipality, the academy, the region's coordinators and the bidders
    (answered once for the tender's page)."""
    if tender.status not in OPENED_STATES or not user.is_authenticated:
        return False
    page = tender_page.page_rows(tender, user)
    if page is None:
        return _reads_bids_of(user, tender, None)
    if "reads_bids" not in page:
        page["reads_bids"] = _reads_bids_of(user, tender, page)
    return page["reads_bids"]


def _reads_bids_of(user, tender, page) -> bool:
    if _oversees(user, tender):
        return True
    if page is not None:  # the user's bid, read with the tender
        return page["bid"] is not None and page["bid"].is_active
    return tender.bids.active().filter(consultant__user=user).exists()


# ---------------------------------------------------------------- complaints
def can_file_complaint(user, bid, now=None) -> bool:
    """The bidder of a valid bid that lost may complain about the evaluation
    during the standstill (Bid.complaint_problem); the winner is not offered
    the form."""
    award = getattr(bid.tender, "award", None)
    return (
        _is_bidder(user, bid)
        and bid.complaint_problem(now) is None
        and award.bid_id != bid.pk
    )


def own_consultant(user):
    """The signed-in consultant's profile, or None."""
    if not (user.is_authenticated and user.is_consultant):
        return None
    return Consultant.objects.filter(user=user).first()


def can_file_terms_complaint(user, tender, now=None, *, consultant=None) -> bool:
    """A member who may bid may complain about the terms while the tender
    accepts bids (Complaint.filing_problem). `consultant`: the user's
    profile when the caller has read it."""
    if consultant is None or consultant.user_id != user.pk:
        consultant = own_consultant(user)
    return consultant is not None and (
        Complaint.filing_problem(
            tender=tender,
            consultant=consultant,
            subject=ComplaintSubject.TERMS,
            now=now,
        )
        is None
    )


def is_review_body(user) -> bool:
    """A member of the independent complaint review commission, appointed by
    the academy (role review_body)."""
    return user.is_authenticated and user.is_review_body


def can_appoint_reviewers(user) -> bool:
    """The academy appoints and removes members of the review commission."""
    return can_manage_roles(user)


def can_explain_complaint(user, complaint, now=None) -> bool:
    """The staff of the tender's municipality answer the complaint once,
    before the decision."""
    return "explain" in complaint.available_transitions(user, now)


def can_decide_complaint(user, complaint) -> bool:
    """Only a member of the review commission decides, never the
    municipality the complaint is about (the roles are exclusive; the second
    test keeps it so if they ever were not)."""
    return is_review_body(user) and not complaint.tender.is_managed_by(user)


def complaint_decisions(user, complaint, now=None) -> list:
    """The decisions this user may take on the complaint now (none for
    anyone but the commission, none once decided)."""
    if not can_decide_complaint(user, complaint):
        return []
    return [
        name
        for name in complaint.available_transitions(user, now)
        if name in DECISION_MOVES
    ]


def can_read_complaint(user, complaint) -> bool:
    """A decided complaint is public with its decision; before the decision
    its text and the municipality's answer are for the complainant, the
    municipality and the commission (the page says to everyone that a
    complaint is under review)."""
    if complaint.is_decided:
        return True
    if not user.is_authenticated:
        return False
    return (
        complaint.consultant.user_id == user.pk
        or is_review_body(user)
        or complaint.tender.is_managed_by(user)
    )


def get_complaint_to_decide(user, pk) -> Complaint:
    """A complaint on a visible tender (else 404) that the user may decide
    (else 403)."""
    complaint = (
        Complaint.objects.select_related(
            "tender__municipality__region", "consultant", "bid"
        )
        .filter(pk=pk, tender__in=Tender.objects.visible_to(user))
        .first()
    )
    if complaint is None:
        raise Http404
    if not can_decide_complaint(user, complaint):
        raise PermissionDenied
    return complaint

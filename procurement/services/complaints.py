"""Complaints to the independent review commission, its decisions and their
effect on the tender, and the academy's appointments to the commission."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.models import Consultant
from municipalities.models import (
    MembershipStatus,
    RoleAction,
    RoleChange,
    StaffMembership,
)
from portal.accounts.models import Role, User
from portal.errors import DomainError

from .. import access
from ..models import (
    Amendment,
    Award,
    AwardStatus,
    Bid,
    CancelReason,
    Complaint,
    ComplaintEffect,
    ComplaintSubject,
    Tender,
)
from .common import announce, ensure_valid, locked
from .reevaluation import announce_new_round, evaluation_round_supersede


@transaction.atomic
def complaint_file(
    *,
    consultant: Consultant,
    text: str,
    subject: str = ComplaintSubject.EVALUATION,
    bid: Bid | None = None,
    tender: Tender | None = None,
    now=None,
) -> Complaint:
    """A member complains to the review commission: about the terms of a
    tender they may bid on, before its submission deadline, or about the
    evaluation of their bid, during the standstill (Complaint.filing_problem).
    The complainant, the municipality and the commission are told."""
    tender = locked(bid.tender if bid is not None else tender)
    if bid is not None:
        bid.tender = tender
    if subject == ComplaintSubject.TERMS:
        bid = None
    problem = Complaint.filing_problem(
        tender=tender, consultant=consultant, subject=subject, bid=bid, now=now
    )
    if problem:
        raise DomainError(problem)
    if not (text or "").strip():
        raise DomainError(_("Write the complaint."))
    complaint = Complaint.objects.create(
        tender=tender,
        subject=subject,
        consultant=consultant,
        bid=bid,
        text=text.strip(),
        filed_at=now or timezone.now(),
    )
    announce("tender.complaint_filed", tender, complaint_id=complaint.pk)
    return complaint


def _locked_complaint(complaint: Complaint) -> tuple[Tender, Complaint]:
    tender = locked(complaint.tender)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.tender = tender
    return tender, complaint


@transaction.atomic
def complaint_explain(
    *, complaint: Complaint, by: User, explanation: str, now=None
) -> Complaint:
    """The municipality's staff answer the complaint for the commission."""
    tender, complaint = _locked_complaint(complaint)
    if not access.can_explain_complaint(by, complaint, now):
        raise PermissionDenied
    complaint.explain(explanation=explanation, by=by, now=now)
    announce("tender.complaint_explained", tender, complaint_id=complaint.pk)
    return complaint


@transaction.atomic
def complaint_decide(
    *,
    complaint: Complaint,
    by: User,
    decision: str,
    reasons: str,
    effect: str,
    now=None,
) -> Complaint:
    """A member of the review commission decides (never the municipality
    concerned: PermissionDenied). An upheld or partly upheld complaint may
    suspend the tender (bids stop until the municipality resumes it with a
    new deadline), annul the pending award for a new round of the committee's
    evaluation (evaluation_round_supersede), or cancel the tender. The
    decision is public; everyone concerned is told."""
    tender, complaint = _locked_complaint(complaint)
    if not access.can_decide_complaint(by, complaint):
        raise PermissionDenied
    complaint.decide(decision=decision, reasons=reasons, effect=effect, by=by, now=now)
    if effect == ComplaintEffect.SUSPEND:
        tender.suspend()
        announce("tender.suspended", tender, complaint_id=complaint.pk)
    elif effect == ComplaintEffect.REEVALUATE:
        superseded = evaluation_round_supersede(tender=tender, complaint=complaint)
    elif effect == ComplaintEffect.CANCEL:
        tender.cancel(reason=CancelReason.COMPLAINT, explanation=complaint.answer)
        Award.objects.filter(tender=tender, status=AwardStatus.PENDING).delete()
        announce("tender.cancelled", tender)
    announce("tender.complaint_answered", tender, complaint_id=complaint.pk)
    if effect == ComplaintEffect.REEVALUATE:
        announce_new_round(tender, superseded)
    return complaint


RESUME_FIELDS = ["questions_deadline", "submission_deadline", "opening_at"]


@transaction.atomic
def tender_resume(
    *,
    tender: Tender,
    by: User,
    summary: str,
    submission_deadline,
    opening_at,
    questions_deadline=None,
) -> Amendment:
    """The municipality resumes a tender the commission suspended, once the
    terms are corrected, with new deadlines (Tender.resume). The change goes
    into the public change log as an amendment; every bidder confirms the bid
    again and is told."""
    tender = locked(tender)
    if not (summary or "").strip():
        raise DomainError(_("Describe what was corrected after the decision."))
    old = {field: getattr(tender, field) for field in RESUME_FIELDS}
    tender.resume(
        submission_deadline=submission_deadline,
        opening_at=opening_at,
        questions_deadline=questions_deadline,
    )
    ensure_valid(tender, fields=RESUME_FIELDS)
    tender.save()
    changes = {
        field: [_iso(old[field]), _iso(getattr(tender, field))]
        for field in RESUME_FIELDS
        if old[field] != getattr(tender, field)
    }
    amendment = Amendment.objects.create(
        tender=tender,
        number=tender.amendments.count() + 1,
        summary=summary.strip(),
        changes=changes,
        old_submission_deadline=old["submission_deadline"],
        new_submission_deadline=tender.submission_deadline,
        made_by=by,
        made_at=tender.status_changed_at,
    )
    tender.bids.active().update(needs_confirmation=True)
    announce("tender.amended", tender, amendment_id=amendment.pk)
    return amendment


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


# -------------------------------------------------- the review commission
@transaction.atomic
def review_member_appoint(*, user: User, by: User, reason: str) -> None:
    """The academy appoints a person to the review commission: an account
    without another role (never a municipality's staff nor a consultant)."""
    if not access.can_appoint_reviewers(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(_("This account is deactivated."))
    if user.role == Role.REVIEW_BODY:
        raise DomainError(
            _("%(person)s is already a member of the review commission.")
            % {"person": user}
        )
    if (
        user.role
        or user.is_superuser
        or StaffMembership.objects.filter(
            user_id=user.pk,
            status__in=(MembershipStatus.PENDING, MembershipStatus.CONFIRMED),
        ).exists()
    ):
        raise DomainError(
            _("%(person)s already has another role on the portal: %(role)s.")
            % {"person": user, "role": user.get_role_display() or _("administrator")}
        )
    user.role = Role.REVIEW_BODY
    user.save(update_fields=["role", "is_staff"])
    RoleChange.objects.create(
        user=user, action=RoleAction.REVIEWER_APPOINTED, reason=reason, by=by
    )


@transaction.atomic
def review_member_remove(*, user: User, by: User, reason: str) -> None:
    """The academy ends a person's membership of the review commission; the
    role goes at once."""
    if not access.can_appoint_reviewers(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role != Role.REVIEW_BODY:
        raise DomainError(
            _("%(person)s is not a member of the review commission.") % {"person": user}
        )
    user.role = ""
    user.save(update_fields=["role", "is_staff"])
    RoleChange.objects.create(
        user=user, action=RoleAction.REVIEWER_REMOVED, reason=reason, by=by
    )

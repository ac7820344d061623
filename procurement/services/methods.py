"""Two-stage selection: the call for expressions of interest, the members'
applications, the shortlist (or, under selection on qualifications, the one
best-qualified applicant) and the request for proposals to it. Invitations of
a restricted tender or a request for quotations are set with the draft
(services.tender_save) and announced at publication (services.tender_publish)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError

from ..models import ExpressionOfInterest, Invitation, Tender
from .common import announce, ensure_valid, locked
from .tenders import tender_publish


@transaction.atomic
def interest_call(*, tender: Tender, by) -> Tender:
    """Publish a two-stage draft's call for expressions of interest; the
    subscribers who may apply hear of it."""
    tender = locked(tender)
    tender.call_for_interest()
    announce("tender.published", tender)
    return tender


@dataclass
class Interest:
    experience: str
    relevant_contracts: int


@transaction.atomic
def interest_express(
    *, tender: Tender, consultant: Consultant, interest: Interest
) -> ExpressionOfInterest:
    """A member applies (or changes the application) while the call is open."""
    tender = locked(tender)
    if not tender.accepts_interest(timezone.now()):
        raise DomainError(_("This call for expressions of interest is not open."))
    problem = tender.eligibility_problem(consultant)
    if problem:
        raise DomainError(problem)
    if not (interest.experience or "").strip():
        raise DomainError(_("Describe your relevant experience."))
    expression = ExpressionOfInterest.objects.filter(
        tender=tender, consultant=consultant
    ).first() or ExpressionOfInterest(tender=tender, consultant=consultant)
    expression.experience = interest.experience.strip()
    expression.relevant_contracts = interest.relevant_contracts
    expression.submitted_at = timezone.now()
    ensure_valid(expression, fields=["experience", "relevant_contracts"])
    expression.save()
    return expression


@transaction.atomic
def shortlist_make(*, tender: Tender, by, chosen: dict) -> Tender:
    """Shortlist applicants once the call has closed: `chosen` maps
    ExpressionOfInterest pks to the reason each is on the list. The size is
    Tender.shortlist_bounds; every shortlisted member has a reason. The
    shortlist is published at once; the applicants hear of it."""
    tender = locked(tender)
    tender.ensure_allowed("shortlist")
    low, high = tender.shortlist_bounds
    if not low <= len(chosen) <= high:
        if low == high:
            raise DomainError(
                _("Choose exactly %(n)d applicant: the best-qualified.") % {"n": low}
            )
        raise DomainError(
            _("The shortlist names from %(low)d to %(high)d applicants.")
            % {"low": low, "high": high}
        )
    expressions = {e.pk: e for e in tender.expressions.filter(pk__in=list(chosen))}
    if len(expressions) != len(chosen):
        raise DomainError(_("An application does not belong to this tender."))
    for pk, reason in chosen.items():
        if not (reason or "").strip():
            raise DomainError(_("Give the reason for each shortlisted applicant."))
        Invitation.objects.create(
            tender=tender,
            consultant_id=expressions[pk].consultant_id,
            expression=expressions[pk],
            reason=reason.strip(),
        )
    tender.publish_shortlist()
    announce("tender.shortlisted", tender)
    return tender


@transaction.atomic
def proposals_request(*, tender: Tender, by, dates: dict) -> Tender:
    """Issue the request for proposals to the shortlist: set its dates
    (submission_deadline, questions_deadline, opening_at) and publish; only
    the shortlisted hear of it and may answer."""
    tender = locked(tender)
    tender.ensure_allowed("publish")
    for field in ("submission_deadline", "questions_deadline", "opening_at"):
        setattr(tender, field, dates.get(field))
    ensure_valid(tender, fields=list(dates))
    tender.save()
    return tender_publish(tender=tender, by=by)

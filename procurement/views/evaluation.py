"""Opening, evaluation, award and the contract."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.confirm import confirmation, is_confirmed
from portal.errors import DomainError

from .. import access, services
from ..forms import (
    ContractForm,
    MilestoneFormSet,
    RatingForm,
)
from .common import _act, _done, _invalid, _refused


@login_required
@require_POST
def tender_open(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    try:
        tender = services.tender_open(tender=tender, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, tender)
    if tender.is_unsuccessful:
        return _done(
            request, _("Too few bids arrived: the tender is unsuccessful."), tender
        )
    return _done(request, _("The bids have been opened."), tender)


@login_required
@require_POST
def tender_award(request, pk):
    """Irreversible: asks on a page of its own first (portal.confirm)."""
    tender = access.get_managed_tender(request.user, pk)
    try:
        tender.ensure_allowed("award")
    except DomainError as exc:
        return _refused(request, exc, tender)
    if not is_confirmed(request):
        return confirmation(
            request,
            title=_("Award the tender to the first-ranked bid?"),
            consequence=_(
                "The notice of intention to award goes to every bidder at once "
                "and the standstill period of %(days)d days begins. It cannot be "
                "taken back: only an upheld complaint or a cancellation undoes it."
            )
            % {"days": settings.PROCUREMENT_STANDSTILL_DAYS},
            button=_("Yes, award the tender"),
            back=tender.get_absolute_url(),
            details=[tender.title],
        )
    try:
        award = services.tender_award(tender=tender, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(
        request,
        _(
            "The tender has been awarded to %(name)s (intention to award); every "
            "bidder has been notified. Complaints are accepted until %(date)s."
        )
        % {
            "name": award.bid.consultant.name,
            "date": date_format(
                timezone.localtime(award.standstill_ends_at), "DATETIME_FORMAT"
            ),
        },
        tender,
    )


# ----------------------------------------------------------------------- contract
@login_required
@require_POST
def contract_record(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    form = ContractForm(request.POST)
    formset = MilestoneFormSet(request.POST, prefix="milestones")
    if not (form.is_valid() and formset.is_valid()):
        errors = [e for field in form.errors.values() for e in field]
        errors += [
            e for f in formset.forms for field in f.errors.values() for e in field
        ]
        messages.error(request, " ".join(errors) or _("Check the contract details."))
        return redirect(tender)
    milestones = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    return _act(
        request,
        tender,
        _("The contract has been recorded."),
        services.contract_record,
        tender=tender,
        by=request.user,
        milestones=milestones,
        **form.cleaned_data,
    )


@login_required
@require_POST
def contract_complete(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    form = RatingForm(request.POST)
    contract = getattr(tender, "contract", None)
    if contract is None or not form.is_valid():
        return _invalid(request, _("Give a rating from 1 to 5."), tender)
    return _act(
        request,
        tender,
        _("The work has been completed and rated."),
        services.contract_complete,
        contract=contract,
        by=request.user,
        rating=form.cleaned_data["rating"],
        comment=form.cleaned_data["comment"],
    )

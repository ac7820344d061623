"""Opening, evaluation, award and the contract."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from .. import access, services
from ..forms import (
    ContractForm,
    MilestoneFormSet,
    RatingForm,
    ScoresForm,
)
from ..models import (
    BidFile,
    TechnicalScore,
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
def tender_evaluate(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if "evaluate" not in access.staff_actions(request.user, tender):
        return _invalid(request, _("Only opened bids can be evaluated."), tender)
    bids = list(
        tender.bids.valid()
        .select_related("consultant")
        .prefetch_related(
            Prefetch("files", queryset=BidFile.objects.order_by("kind", "id"))
        )
    )
    criteria = list(tender.criteria.all())
    existing = {
        (s.bid_id, s.criterion_id): s.score
        for s in TechnicalScore.objects.filter(bid__in=bids)
    }
    form = ScoresForm(
        request.POST or None, bids=bids, criteria=criteria, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(tender=tender, by=request.user, scores=form.scores())
            if "compute" in request.POST:
                services.tender_evaluate(tender=tender, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if "compute" in request.POST:
                return _done(request, _("The ranking has been computed."), tender)
            messages.success(request, _("The scores have been saved."))
            return redirect("procurement:tender-evaluate", pk=tender.pk)
    return render(
        request,
        "procurement/tender_evaluate.html",
        {"tender": tender, "form": form, "criteria": criteria, "bids": bids},
    )


@login_required
@require_POST
def tender_award(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    return _act(
        request,
        tender,
        _("The notice of intention to award has been sent to every bidder."),
        services.tender_award,
        tender=tender,
        by=request.user,
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

"""The two-stage selection pages: the call for expressions of interest, a
member's application, the shortlist and the request for proposals. The rules
are the services' and the tender's (available moves, eligibility_problem)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import DomainError

from .. import access, services
from ..forms import InterestForm, ProposalsRequestForm, ShortlistForm
from .common import _act, _done, rules


@login_required
@require_POST
def interest_call(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    return _act(
        request,
        tender,
        _("The call for expressions of interest has been published."),
        services.interest_call,
        tender=tender,
        by=request.user,
    )


@login_required
def interest_express(request, pk):
    tender = access.get_visible_tender(request.user, pk)
    consultant = access.get_own_consultant(request.user)
    mine = tender.expressions.filter(consultant=consultant).first()
    problem = (
        None
        if tender.accepts_interest()
        else _("This call for expressions of interest is not open.")
    ) or tender.eligibility_problem(consultant)
    if problem:
        messages.error(request, problem)
        return redirect(tender)
    form = InterestForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(
                tender=tender,
                consultant=consultant,
                interest=services.Interest(**form.cleaned_data),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _done(
                request, _("Your expression of interest has been received."), tender
            )
    return render(
        request,
        "procurement/interest_form.html",
        {"tender": tender, "form": form, "mine": mine},
    )


@login_required
def shortlist(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if "shortlist" not in access.staff_actions(request.user, tender):
        raise PermissionDenied
    expressions = tender.expressions.select_related("consultant")
    form = ShortlistForm(request.POST or None, expressions=expressions)
    if request.method == "POST" and form.is_valid():
        try:
            services.shortlist_make(
                tender=tender, by=request.user, chosen=form.chosen()
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _done(request, _("The shortlist has been published."), tender)
    low, high = tender.shortlist_bounds
    return render(
        request,
        "procurement/shortlist_form.html",
        {"tender": tender, "form": form, "low": low, "high": high},
    )


@login_required
def proposals_request(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    actions = access.staff_actions(request.user, tender)
    if not (tender.is_two_stage and "publish" in actions):
        raise PermissionDenied
    form = ProposalsRequestForm(request.POST or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposals_request(
                tender=tender, by=request.user, dates=form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _done(
                request,
                _("The request for proposals has been sent to the shortlist."),
                tender,
            )
    return render(
        request,
        "procurement/proposals_request.html",
        {"tender": tender, "form": form, "rules": rules()},
    )

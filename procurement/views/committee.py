"""The evaluation committee's pages: naming it, the members' declarations and
scores, the technical result, the financial opening and the report."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.confirm import confirmation, is_confirmed
from portal.errors import DomainError

from .. import access, services
from ..documents import evaluation_report_pdf
from ..forms import CommitteeForm, ConsensusForm, DeclarationForm, ScoresForm
from ..models import BidFile, TechnicalScore
from .common import _done, _refused


def _evaluated_tender(user, pk):
    """The tender, for its municipality's staff and its committee, else
    404/403."""
    tender = access.get_visible_tender(user, pk)
    if not access.can_see_evaluation(user, tender):
        raise PermissionDenied
    return tender


@login_required
def tender_committee(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if not access.can_name_committee(request.user, tender):
        messages.error(
            request, _("The committee can no longer change: scoring has begun.")
        )
        return redirect("procurement:tender-evaluate", pk=tender.pk)
    members = list(tender.committee.select_related("user"))
    initial = {
        "staff": [m.user for m in members if not m.is_expert],
        "experts": "\n".join(m.user.email for m in members if m.is_expert),
    }
    form = CommitteeForm(request.POST or None, tender=tender, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_appoint(
                tender=tender,
                by=request.user,
                staff=list(form.cleaned_data["staff"]),
                experts=form.cleaned_data["experts"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return _done(
                request,
                _("The evaluation committee has been named."),
                reverse("procurement:tender-evaluate", args=[tender.pk]),
            )
    return render(
        request,
        "procurement/tender_committee.html",
        {
            "tender": tender,
            "form": form,
            "members": members,
            "min_members": settings.PROCUREMENT_MIN_COMMITTEE,
        },
    )


@login_required
def tender_evaluate(request, pk):
    """The evaluation page: the committee and its progress; for a member the
    declaration, then the bids to read and their own scores; for the
    municipality the technical result and the financial opening."""
    user = request.user
    tender = _evaluated_tender(user, pk)
    seat = access.committee_seat(user, tender)
    members = list(tender.committee.select_related("user"))
    criteria = list(tender.criteria.all())
    context = {
        "tender": tender,
        "seat": seat,
        "members": members,
        "criteria": criteria,
        "manages": access.can_manage_tender(user, tender),
        "can_name": access.can_name_committee(user, tender),
        "opened": not tender.is_sealed,
    }
    if seat is not None and not seat.has_declared:
        context["declaration_form"] = DeclarationForm()
    reads = seat.has_declared if seat is not None else context["manages"]
    bids = []
    if context["opened"] and reads:
        bids = list(
            tender.bids.valid()
            .select_related("consultant")
            .prefetch_related(
                Prefetch(
                    "files",
                    queryset=BidFile.objects.exclude(kind=BidFile.Kind.FINANCIAL),
                )
            )
        )
    context["bids"] = bids
    if access.can_score(user, tender):
        existing = {
            (s.bid_id, s.criterion_id): s.score
            for s in TechnicalScore.objects.filter(
                member=seat, round=tender.evaluation_round
            )
        }
        form = ScoresForm(
            request.POST or None, bids=bids, criteria=criteria, existing=existing
        )
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            submit = "submit" in request.POST
            if submit and not is_confirmed(request):
                return confirmation(
                    request,
                    title=_("Submit your scores"),
                    consequence=_(
                        "Submitted scores are final: you cannot change them, and "
                        "the other members see them once everyone has submitted."
                    ),
                    button=_("Yes, submit my scores"),
                    back=request.path,
                )
            try:
                services.member_scores_save(
                    member=seat, by=user, scores=form.scores(), submit=submit
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Your scores have been submitted.")
                    if submit
                    else _("Your scores have been saved."),
                )
                return redirect("procurement:tender-evaluate", pk=tender.pk)
    elif request.method == "POST":
        messages.error(request, _("You cannot score this tender now."))
        return redirect("procurement:tender-evaluate", pk=tender.pk)
    if access.can_see_committee_scores(user, tender):
        from ..documents import evaluation_report

        context["report"] = evaluation_report(tender)
    if context["manages"] and tender.technical_evaluated_at is None:
        context["committee_problem"] = services.committee_problem(tender)
        if context["opened"] and not context["committee_problem"]:
            context["consensus_form"] = ConsensusForm(bids=bids)
    return render(request, "procurement/tender_evaluate.html", context)


@login_required
@require_POST
def committee_declare(request, pk):
    tender = _evaluated_tender(request.user, pk)
    seat = access.committee_seat(request.user, tender)
    back = reverse("procurement:tender-evaluate", args=[tender.pk])
    form = DeclarationForm(request.POST)
    if seat is None:
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Tick the declaration to continue."))
        return redirect(back)
    try:
        services.committee_declare(
            member=seat, by=request.user, no_conflict=form.cleaned_data["no_conflict"]
        )
    except DomainError as exc:
        return _refused(request, exc, back)
    return _done(request, _("Your declaration has been recorded."), back)


@login_required
@require_POST
def technical_result(request, pk):
    """Take the committee's technical result: bids below the minimum are
    disqualified, with the reason. Asked for on a page of its own."""
    tender = access.get_managed_tender(request.user, pk)
    back = reverse("procurement:tender-evaluate", args=[tender.pk])
    consensus, minutes = None, ""
    if "consensus" in request.POST:
        form = ConsensusForm(request.POST, bids=list(tender.bids.valid()))
        if not form.is_valid():
            errors = [e for errors in form.errors.values() for e in errors]
            messages.error(request, " ".join(errors))
            return redirect(back)
        consensus, minutes = form.consensus(), form.cleaned_data["minutes"]
    if not is_confirmed(request):
        results = services.technical_results(tender, consensus)
        details = [
            _("%(bidder)s: %(score)s — disqualified")
            % {"bidder": r.bid.consultant, "score": r.score}
            if not r.qualified
            else _("%(bidder)s: %(score)s — qualified")
            % {"bidder": r.bid.consultant, "score": r.score}
            for r in results
        ]
        return confirmation(
            request,
            title=_("Record the technical result"),
            consequence=_(
                "Bids below the minimum technical score of %(minimum)s are "
                "disqualified and their financial envelopes will never be "
                "opened. This cannot be undone."
            )
            % {"minimum": tender.min_technical_score},
            button=_("Yes, record the result and disqualify"),
            back=back,
            details=details + ([minutes] if minutes else []),
        )
    try:
        results = services.technical_evaluation_complete(
            tender=tender, by=request.user, consensus=consensus, minutes=minutes
        )
    except DomainError as exc:
        return _refused(request, exc, back)
    disqualified = sum(1 for r in results if not r.qualified)
    return _done(
        request,
        _("The technical result has been recorded; %(count)d bids disqualified.")
        % {"count": disqualified},
        back,
    )


@login_required
@require_POST
def financial_open(request, pk):
    """The public opening of the qualified bids' financial envelopes, then
    the ranking. Asked for on a page of its own."""
    tender = access.get_managed_tender(request.user, pk)
    back = reverse("procurement:tender-evaluate", args=[tender.pk])
    if not is_confirmed(request):
        return confirmation(
            request,
            title=_("Open the financial envelopes"),
            consequence=_(
                "The financial offers of the technically qualified bids are "
                "opened and published in the opening record, and the ranking is "
                "computed. Disqualified bids' envelopes are returned unopened. "
                "This cannot be undone."
            ),
            button=_("Yes, open the financial envelopes"),
            back=back,
        )
    try:
        services.financial_open(tender=tender, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, back)
    return _done(
        request,
        _("The financial envelopes have been opened and the bids ranked."),
        tender,
    )


@login_required
def evaluation_report(request, pk):
    """The evaluation report (PDF), published to the bidders and those who
    oversee the tender once the financial envelopes are opened."""
    tender = access.get_visible_tender(request.user, pk)
    if tender.financial_opened_at is None:
        raise Http404
    if not access.can_see_committee_scores(request.user, tender):
        raise PermissionDenied
    response = HttpResponse(
        evaluation_report_pdf(tender), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-report-{tender.pk}.pdf"'
    )
    return response

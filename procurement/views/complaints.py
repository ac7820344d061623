"""Complaints: filing (about the terms, about the evaluation), the
municipality's explanation, the review commission's page and decisions,
resuming a suspended tender, and the academy's appointments to the
commission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.models import RoleAction, RoleChange
from portal.accounts.models import Role, User
from portal.confirm import confirmation, is_confirmed
from portal.errors import DomainError

from .. import access, services
from ..forms import (
    ComplaintDecisionForm,
    ComplaintExplainForm,
    ComplaintForm,
    ResumeForm,
    ReviewMemberForm,
)
from ..models import (
    Bid,
    Complaint,
    ComplaintDecision,
    ComplaintEffect,
    ComplaintSubject,
)
from .common import PAGE_SIZE, _act, _done, _invalid, _refused, rules

REVIEWER_ACTIONS = (RoleAction.REVIEWER_APPOINTED, RoleAction.REVIEWER_REMOVED)


@login_required
@require_POST
def complaint_file(request, pk):
    """A bidder's complaint about the evaluation, during the standstill."""
    consultant = access.get_own_consultant(request.user)
    bid = get_object_or_404(Bid, pk=pk, consultant=consultant)
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _("Write the complaint."), bid.tender)
    return _act(
        request,
        bid.tender,
        _(
            "Your complaint has been filed; the municipality answers, the review "
            "commission decides."
        ),
        services.complaint_file,
        bid=bid,
        consultant=consultant,
        subject=ComplaintSubject.EVALUATION,
        text=form.cleaned_data["text"],
    )


@login_required
@require_POST
def terms_complaint_file(request, pk):
    """A member who may bid complains about the terms, before the deadline."""
    consultant = access.get_own_consultant(request.user)
    tender = access.get_visible_tender(request.user, pk)
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _("Write the complaint."), tender)
    return _act(
        request,
        tender,
        _(
            "Your complaint has been filed; the municipality answers, the review "
            "commission decides."
        ),
        services.complaint_file,
        tender=tender,
        consultant=consultant,
        subject=ComplaintSubject.TERMS,
        text=form.cleaned_data["text"],
    )


def _visible_complaint(user, pk) -> Complaint:
    complaint = get_object_or_404(
        Complaint.objects.select_related("tender__municipality__region"), pk=pk
    )
    access.get_visible_tender(user, complaint.tender_id)
    return complaint


@login_required
@require_POST
def complaint_explain(request, pk):
    complaint = _visible_complaint(request.user, pk)
    if not access.can_explain_complaint(request.user, complaint):
        if access.can_manage_tender(request.user, complaint.tender):
            return _invalid(
                request,
                _("The municipality has already answered this complaint."),
                complaint.tender,
            )
        raise PermissionDenied
    form = ComplaintExplainForm(request.POST)
    if not form.is_valid():
        return _invalid(
            request, _("Write the municipality's explanation."), complaint.tender
        )
    return _act(
        request,
        complaint.tender,
        _("The explanation has been sent to the review commission."),
        services.complaint_explain,
        complaint=complaint,
        by=request.user,
        explanation=form.cleaned_data["explanation"],
    )


def _review_only(user):
    if not access.is_review_body(user):
        raise PermissionDenied


@login_required
def review_list(request):
    """The review commission's page: complaints awaiting a decision, in every
    region, oldest first, each with its tender, the municipality's answer
    and the decision form."""
    _review_only(request.user)
    page = Paginator(Complaint.objects.awaiting_decision(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = [
        (
            complaint,
            ComplaintDecisionForm(complaint=complaint),
            access.complaint_decisions(request.user, complaint),
        )
        for complaint in page
    ]
    decided = (
        Complaint.objects.decided()
        .select_related("tender__municipality")
        .order_by("-answered_at", "-id")[:10]
    )
    return render(
        request,
        "procurement/review_list.html",
        {"page": page, "items": items, "decided": decided, "rules": rules()},
    )


@login_required
@require_POST
def complaint_decide(request, pk):
    """The commission's decision, confirmed first: its effect on the tender
    cannot be undone."""
    complaint = access.get_complaint_to_decide(request.user, pk)
    back = reverse("procurement:review-list") + f"#complaint-{complaint.pk}"
    form = ComplaintDecisionForm(request.POST, complaint=complaint)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    if not is_confirmed(request):
        return confirmation(
            request,
            title=_("Decide the complaint on %(tender)s")
            % {"tender": complaint.tender.title},
            consequence=_(
                "The decision is final and published at once; its effect on the "
                "tender cannot be undone."
            ),
            button=_("Publish the decision"),
            back=back,
            details=[
                _("Decision: %(decision)s")
                % {"decision": ComplaintDecision(data["decision"]).label},
                _("Effect on the tender: %(effect)s")
                % {"effect": ComplaintEffect(data["effect"]).label},
                data["reasons"],
            ],
        )
    try:
        services.complaint_decide(
            complaint=complaint,
            by=request.user,
            decision=data["decision"],
            reasons=data["reasons"],
            effect=data["effect"],
        )
    except DomainError as exc:
        return _refused(request, exc, back)
    return _done(request, _("The decision has been published."), complaint.tender)


@login_required
@require_http_methods(["GET", "POST"])
def tender_resume(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if "resume" not in access.staff_actions(request.user, tender):
        return _invalid(request, _("Only a suspended tender can be resumed."), tender)
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tender_resume(tender=tender, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _done(
                request,
                _("The tender accepts bids again; every bidder has been told."),
                tender,
            )
    return render(
        request,
        "procurement/tender_resume.html",
        {"tender": tender, "form": form, "rules": rules()},
    )


# ------------------------------------------------ the commission's members
def _academy_only(user):
    if not access.can_appoint_reviewers(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def review_members(request):
    """The academy's page: members of the review commission; appoint one."""
    _academy_only(request.user)
    form = ReviewMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_member_appoint(
                user=form.user, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(person)s is now a member of the review commission.")
                % {"person": form.user},
            )
            return redirect("procurement:review-members")
    members = User.objects.filter(role=Role.REVIEW_BODY, is_active=True).order_by(
        "full_name", "email"
    )
    history = (
        RoleChange.objects.filter(action__in=REVIEWER_ACTIONS)
        .select_related("user", "by")
        .order_by("-at", "-id")[:50]
    )
    return render(
        request,
        "procurement/review_members.html",
        {"members": members, "form": form, "history": history},
    )


@login_required
@require_POST
def review_member_remove(request, user_id):
    _academy_only(request.user)
    person = get_object_or_404(User, pk=user_id)
    reason = request.POST.get("reason", "")
    try:
        services.review_member_remove(user=person, by=request.user, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(person)s is no longer a member of the review commission.")
            % {"person": person},
        )
    return redirect("procurement:review-members")

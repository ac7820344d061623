"""Pages for taking over registry profiles: the academy invites and decides
claims; the invited accept the link; members ask for their profile."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.models import User
from portal.accounts.permissions import academy_admin_required
from portal.errors import DomainError

from . import access, claims
from .claim_forms import (
    ClaimDecisionForm,
    ClaimForm,
    InvitationForm,
    InvitationSignUpForm,
)
from .models import ClaimStatus, Consultant, ProfileClaim, ProfileInvitation


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request, pk):
    consultant = get_object_or_404(Consultant, pk=pk)
    if not access.can_invite(request.user, consultant):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, initial={"email": consultant.email})
    if request.method == "POST" and form.is_valid():
        try:
            claims.invitation_create(
                consultant=consultant, email=form.cleaned_data["email"], by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(consultant)
    invitations = consultant.invitations.select_related("created_by", "accepted_by")
    return render(
        request,
        "consultants/invitation_form.html",
        {"consultant": consultant, "form": form, "invitations": invitations[:20]},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, pk, token):
    """The link of an invitation: sign up (or sign in) and take the profile
    over. GET only shows the page (mail scanners follow links)."""
    invitation = claims.invitation_from_token(consultant_id=pk, token=token)
    if invitation is None:
        return render(request, "consultants/invitation_invalid.html", status=400)
    consultant = invitation.consultant
    user = request.user
    existing = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if not user.is_authenticated and not existing:
        form = InvitationSignUpForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        done = False
        try:
            if user.is_authenticated:
                claims.invitation_accept(invitation=invitation, user=user)
                done = True
            elif form is not None and form.is_valid():
                user = claims.invitation_sign_up(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    language=translation.get_language() or "ky",
                )
                login(
                    request, user, backend="django.contrib.auth.backends.ModelBackend"
                )
                done = True
        except DomainError as exc:
            messages.error(request, exc.message)
        if done:
            messages.success(
                request,
                _("The profile is yours now. Check it and keep it up to date."),
            )
            return redirect("consultants:consultant-edit", consultant.pk)
    return render(
        request,
        "consultants/invitation_accept.html",
        {
            "invitation": invitation,
            "consultant": consultant,
            "form": form,
            "existing_account": existing,
            "may_take_over": access.may_take_over(user),
            "login_url": reverse("account_login") + "?next=" + request.path,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request, pk):
    consultant = get_object_or_404(Consultant.objects.public(), pk=pk)
    if not access.can_claim(request.user, consultant):
        raise PermissionDenied
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claims.claim_request(
                consultant=consultant,
                user=request.user,
                message=form.cleaned_data["message"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your request has been sent to the academy; you will get its "
                  "answer by email."),
            )  # fmt: skip
            return redirect(consultant)
    return render(
        request,
        "consultants/claim_form.html",
        {"consultant": consultant, "form": form},
    )


@login_required
def claim_list(request):
    """The academy: claims waiting for a decision, and the members whose
    profiles have no account yet (to invite)."""
    academy_admin_required(request.user)
    pending = (
        ProfileClaim.objects.filter(status=ClaimStatus.PENDING)
        .select_related("consultant__home_region", "user")
        .order_by("created_at", "id")
    )
    unclaimed = (
        Consultant.objects.public()
        .filter(user__isnull=True)
        .select_related("home_region")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=ProfileInvitation.objects.order_by("-created_at", "-id"),
            )
        )
        .order_by("name_ky", "id")
    )
    page = Paginator(unclaimed, 50).get_page(request.GET.get("page"))
    decided = (
        ProfileClaim.objects.exclude(status=ClaimStatus.PENDING)
        .select_related("consultant", "user", "decided_by")
        .order_by("-decided_at", "-id")[:20]
    )
    return render(
        request,
        "consultants/claim_list.html",
        {
            "pending": pending[:200],
            "page_obj": page,
            "decided": decided,
            "decision_form": ClaimDecisionForm(),
        },
    )


@login_required
@require_POST
def claim_decide(request, claim_id, decision):
    academy_admin_required(request.user)
    claim = get_object_or_404(ProfileClaim, pk=claim_id)
    form = ClaimDecisionForm(request.POST)
    if form.is_valid():
        try:
            claims.claim_decide(
                claim=claim,
                accept=decision == "accept",
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            message = (
                _("The profile now belongs to %(person)s.")
                if decision == "accept"
                else _("The claim of %(person)s has been declined.")
            )
            messages.success(request, message % {"person": claim.user})
    else:
        messages.error(request, " ".join(form.errors.get("reason", [])))
    return redirect("consultants:claim-list")

"""Pages of certification programmes and certificates, and the public
verification page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from portal.accounts.permissions import RoleRequiredMixin, academy_admin_required
from portal.confirm import confirmation, is_confirmed
from portal.errors import DomainError, attempt

from .. import services
from ..access import can_download_certificate
from ..documents import certificate_pdf
from ..filters import CertificateListFilterSet
from ..forms import (
    CertificateStatusForm,
    CertificationProgrammeForm,
    CertifyForm,
)
from ..models import (
    Certificate,
    CertificationProgramme,
    Training,
)
from .trainings import academy_form


# ---------------------------------------------------------------- programmes
def programme_list(request):
    programmes = CertificationProgramme.objects.prefetch_related(
        Prefetch("required_trainings", queryset=Training.objects.order_by("start_date"))
    )
    if not (request.user.is_authenticated and request.user.is_academy_admin):
        programmes = programmes.active()
    return render(request, "trainings/programme_list.html", {"programmes": programmes})


def programme_detail(request, pk):
    """A programme's rules; academy administrators certify candidates here,
    one by one."""
    programme = get_object_or_404(CertificationProgramme, pk=pk)
    is_admin = request.user.is_authenticated and request.user.is_academy_admin
    if not programme.is_active and not is_admin:
        raise Http404
    form = CertifyForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                certificate = services.certificate_issue(
                    consultant=form.cleaned_data["consultant"],
                    programme=programme,
                    by=request.user,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Certificate %(number)s has been issued.")
                    % {"number": certificate.number},
                )
                return redirect(certificate)
    return render(
        request,
        "trainings/programme_detail.html",
        {
            "programme": programme,
            "trainings": programme.required_trainings.order_by("start_date"),
            "form": form,
            "is_admin": is_admin,
        },
    )


@login_required
def programme_form(request, pk=None):
    return academy_form(
        request,
        CertificationProgrammeForm,
        pk,
        name="programme",
        saved=_("The programme has been saved."),
    )


# -------------------------------------------------------------- certificates
class CertificateListView(RoleRequiredMixin, FilterView):
    allowed = ("is_academy_admin", "is_coordinator", "is_consultant")
    filterset_class = CertificateListFilterSet
    template_name = "trainings/certificate_list.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        return Certificate.objects.visible_to(self.request.user).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


def _visible_certificate(request, pk) -> Certificate:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        Certificate.objects.visible_to(request.user).for_listing(), pk=pk
    )


# moves that take a certificate out of force ask for confirmation first
CONFIRMED_MOVES = ("suspend", "revoke")


def _move_done(name: str) -> str:
    return {
        "suspend": _("Certificate %(number)s has been suspended."),
        "reinstate": _("Certificate %(number)s has been reinstated."),
        "revoke": _("Certificate %(number)s has been revoked."),
    }[name]


def _confirm_move(request, certificate, name, form):
    """The confirmation page of a suspension or revocation, saying what
    follows; nothing changes until it is confirmed."""
    facts = {"number": certificate.number, "name": certificate.consultant.name}
    if name == "revoke":
        title = _("Revoke certificate %(number)s?") % facts
        consequence = _(
            "Certificate %(number)s of %(name)s will be revoked for good: it "
            "cannot be reinstated, its verification page will say “revoked” from "
            "today, and the holder's network status will follow. This cannot be "
            "undone."
        )
        button = _("Yes, revoke the certificate")
    else:
        title = _("Suspend certificate %(number)s?") % facts
        consequence = _(
            "Certificate %(number)s of %(name)s will be suspended: until it is "
            "reinstated, its verification page will say “suspended” and the "
            "holder's network status will follow."
        )
        button = _("Yes, suspend the certificate")
    return confirmation(
        request,
        title=title,
        consequence=consequence % facts,
        button=button,
        back=certificate.get_absolute_url(),
        details=[_("Reason: %(reason)s") % {"reason": form.cleaned_data["reason"]}],
    )


@login_required
def certificate_detail(request, pk):
    certificate = _visible_certificate(request, pk)
    is_admin = request.user.is_academy_admin
    form = CertificateStatusForm(request.POST or None)
    if request.method == "POST":
        academy_admin_required(request.user)
        if form.is_valid():
            name = form.cleaned_data["action"]
            if (
                name in CONFIRMED_MOVES
                and name in certificate.available_transitions(request.user)
                and not is_confirmed(request)
            ):
                return _confirm_move(request, certificate, name, form)
            if attempt(
                request,
                lambda: services.certificate_transition(
                    certificate=certificate,
                    name=name,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                ),
                done=_move_done(name) % {"number": certificate.number},
            ):
                return redirect(certificate)
    context = {
        "certificate": certificate,
        "is_admin": is_admin,
        "transitions": certificate.available_transitions(request.user),
        "is_holder": certificate.consultant.user_id == request.user.pk,
        "form": form,
    }
    if is_admin:
        context["history"] = certificate.events.select_related("by")
        context["status_history"] = (
            certificate.consultant.status_changes.select_related("changed_by")
        )
    return render(request, "trainings/certificate_detail.html", context)


@login_required
def certificate_download(request, pk):
    """The PDF, for its holder and academy administrators."""
    certificate = _visible_certificate(request, pk)
    if not can_download_certificate(request.user, certificate):
        raise PermissionDenied
    response = HttpResponse(
        certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


def certificate_verify(request, code=None):
    """Public verification by the printed number or the public code (any
    spacing, dashes or case): what the certificate says and whether it is in
    force, since when it is not; nothing private."""
    typed = request.GET.get("code", "") if code is None else code
    if not typed.strip():
        return render(request, "trainings/certificate_verify.html", {})
    certificate = (
        Certificate.objects.select_related("consultant", "programme")
        .verifiable(typed)
        .first()
    )
    if certificate is None:
        return render(
            request,
            "trainings/certificate_verify.html",
            {"code": typed.strip(), "unknown": True},
            status=404,
        )
    reference = certificate.verification_reference(typed)
    if code != reference:  # the form, or typed in capitals, groups or dashes
        return redirect("trainings:certificate-verify", code=reference)
    return render(
        request,
        "trainings/certificate_verify.html",
        {
            "code": reference,
            "certificate": certificate,
            "pdf_url": reverse("trainings:certificate-download", args=[certificate.pk])
            if can_download_certificate(request.user, certificate)
            else "",
        },
    )

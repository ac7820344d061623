"""The academy's pages for roles and names: oblast coordinators per region,
and the Kyrgyz and English names the register lacks."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.models import User
from portal.errors import DomainError

from .. import access, services
from ..filters import MunicipalityListFilterSet
from ..forms import (
    CoordinatorAppointForm,
    CoordinatorRemoveForm,
    MunicipalityNamesForm,
    NamesUploadForm,
)
from ..models import Municipality, Place, Region, RoleAction, RoleChange
from ..names import names_import
from ..register import RegisterError

COORDINATOR_ACTIONS = (RoleAction.COORDINATOR_APPOINTED, RoleAction.COORDINATOR_REMOVED)


def _academy_only(user):
    if not access.can_manage_roles(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def coordinator_list(request):
    """Oblast coordinators per region; appoint one (with the reason)."""
    _academy_only(request.user)
    form = CoordinatorAppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_appoint(
                region=form.cleaned_data["region"],
                user=form.user,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(person)s is now the oblast coordinator of %(region)s.")
                % {"person": form.user, "region": form.cleaned_data["region"]},
            )
            return redirect("municipalities:coordinator-list")
    regions = Region.objects.prefetch_related(
        Prefetch(
            "coordinators",
            queryset=User.objects.filter(is_active=True).order_by("full_name", "id"),
        )
    )
    history = (
        RoleChange.objects.filter(action__in=COORDINATOR_ACTIONS)
        .select_related("user", "region", "by")
        .order_by("-at", "-id")[:50]
    )
    return render(
        request,
        "municipalities/coordinator_list.html",
        {
            "regions": regions,
            "form": form,
            "remove_form": CoordinatorRemoveForm(),
            "history": history,
        },
    )


@login_required
@require_POST
def coordinator_remove(request, code, user_id):
    _academy_only(request.user)
    region = get_object_or_404(Region, code=code)
    person = get_object_or_404(User, pk=user_id)
    form = CoordinatorRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("municipalities:coordinator-list")
    try:
        services.coordinator_remove(
            region=region,
            user=person,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(person)s no longer coordinates %(region)s.")
            % {"person": person, "region": region},
        )
    return redirect("municipalities:coordinator-list")


@login_required
@require_http_methods(["GET", "POST"])
def names_list(request):
    """Municipalities without a Kyrgyz name (or all), to fill in one at a
    time or from a CSV."""
    if not access.can_edit_names(request.user):
        raise PermissionDenied
    upload = NamesUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and upload.is_valid():
        try:
            result = names_import(
                rows=csv.DictReader(io.StringIO(upload.cleaned_data["file"])),
                Municipality=Municipality,
                Place=Place,
            )
        except RegisterError as exc:
            problems = [
                _("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}
                for line, reason in exc.problems
            ]
            messages.error(request, _("Nothing was saved: the file has errors."))
        else:
            messages.success(
                request, _("Names saved: %(count)d.") % {"count": result["updated"]}
            )
            return redirect(request.get_full_path())
    missing = request.GET.get("missing", "ky")
    filterset = MunicipalityListFilterSet(
        request.GET or None, queryset=Municipality.objects.for_listing()
    )
    municipalities = filterset.qs
    if missing == "ky":
        municipalities = municipalities.filter(Q(name_ky__isnull=True) | Q(name_ky=""))
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "municipalities/names_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "missing": missing,
            "upload": upload,
            "problems": problems,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def names_edit(request, pk):
    if not access.can_edit_names(request.user):
        raise PermissionDenied
    municipality = get_object_or_404(Municipality, pk=pk)
    form = MunicipalityNamesForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The names have been saved."))
        return redirect("municipalities:names-list")
    return render(
        request,
        "municipalities/names_form.html",
        {"municipality": municipality, "form": form},
    )

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.errors import DomainError

from .. import access, services
from ..filters import StaffMembershipFilterSet
from ..forms import DecisionForm, MunicipalitySearchForm, StaffRequestForm
from ..models import MEMBERSHIP_TRANSITIONS, Municipality, RoleChange, StaffMembership

SEARCH_RESULTS = 30


@login_required
@require_http_methods(["GET", "POST"])
def staff_join(request):
    """Municipal staff find their municipality (by its name or a village),
    give their position and work phone, and wait for confirmation; the page
    shows where their request stands."""
    user = request.user
    if not access.can_request_membership(user):
        raise PermissionDenied
    membership = (
        StaffMembership.objects.select_related(
            "municipality__region", "municipality__district", "decided_by"
        )
        .filter(user_id=user.pk)
        .first()
    )
    can_ask = membership is None or (
        membership.status in MEMBERSHIP_TRANSITIONS["request"].sources
    )
    search = MunicipalitySearchForm(request.GET or None)
    results = []
    if search.is_valid() and (
        search.cleaned_data["q"] or search.cleaned_data["region"]
    ):
        results = Municipality.objects.active().with_places()
        if search.cleaned_data["region"]:
            results = results.for_region(search.cleaned_data["region"].pk)
        results = list(
            results.search(search.cleaned_data["q"]).by_name()[:SEARCH_RESULTS]
        )
    form = StaffRequestForm(
        request.POST or None,
        choices=results,
        initial={
            "position": membership.position if membership else "",
            "work_phone": membership.work_phone if membership else "",
        },
    )
    if request.method == "POST":
        if not can_ask:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.staff_request(user=user, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been sent. A confirmed colleague, the "
                        "region's coordinator or the academy will confirm it."
                    ),
                )
                return redirect("municipalities:staff-join")
        chosen = form.cleaned_data.get("municipality") if form.is_bound else None
        if chosen is not None and chosen not in results:
            results = [chosen, *results]
            form = StaffRequestForm(request.POST, choices=results)
            form.is_valid()
    history = (
        RoleChange.objects.filter(user_id=user.pk)
        .select_related("municipality", "region", "by")
        .order_by("-at", "-id")[:20]
    )
    return render(
        request,
        "municipalities/staff_join.html",
        {
            "membership": membership,
            "can_ask": can_ask,
            "search": search,
            "searched": search.is_bound,
            "results": results,
            "form": form,
            "history": history,
        },
    )


@login_required
def staff_list(request):
    """Requests waiting for the user's decision, and the staff the user may
    see (the academy: all; a coordinator: their regions'; confirmed staff:
    their municipality's)."""
    user = request.user
    if not access.can_see_staff_list(user):
        raise PermissionDenied
    data = request.GET.copy()
    data.setdefault("status", "pending")
    filterset = StaffMembershipFilterSet(
        data,
        queryset=StaffMembership.objects.visible_to(user).for_listing(),
        request=request,
    )
    memberships = list(filterset.qs[:200])
    rows = [(m, access.staff_actions(user, m)) for m in memberships]
    return render(
        request,
        "municipalities/staff_list.html",
        {
            "filter": filterset,
            "rows": rows,
            "decision_form": DecisionForm(),
            "can_manage_roles": access.can_manage_roles(user),
        },
    )


@login_required
@require_POST
def staff_decide(request, pk, decision):
    user = request.user
    membership = get_object_or_404(
        StaffMembership.objects.visible_to(user).select_related("user", "municipality"),
        pk=pk,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
    else:
        try:
            services.staff_decide(
                membership=membership,
                decision=decision,
                by=user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                {
                    "confirm": _("%(person)s is now confirmed as staff of %(place)s."),
                    "decline": _("The request of %(person)s has been declined."),
                    "remove": _("%(person)s no longer has staff rights for %(place)s."),
                }[decision]
                % {"person": membership.user, "place": membership.municipality},
            )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "municipalities:staff-list"
    return redirect(target)

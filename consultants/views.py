from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, UpdateView
from django_filters.views import FilterView

from municipalities.views import DistrictFollowsRegionViewMixin
from portal.accounts.permissions import RoleRequiredMixin, academy_admin_required
from portal.errors import DomainError, attempt
from portal.pagination import CappedPaginator

from . import services
from .access import (
    can_claim,
    can_edit_consultant,
    can_invite,
    can_see_contacts,
    can_withdraw,
    may_take_over,
)
from .claims import profile_held_by
from .filters import ConsultantListFilterSet
from .forms import ConsultantProfileForm, DeclineForm, RatingAnswerForm, WithdrawForm
from .models import Consultant, ConsultantRating, ExpertiseArea
from .panels import profile_panels
from .profile_read import PROFILE_RELATIONS
from .widening import widening_suggestions

PAGE_SIZES = (10, 20, 50, 100)


class ConsultantListView(DistrictFollowsRegionViewMixin, FilterView):
    filterset_class = ConsultantListFilterSet
    template_name = "consultants/consultant_list.html"
    context_object_name = "consultants"
    paginator_class = CappedPaginator

    def get_queryset(self):
        return Consultant.objects.public().for_listing()

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("page_size", 20))
        except ValueError:
            size = 20
        return size if size in PAGE_SIZES else 20

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["consultants/includes/consultant_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        context["page_sizes"] = PAGE_SIZES
        context["show_contacts"] = can_see_contacts(self.request.user)
        # the rows of the page, once, with the names of their certified areas
        rows = list(context["object_list"])
        ExpertiseArea.name_certified_areas(rows)
        if context.get("page_obj") is not None:
            context["page_obj"].object_list = rows
        context["object_list"] = context["consultants"] = rows
        filterset = context["filter"]
        searching = filterset.is_bound and filterset.data.get("q")
        if (context["filters_active"] or searching) and not context["paginator"].count:
            context["suggestions"] = widening_suggestions(
                filterset, self.get_queryset(), filterset.data
            )
        return context


class ConsultantDetailView(DetailView):
    template_name = "consultants/consultant_detail.html"
    context_object_name = "consultant"

    def get_queryset(self):
        return PROFILE_RELATIONS.with_ids(
            Consultant.objects.visible_to(self.request.user).select_related(
                "home_region"
            )
        )

    def get_object(self, queryset=None):
        consultant = super().get_object(queryset)
        PROFILE_RELATIONS.attach(consultant)
        return consultant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultant = self.object
        user = self.request.user
        context["show_contacts"] = can_see_contacts(user, consultant)
        context["can_edit"] = can_edit_consultant(user, consultant)
        context["can_withdraw"] = can_withdraw(user, consultant)
        context["transitions"] = consultant.available_transitions(user)
        context["panels"] = profile_panels.render(self.request, consultant)
        context["can_claim"] = can_claim(user, consultant)
        context["can_invite"] = can_invite(user, consultant)
        if user.is_authenticated and user.is_academy_admin:
            context["history"] = consultant.status_changes.select_related("changed_by")
        return context


@login_required
def consultant_apply(request):
    """A signed-up NGO or individual submits a profile to join the network."""
    existing = Consultant.objects.filter(user=request.user).first()
    if existing:
        return redirect("consultants:consultant-mine")
    if not may_take_over(request.user):
        raise PermissionDenied
    # someone already in the registry takes over their profile instead
    held = profile_held_by(email=request.user.email)
    if request.method == "POST":
        held = held or profile_held_by(
            email=request.POST.get("email", ""), phone=request.POST.get("phone", "")
        )
    if held is not None:
        return _offer_claim(request, held)
    form = ConsultantProfileForm(
        request.POST or None,
        initial={
            "email": request.user.email,
            "languages": ["ky"],
        },
    )
    if request.method == "POST" and form.is_valid():
        services.consultant_apply(user=request.user, form=form)
        messages.success(
            request,
            _(
                "Your application has been submitted. The academy will review it; "
                "you will see the decision here and by email."
            ),
        )
        return redirect("consultants:consultant-mine")
    return render(
        request, "consultants/consultant_form.html", {"form": form, "applying": True}
    )


def _offer_claim(request, consultant):
    messages.info(
        request,
        _(
            "The registry already has a profile with this email or phone: ask "
            "for it instead of applying again."
        ),
    )
    if can_claim(request.user, consultant):
        return redirect("consultants:claim-create", consultant.pk)
    return redirect(consultant)


@login_required
def consultant_mine(request):
    consultant = Consultant.objects.filter(user=request.user).first()
    if consultant is None:
        return redirect("consultants:consultant-apply")
    return redirect(consultant)


@method_decorator(login_required, name="dispatch")
class ConsultantUpdateView(UpdateView):
    form_class = ConsultantProfileForm
    template_name = "consultants/consultant_form.html"
    context_object_name = "consultant"

    def get_object(self, queryset=None):
        consultant = get_object_or_404(
            Consultant.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        if not can_edit_consultant(self.request.user, consultant):
            raise PermissionDenied
        return consultant

    def form_valid(self, form):
        messages.success(self.request, _("The profile has been saved."))
        return super().form_valid(form)


@login_required
@require_POST
def consultant_resubmit(request, pk):
    consultant = get_object_or_404(Consultant, pk=pk, user=request.user)
    attempt(
        request,
        lambda: services.application_resubmit(consultant=consultant, by=request.user),
        done=_("Your application has been submitted again."),
    )
    return redirect(consultant)


@login_required
def consultant_withdraw(request, pk):
    """The member (or an academy administrator) records leaving the network."""
    consultant = get_object_or_404(Consultant.objects.visible_to(request.user), pk=pk)
    if not can_edit_consultant(request.user, consultant):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: services.consultant_withdraw(
                consultant=consultant,
                by=request.user,
                reason=form.cleaned_data["reason"],
            ),
            done=_("The withdrawal from the network is recorded."),
        )
        return redirect(consultant)
    return render(
        request,
        "consultants/consultant_withdraw.html",
        {"consultant": consultant, "form": form},
    )


class ApplicationListView(RoleRequiredMixin, ListView):
    allowed = ("is_academy_admin",)
    template_name = "consultants/application_list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):
        return (
            Consultant.objects.applications()
            .select_related("home_region", "user")
            .order_by("created_at")
        )


@login_required
def application_detail(request, pk):
    academy_admin_required(request.user)
    consultant = get_object_or_404(
        Consultant.objects.select_related("home_region", "user"), pk=pk
    )
    decline_form = DeclineForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "accept":
                services.application_accept(consultant=consultant, by=request.user)
                messages.success(
                    request, _("The applicant is now a provisional member.")
                )
                return redirect("consultants:application-list")
            if request.POST.get("decision") == "decline" and decline_form.is_valid():
                services.application_decline(
                    consultant=consultant,
                    by=request.user,
                    reason=decline_form.cleaned_data["reason"],
                )
                messages.success(request, _("The application has been declined."))
                return redirect("consultants:application-list")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "consultants/application_detail.html",
        {
            "consultant": consultant,
            "decline_form": decline_form,
            "history": consultant.status_changes.select_related("changed_by"),
            "transitions": consultant.available_transitions(request.user),
        },
    )


@login_required
@require_POST
def rating_answer(request, pk):
    """The rated member's one public answer to a rating of their work; anyone
    else is refused (403), a rating already answered says so."""
    rating = get_object_or_404(
        ConsultantRating.objects.select_related("consultant"), pk=pk
    )
    if rating.consultant.user_id != request.user.pk:
        raise PermissionDenied
    form = RatingAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        attempt(
            request,
            lambda: services.answer_rating(
                rating=rating, by=request.user, text=form.cleaned_data["text"]
            ),
            done=_("Your answer is published under the rating."),
        )
    return redirect(f"{rating.consultant.get_absolute_url()}#rating-{rating.pk}")

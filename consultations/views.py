"""Pages of consultation requests: the list, writing one (with the registry's
search to choose members), the request with its answers, and the actions
posted from it. Each action validates a form, then calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultants.models import Consultant
from portal.confirm import confirmation, is_confirmed
from portal.errors import attempt

from . import access, services
from .forms import (
    AnswerForm,
    CancelForm,
    CompleteForm,
    MemberSearchForm,
    MunicipalityRatingForm,
    RatingAnswerForm,
    RequestForm,
)
from .models import ConsultationRequest, MunicipalityRating, Reply, RequestStatus

PAGE_SIZE = 20
CANDIDATES_SHOWN = 50


@login_required
def request_list(request):
    if not access.can_list_requests(request.user):
        raise PermissionDenied
    requests = ConsultationRequest.objects.visible_to(request.user).for_listing()
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    page = Paginator(requests.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "consultations/request_list.html",
        {
            "page": page,
            "requests": page.object_list,
            "statuses": RequestStatus.choices,
            "status": status,
            "can_create": access.can_create_request(request.user),
        },
    )


@login_required
def request_create(request):
    if not access.can_create_request(request.user):
        raise PermissionDenied
    municipality = request.user.staff_membership.municipality
    search = MemberSearchForm(request.GET or None)
    form = RequestForm(request.POST or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = Consultant.objects.none()
    if query:
        candidates = services.askable_members().search(query)
    picked = [v for v in request.POST.getlist("members") if v.isdigit()]
    candidates = (
        (candidates | services.askable_members().filter(pk__in=picked))
        .select_related("home_region")
        .order_by("-rating_average", "name_ky", "id")[:CANDIDATES_SHOWN]
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        sent = []
        if attempt(
            request,
            lambda: sent.append(
                services.request_send(
                    municipality=municipality,
                    by=request.user,
                    values=values,
                    audience=form.cleaned_data["audience"],
                    members=form.cleaned_data["members"],
                )
            ),
            done=_("The request has been sent."),
        ):
            return redirect(sent[0])
    return render(
        request,
        "consultations/request_form.html",
        {
            "form": form,
            "search": search,
            "query": query,
            "candidates": candidates,
            "picked": {int(v) for v in picked},
            "municipality": municipality,
        },
    )


def _detail(request, req, status=200, **forms):
    user = request.user
    recipient = access.recipient_for(user, req)
    answers = []
    if access.can_see_answers(user, req):
        answers = list(
            req.recipients.select_related("consultant__home_region").order_by(
                "reply", "price", "id"
            )
        )
    manage = access.can_manage_request(user, req)
    rating = MunicipalityRating.objects.filter(request=req).first()
    context = {
        "req": req,
        "recipient": recipient,
        "answers": answers,
        "interested": [a for a in answers if a.reply == Reply.INTERESTED],
        "manage": manage,
        "transitions": req.available_transitions() if manage else [],
        "above_limit": req.amount_above_direct_limit() if manage else None,
        "municipality_rating": rating,
        "consultant_rating": req.consultant_rating(),
        "can_answer": access.can_answer_request(user, req, recipient),
        "can_rate": access.can_rate_municipality(user, req, recipient),
        "can_answer_rating": rating is not None
        and access.can_answer_municipality_rating(user, rating),
        "answer_form": forms.get("answer_form")
        or AnswerForm(initial=_answer_initial(recipient)),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "complete_form": forms.get("complete_form") or CompleteForm(),
        "rate_form": forms.get("rate_form") or MunicipalityRatingForm(),
        "rating_answer_form": forms.get("rating_answer_form") or RatingAnswerForm(),
    }
    return render(request, "consultations/request_detail.html", context, status=status)


def _answer_initial(recipient):
    if recipient is None or recipient.reply == Reply.PENDING:
        return {}
    return {
        "reply": recipient.reply,
        "offer": recipient.offer,
        "price": recipient.price,
        "starts_on": recipient.starts_on,
        "ends_on": recipient.ends_on,
        "reason": recipient.decline_reason,
    }


@login_required
def request_detail(request, pk):
    return _detail(request, access.get_visible_request(request.user, pk))


@login_required
@require_POST
def request_answer(request, pk):
    req = access.get_visible_request(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _detail(request, req, status=400, answer_form=form)
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.request_answer(
            request=req,
            by=request.user,
            interested=data["reply"] == "interested",
            offer=data["offer"],
            price=data["price"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
        ),
        done=_("Your answer has been sent."),
    )
    return redirect(req)


@login_required
@require_POST
def request_agree(request, pk):
    req = access.get_visible_request(request.user, pk)
    recipient_id = request.POST.get("recipient", "")
    attempt(
        request,
        lambda: services.request_agree(
            request=req,
            by=request.user,
            recipient_id=int(recipient_id) if recipient_id.isdigit() else 0,
        ),
        done=_("The offer has been chosen; the members have been told."),
    )
    return redirect(req)


@login_required
@require_POST
def request_cancel(request, pk):
    req = access.get_visible_request(request.user, pk)
    if not access.can_manage_request(request.user, req):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _detail(request, req, status=400, cancel_form=form)
    if not is_confirmed(request):
        return confirmation(
            request,
            title=_("Close the request without an agreement?"),
            consequence=_(
                "The members it was sent to are told, and it cannot take "
                "answers again. This cannot be undone."
            ),
            button=_("Close the request"),
            back=req.get_absolute_url(),
            details=[form.cleaned_data["reason"]]
            if form.cleaned_data["reason"]
            else (),
        )
    attempt(
        request,
        lambda: services.request_cancel(
            request=req, by=request.user, reason=form.cleaned_data["reason"]
        ),
        done=_("The request has been closed."),
    )
    return redirect(req)


@login_required
@require_POST
def request_complete(request, pk):
    req = access.get_visible_request(request.user, pk)
    if not access.can_manage_request(request.user, req):
        raise PermissionDenied
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _detail(request, req, status=400, complete_form=form)
    attempt(
        request,
        lambda: services.request_complete(
            request=req,
            by=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        ),
        done=_("The work is marked done and the member has been rated."),
    )
    return redirect(req)


@login_required
@require_POST
def municipality_rate(request, pk):
    req = access.get_visible_request(request.user, pk)
    form = MunicipalityRatingForm(request.POST)
    if not form.is_valid():
        return _detail(request, req, status=400, rate_form=form)
    attempt(
        request,
        lambda: services.municipality_rate(
            request=req, by=request.user, **form.cleaned_data
        ),
        done=_("Your rating of the municipality has been published."),
    )
    return redirect(req)


@login_required
@require_POST
def rating_answer(request, pk):
    rating = get_object_or_404(
        MunicipalityRating.objects.select_related("request"), pk=pk
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = rating.municipality.get_absolute_url()
    form = RatingAnswerForm(request.POST)
    if not access.can_answer_municipality_rating(request.user, rating):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Write the answer."))
        return redirect(back)
    attempt(
        request,
        lambda: services.municipality_rating_answer(
            rating=rating, by=request.user, text=form.cleaned_data["text"]
        ),
        done=_("Your answer has been published."),
    )
    return redirect(back)


@login_required
@require_POST
def request_tender(request, pk):
    req = access.get_visible_request(request.user, pk)
    if not access.can_manage_request(request.user, req):
        raise PermissionDenied
    made = []
    if attempt(
        request,
        lambda: made.append(services.request_to_tender(request=req, by=request.user)),
        done=_("A draft tender has been made from the request; complete it."),
    ):
        return redirect("procurement:tender-edit", pk=made[0].pk)
    return redirect(req)

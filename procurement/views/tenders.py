"""The municipality's pages for its tenders, the questions, and "my tenders"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.confirm import confirmation, is_confirmed
from portal.errors import DomainError

from .. import access, services
from ..forms import (
    AmendForm,
    AnswerForm,
    CancelForm,
    CriterionFormSet,
    DocumentForm,
    QuestionForm,
    TenderForm,
)
from ..models import (
    Bid,
    CancelReason,
    Question,
    Tender,
    TenderDocument,
)
from .common import _act, _done, _invalid, _refused, rules


@login_required
def tender_create(request):
    if not access.can_create_tender(request.user):
        raise PermissionDenied
    return _tender_form(request, None, request.user.staff_membership.municipality)


@login_required
def tender_edit(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if "edit" not in access.staff_actions(request.user, tender):
        return _invalid(
            request, _("Only a draft can be edited; amend a published one."), tender
        )
    return _tender_form(request, tender, tender.municipality)


def _tender_form(request, tender, municipality):
    initial = {}
    if tender is None:
        initial = {
            "contact_name": request.user.get_full_name(),
            "contact_email": request.user.email,
            "regions": [municipality.region_id],
        }
    form = TenderForm(request.POST or None, instance=tender, initial=initial)
    formset = CriterionFormSet(request.POST or None, instance=tender, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            tender = services.tender_save(
                tender=tender,
                municipality=municipality,
                by=request.user,
                values={name: form.cleaned_data[name] for name in form.fields},
                criteria=formset.rows(),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _done(request, _("The draft has been saved."), tender)
    return render(
        request,
        "procurement/tender_form.html",
        {"form": form, "formset": formset, "tender": tender, "rules": rules()},
    )


@login_required
@require_POST
def document_add(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(tender)
    return _act(
        request,
        tender,
        _("The document has been attached."),
        services.document_add,
        tender=tender,
        checked=form.cleaned_data["file"],
        title=form.cleaned_data["title"],
        by=request.user,
    )


@login_required
@require_POST
def document_delete(request, pk):
    document = get_object_or_404(TenderDocument, pk=pk)
    tender = access.get_managed_tender(request.user, document.tender_id)
    return _act(
        request,
        tender,
        _("The document has been removed."),
        services.document_remove,
        document=document,
        by=request.user,
    )


@login_required
@require_POST
def tender_publish(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    return _act(
        request,
        tender,
        _("The tender has been published."),
        services.tender_publish,
        tender=tender,
        by=request.user,
    )


@login_required
def tender_amend(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    form = AmendForm(request.POST or None, request.FILES or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        document = None
        if form.cleaned_data.get("document"):
            document = (
                form.cleaned_data["document"],
                form.cleaned_data.get("document_title") or "",
            )
        fresh = Tender.objects.get(pk=tender.pk)  # the form changed the instance
        try:
            services.tender_amend(
                tender=fresh,
                by=request.user,
                changes=form.changes(),
                summary=form.cleaned_data["summary"],
                document=document,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _done(
                request,
                _("The amendment has been published; bidders were asked to confirm."),
                fresh,
            )
    return render(
        request,
        "procurement/tender_amend.html",
        {"form": form, "tender": Tender.objects.get(pk=tender.pk), "rules": rules()},
    )


@login_required
@require_POST
def tender_cancel(request, pk):
    """Irreversible: asks on a page of its own first (portal.confirm)."""
    tender = access.get_managed_tender(request.user, pk)
    try:
        tender.ensure_allowed("cancel")
    except DomainError as exc:
        return _refused(request, exc, tender)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _invalid(
            request, _("Choose the reason and write the explanation."), tender
        )
    if not is_confirmed(request):
        consequence = _(
            "The tender will be cancelled for good: it cannot be published or "
            "reopened, no bid will be opened, and the reason is published on the "
            "tender page."
        )
        if not tender.is_draft:
            consequence = _(
                "The tender will be cancelled for good: it cannot be reopened, no "
                "further bid is accepted or opened, every bidder and follower is "
                "told, and the reason is published on the tender page."
            )
        return confirmation(
            request,
            title=_("Cancel the tender “%(title)s”?") % {"title": tender.title},
            consequence=consequence,
            button=_("Yes, cancel the tender"),
            back=tender.get_absolute_url(),
            details=[
                _("Reason: %(reason)s")
                % {
                    "reason": CancelReason(form.cleaned_data["reason"]).label,
                },
                form.cleaned_data["explanation"],
            ],
        )
    return _act(
        request,
        tender,
        _("The tender has been cancelled; the reason is published on its page."),
        services.tender_cancel,
        tender=tender,
        by=request.user,
        **form.cleaned_data,
    )


# --------------------------------------------------------------------- questions
@login_required
@require_POST
def question_ask(request, pk):
    tender = access.get_visible_tender(request.user, pk)
    consultant = access.get_own_consultant(request.user)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _("Write the question."), tender)
    return _act(
        request,
        tender,
        _("Your question has been sent; the answer will be public."),
        services.question_ask,
        tender=tender,
        consultant=consultant,
        text=form.cleaned_data["text"],
    )


@login_required
@require_POST
def question_answer(request, pk):
    question = get_object_or_404(Question, pk=pk)
    tender = access.get_managed_tender(request.user, question.tender_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _("Write the answer."), tender)
    return _act(
        request,
        tender,
        _("The answer has been published."),
        services.question_answer,
        question=question,
        by=request.user,
        text=form.cleaned_data["answer"],
    )


@login_required
def tender_mine(request):
    """Staff: the municipality's tenders, drafts included. Consultants: bids."""
    user = request.user
    if user.is_municipal_staff:
        tenders = Tender.objects.managed_by(user).for_listing().order_by("-created_at")
        return render(
            request, "procurement/tender_mine.html", {"tenders": tenders[:200]}
        )
    consultant = access.get_own_consultant(request.user)
    bids = (
        Bid.objects.filter(consultant=consultant)
        .select_related("tender__municipality")
        .order_by("-submitted_at")
    )
    return render(request, "procurement/bid_mine.html", {"bids": bids[:200]})

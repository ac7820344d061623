"""Tender pages. Views ask access.py who may do what, validate with a form and
make one service call; the rules themselves live in access.py, models.py and
services.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from consultants.models import Consultant
from portal.errors import DomainError

from . import access, services
from .filters import TenderListFilterSet
from .forms import (
    AmendForm,
    AnswerForm,
    BidForm,
    CancelForm,
    ComplaintAnswerForm,
    ComplaintForm,
    ContractForm,
    CriterionFormSet,
    DocumentForm,
    MilestoneFormSet,
    QuestionForm,
    RatingForm,
    ScoresForm,
    TenderForm,
)
from .models import (
    Bid,
    BidFile,
    BidReceipt,
    Complaint,
    Question,
    TechnicalScore,
    Tender,
    TenderDocument,
    TenderStatus,
)

PAGE_SIZE = 20


def rules():
    """The configurable procurement rules in force, for the UI help."""
    return {
        "min_days": settings.PROCUREMENT_MIN_SUBMISSION_DAYS,
        "standstill_days": settings.PROCUREMENT_STANDSTILL_DAYS,
        "min_bids": settings.PROCUREMENT_MIN_BIDS,
        "amendment_days": settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS,
        "max_upload": settings.UPLOAD_MAX_BYTES,
    }


def _done(request, message, target):
    messages.success(request, message)
    return redirect(target)


def _refused(request, exc: DomainError, target):
    messages.error(request, exc.message)
    return redirect(target)


# ---------------------------------------------------------------------- public
class TenderListView(FilterView):
    filterset_class = TenderListFilterSet
    template_name = "procurement/tender_list.html"
    context_object_name = "tenders"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Tender.objects.public().for_listing()

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["procurement/includes/tender_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        context["rules"] = rules()
        return context


def tender_detail(request, pk):
    tender = access.get_visible_tender(request.user, pk)
    user = request.user
    manages = access.can_manage_tender(user, tender)
    now = timezone.now()
    actions = access.staff_actions(user, tender, now)
    context = {
        "tender": tender,
        "manages": manages,
        "actions": actions,
        "rules": rules(),
        "documents": tender.documents.all(),
        "amendments": tender.amendments.all(),
        "criteria": tender.criteria.all(),
        "questions": tender.questions.filter(answered_at__isnull=False),
        "now": now,
    }
    if manages:
        context["open_questions"] = tender.questions.filter(answered_at__isnull=True)
        context["answer_form"] = AnswerForm()
        context["cancel_form"] = CancelForm()
        context["document_form"] = DocumentForm()
        context["publication_problems"] = (
            tender.publication_problems() if "publish" in actions else []
        )
        context["complaints"] = tender.complaints.select_related("bid__consultant")
        context["complaint_answer_form"] = ComplaintAnswerForm()
    if user.is_authenticated and user.is_consultant:
        consultant = Consultant.objects.filter(user=user).first()
        if consultant is not None:
            # the same profile as access.get_own_consultant, without its 403
            my_bid = tender.bids.filter(consultant=consultant).first()
            context["as_consultant"] = True
            context["my_bid"] = my_bid
            context["eligibility_problem"] = tender.eligibility_problem(consultant)
            context["question_form"] = QuestionForm()
            if my_bid is not None:
                context["my_complaints"] = my_bid.complaints.all()
                context["complaint_form"] = ComplaintForm()
    if access.can_read_bids_of(user, tender):
        ranking = tender.status != TenderStatus.OPENED
        bids = tender.bids.ranked() if ranking else tender.bids.valid()
        context["opening_record"] = bids.select_related("consultant")
        context["ranking"] = ranking
    award = getattr(tender, "award", None)
    context["award"] = award
    context["in_standstill"] = award is not None and award.in_standstill()
    contract = getattr(tender, "contract", None)
    context["contract"] = contract
    if "contract" in actions:
        context["contract_form"] = ContractForm(initial={"amount": award.amount})
        context["milestone_formset"] = MilestoneFormSet(prefix="milestones")
    if "complete" in actions:
        context["rating_form"] = RatingForm()
    return render(request, "procurement/tender_detail.html", context)


class TenderFeed(Feed):
    """Atom feed of newly published tenders."""

    feed_type = Atom1Feed
    title = gettext_lazy("Consulting-service tenders")
    subtitle = gettext_lazy("Newly published tenders of municipalities")
    link = reverse_lazy("procurement:tender-list")

    def items(self):
        return (
            Tender.objects.public()
            .select_related("municipality")
            .order_by("-published_at", "-id")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.municipality.name


def document_download(request, pk):
    document = get_object_or_404(
        TenderDocument.objects.filter(
            tender__in=Tender.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


# --------------------------------------------------------------- staff: tenders
@login_required
def tender_create(request):
    if not access.can_create_tender(request.user):
        raise PermissionDenied
    return _tender_form(request, None, request.user.staff_membership.municipality)


@login_required
def tender_edit(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if "edit" not in access.staff_actions(request.user, tender):
        messages.error(request, _("Only a draft can be edited; amend a published one."))
        return redirect(tender)
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
                form=form,
                criteria_formset=formset,
                municipality=municipality,
                by=request.user,
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
    try:
        services.document_add(
            tender=tender,
            checked=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The document has been attached."), tender)


@login_required
@require_POST
def document_delete(request, pk):
    document = get_object_or_404(TenderDocument, pk=pk)
    tender = access.get_managed_tender(request.user, document.tender_id)
    try:
        services.document_remove(document=document, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The document has been removed."), tender)


@login_required
@require_POST
def tender_publish(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    try:
        services.tender_publish(tender=tender, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The tender has been published."), tender)


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
    tender = access.get_managed_tender(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the reason and write the explanation."))
        return redirect(tender)
    try:
        services.tender_cancel(tender=tender, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The tender has been cancelled."), tender)


# --------------------------------------------------------------------- questions
@login_required
@require_POST
def question_ask(request, pk):
    tender = access.get_visible_tender(request.user, pk)
    consultant = access.get_own_consultant(request.user)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the question."))
        return redirect(tender)
    try:
        services.question_ask(
            tender=tender, consultant=consultant, text=form.cleaned_data["text"]
        )
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(
        request, _("Your question has been sent; the answer will be public."), tender
    )


@login_required
@require_POST
def question_answer(request, pk):
    question = get_object_or_404(Question, pk=pk)
    tender = access.get_managed_tender(request.user, question.tender_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer."))
        return redirect(tender)
    try:
        services.question_answer(
            question=question, by=request.user, text=form.cleaned_data["answer"]
        )
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The answer has been published."), tender)


# -------------------------------------------------------------------------- bids
@login_required
def bid_submit(request, pk):
    """Submit, change or confirm the consultant's bid; a receipt follows."""
    tender = access.get_visible_tender(request.user, pk)
    consultant = access.get_own_consultant(request.user)
    bid = tender.bids.filter(consultant=consultant).prefetch_related("files").first()
    existing_files = list(bid.files.all()) if bid else []
    initial = {}
    if bid is not None:
        initial = {
            "technical_proposal": bid.technical_proposal,
            "proposed_team": bid.proposed_team,
            "conflict_of_interest_note": bid.conflict_of_interest_note,
        }
        initial["price"] = access.bid_price_for(request.user, bid)
    form = BidForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        existing_files=existing_files,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = services.BidContent(
            technical_proposal=data["technical_proposal"],
            proposed_team=data["proposed_team"],
            price=data["price"],
            conflict_of_interest_declared=data["conflict_of_interest_declared"],
            conflict_of_interest_note=data["conflict_of_interest_note"],
            files=form.uploaded(),
            remove_file_ids=tuple(data.get("remove_files") or ()),
        )
        try:
            receipt = services.bid_submit(
                tender=tender, consultant=consultant, content=content
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your bid has been received. Receipt: %(digest)s")
                % {"digest": receipt.digest},
            )
            return redirect(receipt.bid)
    elif request.method == "GET":
        problem = (
            None
            if tender.accepts_bids()
            else _("The submission deadline has passed; no bids accepted.")
        ) or tender.eligibility_problem(consultant)
        if problem:
            messages.error(request, problem)
            return redirect(tender)
    return render(
        request,
        "procurement/bid_form.html",
        {"form": form, "tender": tender, "bid": bid, "rules": rules()},
    )


@login_required
def bid_detail(request, pk):
    bid = get_object_or_404(
        Bid.objects.readable_by(request.user)
        .select_related("tender__municipality", "consultant")
        .prefetch_related("files", "receipts", "scores__criterion"),
        pk=pk,
    )
    own = bid.consultant.user_id == request.user.pk
    return render(
        request,
        "procurement/bid_detail.html",
        {
            "bid": bid,
            "tender": bid.tender,
            "own": own,
            "price": access.bid_price_for(request.user, bid),
            "can_change": access.can_change_bid(request.user, bid),
        },
    )


@login_required
@require_POST
def bid_withdraw(request, pk):
    consultant = access.get_own_consultant(request.user)
    bid = get_object_or_404(Bid, pk=pk, consultant=consultant)
    try:
        receipt = services.bid_withdraw(bid=bid, consultant=consultant)
    except DomainError as exc:
        return _refused(request, exc, bid)
    return _done(
        request,
        _("Your bid has been withdrawn. Receipt: %(digest)s")
        % {"digest": receipt.digest},
        bid,
    )


@login_required
def bidfile_download(request, pk):
    """Bid files leave the server only decrypted through this check."""
    bid_file = get_object_or_404(
        BidFile.objects.filter(bid__in=Bid.objects.readable_by(request.user)), pk=pk
    )
    response = HttpResponse(
        services.bid_file_content(bid_file), content_type=bid_file.content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{bid_file.pk}-{bid_file.kind}.'
        f'{bid_file.original_name.rsplit(".", 1)[-1]}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def bidreceipt_document(request, pk):
    """The receipt document, for the bidder to check the digest offline."""
    receipt = get_object_or_404(
        BidReceipt.objects.of_bidder(request.user).exclude(sealed_document=b""),
        pk=pk,
    )
    response = HttpResponse(receipt.document(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="receipt-{pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------- opening and evaluation
@login_required
@require_POST
def tender_open(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    try:
        tender = services.tender_open(tender=tender, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, tender)
    if tender.status == TenderStatus.UNSUCCESSFUL:
        return _done(
            request, _("Too few bids arrived: the tender is unsuccessful."), tender
        )
    return _done(request, _("The bids have been opened."), tender)


@login_required
def tender_evaluate(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    if "evaluate" not in access.staff_actions(request.user, tender):
        messages.error(request, _("Only opened bids can be evaluated."))
        return redirect(tender)
    bids = list(
        tender.bids.valid()
        .select_related("consultant")
        .prefetch_related(
            Prefetch("files", queryset=BidFile.objects.order_by("kind", "id"))
        )
    )
    criteria = list(tender.criteria.all())
    existing = {
        (s.bid_id, s.criterion_id): s.score
        for s in TechnicalScore.objects.filter(bid__in=bids)
    }
    form = ScoresForm(
        request.POST or None, bids=bids, criteria=criteria, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(tender=tender, by=request.user, scores=form.scores())
            if "compute" in request.POST:
                services.tender_evaluate(tender=tender, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if "compute" in request.POST:
                return _done(request, _("The ranking has been computed."), tender)
            messages.success(request, _("The scores have been saved."))
            return redirect("procurement:tender-evaluate", pk=tender.pk)
    return render(
        request,
        "procurement/tender_evaluate.html",
        {"tender": tender, "form": form, "criteria": criteria, "bids": bids},
    )


@login_required
@require_POST
def tender_award(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    try:
        services.tender_award(tender=tender, by=request.user)
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(
        request,
        _("The notice of intention to award has been sent to every bidder."),
        tender,
    )


@login_required
@require_POST
def complaint_file(request, pk):
    consultant = access.get_own_consultant(request.user)
    bid = get_object_or_404(Bid, pk=pk, consultant=consultant)
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the complaint."))
        return redirect(bid.tender)
    try:
        services.complaint_file(
            bid=bid, consultant=consultant, text=form.cleaned_data["text"]
        )
    except DomainError as exc:
        return _refused(request, exc, bid.tender)
    return _done(
        request,
        _("Your complaint has been filed; the municipality will answer."),
        bid.tender,
    )


@login_required
@require_POST
def complaint_answer(request, pk):
    complaint = get_object_or_404(Complaint, pk=pk)
    tender = access.get_managed_tender(request.user, complaint.tender_id)
    form = ComplaintAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision and write the answer."))
        return redirect(tender)
    try:
        services.complaint_answer(
            complaint=complaint, by=request.user, **form.cleaned_data
        )
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The complaint has been answered."), tender)


# ----------------------------------------------------------------------- contract
@login_required
@require_POST
def contract_record(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    form = ContractForm(request.POST)
    formset = MilestoneFormSet(request.POST, prefix="milestones")
    if not (form.is_valid() and formset.is_valid()):
        errors = [e for field in form.errors.values() for e in field]
        errors += [
            e for f in formset.forms for field in f.errors.values() for e in field
        ]
        messages.error(request, " ".join(errors) or _("Check the contract details."))
        return redirect(tender)
    milestones = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    try:
        services.contract_record(
            tender=tender, by=request.user, milestones=milestones, **form.cleaned_data
        )
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The contract has been recorded."), tender)


@login_required
@require_POST
def contract_complete(request, pk):
    tender = access.get_managed_tender(request.user, pk)
    form = RatingForm(request.POST)
    contract = getattr(tender, "contract", None)
    if contract is None or not form.is_valid():
        messages.error(request, _("Give a rating from 1 to 5."))
        return redirect(tender)
    try:
        services.contract_complete(
            contract=contract,
            by=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as exc:
        return _refused(request, exc, tender)
    return _done(request, _("The work has been completed and rated."), tender)


# ------------------------------------------------------------------------ mine
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

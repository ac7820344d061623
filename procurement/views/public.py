"""The public pages: the tender list, a tender, its feed and documents."""

from django.contrib.syndication.views import Feed
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy
from django_filters.views import FilterView

from consultants.models import Consultant
from portal import pagecache
from portal.pagination import CappedPaginator

from .. import access
from ..filters import TenderListFilterSet
from ..forms import (
    AnswerForm,
    CancelForm,
    ComplaintExplainForm,
    ComplaintForm,
    ContractForm,
    DocumentForm,
    MilestoneFormSet,
    QuestionForm,
    RatingForm,
)
from ..models import (
    Tender,
    TenderDocument,
)
from ..recommendations import recommended_for_tender
from .common import PAGE_SIZE, rules


class TenderListView(FilterView):
    filterset_class = TenderListFilterSet
    template_name = "procurement/tender_list.html"
    context_object_name = "tenders"
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator

    def get_queryset(self):
        return Tender.objects.public().for_public_list()

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
        filterset = context["filter"]
        context["filters_active"] = filterset.is_bound and any(
            filterset.data.get(name) for name in filterset.filters if name != "q"
        )
        return context


def tender_detail(request, pk):
    tender = access.get_visible_tender(request.user, pk, for_page=True)
    user = request.user
    manages = access.can_manage_tender(user, tender)
    now = timezone.now()
    actions = access.staff_actions(user, tender, now)
    questions = list(tender.questions.all())
    context = {
        "tender": tender,
        "manages": manages,
        "actions": actions,
        "rules": rules(),
        "documents": tender.documents.all(),
        "amendments": tender.amendments.all(),
        "criteria": tender.criteria.all(),
        # answered for everyone, open for the staff: one read
        "questions": [q for q in questions if q.answered_at is not None],
        "now": now,
        "following": user.is_authenticated and tender.page_rows["following"],
    }
    if manages:
        context["open_questions"] = [q for q in questions if q.answered_at is None]
        context["answer_form"] = AnswerForm()
        context["cancel_form"] = CancelForm()
        context["document_form"] = DocumentForm()
        context["publication_problems"] = (
            tender.publication_problems() if "publish" in actions else []
        )
        # moves of the current state that wait for something: shown disabled
        context["refused_actions"] = tender.refused_transitions(user, now)
        context["complaint_explain_form"] = ComplaintExplainForm()
        if tender.is_draft:
            context["recommendations"] = recommended_for_tender(tender)
            context["invited_ids"] = {
                invitation.consultant_id for invitation in tender.invitations.all()
            }
    if user.is_authenticated and user.is_consultant:
        consultant = Consultant.objects.filter(user=user).first()
        if consultant is not None:
            # the same profile as access.get_own_consultant, without its 403;
            # the bid and expression of interest read with the tender
            my_bid = tender.page_rows["bid"]
            if my_bid is not None:
                my_bid.consultant = consultant
            context["as_consultant"] = True
            context["my_bid"] = my_bid
            context["eligibility_problem"] = tender.eligibility_problem(consultant)
            context["my_expression"] = tender.page_rows["expression"]
            context["can_complain_about_terms"] = access.can_file_terms_complaint(
                user, tender, consultant=consultant
            )
            context["question_form"] = QuestionForm()
            context["complaint_form"] = ComplaintForm()
    # complaints: decisions are public; the text before the decision is for
    # those concerned (access.can_read_complaint)
    context["complaints"] = [
        (complaint, access.can_read_complaint(user, complaint))
        for complaint in tender.complaints.select_related("consultant", "tender")
    ]
    context["reviewer"] = access.is_review_body(user)
    context["evaluation_link"] = not tender.is_draft and access.can_see_evaluation(
        user, tender
    )
    context["evaluation_report_link"] = (
        tender.financial_opened_at is not None
        and access.can_see_committee_scores(user, tender)
    )
    # the opening record: bidders and those who oversee the tender once the
    # technical envelopes are opened; everyone once the financial envelopes
    # are (a public opening), and still in a new round of the evaluation
    if access.can_read_bids_of(user, tender) or (
        (tender.financial_opened_at is not None or tender.evaluation_round > 1)
        and not tender.is_sealed
    ):
        ranking = tender.is_ranked
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
    response = render(request, "procurement/tender_detail.html", context)
    return pagecache.shared_until(response, tender.next_clock_change(now))


class TenderFeed(Feed):
    """Atom feed of published tenders, newest first, with the tender list's
    filters (its FilterSet): `feed/?region=KG-N&expertise=tariffs` is the feed
    of a subscription. A filter that is not valid is a 400 saying why."""

    feed_type = Atom1Feed
    subtitle = gettext_lazy("Newly published tenders of municipalities")
    link = reverse_lazy("procurement:tender-list")
    size = 30

    def __call__(self, request, *args, **kwargs):
        filterset = TenderListFilterSet(
            request.GET or None, queryset=Tender.objects.public()
        )
        if filterset.is_bound and not filterset.is_valid():
            errors = "; ".join(
                f"{name}: {' '.join(messages)}"
                for name, messages in filterset.errors.items()
            )
            return HttpResponseBadRequest(errors, content_type="text/plain")
        request.tender_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.tender_filterset

    def title(self, filterset):
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        chosen = [str(data[k]) for k in ("region", "expertise") if data.get(k)]
        base = gettext("Consulting-service tenders")
        return " · ".join([base, *chosen])

    def items(self, filterset):
        return filterset.qs.select_related("municipality").order_by(
            "-published_at", "-id"
        )[: self.size]

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

"""The bidder's pages: submit, read, withdraw, files and receipts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.confirm import confirmation, is_confirmed
from portal.errors import DomainError

from .. import access, services
from ..forms import (
    BidForm,
)
from ..models import (
    Bid,
    BidDraftFile,
    BidFile,
    BidReceipt,
)
from .common import _done, _refused, rules


@login_required
def bid_submit(request, pk):
    """Submit, change or confirm the consultant's bid; a receipt follows."""
    tender = access.get_visible_tender(request.user, pk)
    consultant = access.get_own_consultant(request.user)
    bid = tender.bids.filter(consultant=consultant).prefetch_related("files").first()
    existing_files = list(bid.files.all()) if bid else []
    drafts = BidDraftFile.objects.for_bid(tender, consultant)
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
        draft_files=drafts,
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
            draft_ids=form.drafts_to_attach(),
        )
        try:
            receipt = services.bid_submit(
                tender=tender, consultant=consultant, content=content
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            form = _keep_drafts(form, tender, consultant, drafts)
        else:
            services.bid_drafts_remove(
                tender=tender, consultant=consultant, ids=form.drafts_to_remove()
            )
            messages.success(
                request,
                _("Your bid has been received. Receipt: %(digest)s")
                % {"digest": receipt.digest},
            )
            return redirect(receipt.bid)
    elif request.method == "POST":
        form = _keep_drafts(form, tender, consultant, drafts)
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


def _keep_drafts(form, tender, consultant, drafts):
    """After a failed submission: drop the kept files the bidder ticked, keep
    the new files that passed their checks, and show the form again with the
    bidder's text and the kept files listed."""
    services.bid_drafts_remove(
        tender=tender, consultant=consultant, ids=form.drafts_to_remove()
    )
    services.bid_drafts_keep(
        tender=tender, consultant=consultant, files=form.accepted_uploads()
    )
    form.draft_files = list(drafts.all())
    return form


@login_required
def bid_detail(request, pk):
    bid = get_object_or_404(
        Bid.objects.readable_by(request.user)
        .select_related("tender__municipality", "consultant")
        .prefetch_related("files", "receipts", "scores__criterion"),
        pk=pk,
    )
    own = bid.consultant.user_id == request.user.pk
    files, sealed_files = access.bid_files_for(request.user, bid)
    scores = []
    if access.can_see_committee_scores(request.user, bid.tender):
        scores = [s for s in bid.scores.all() if s.round == bid.tender.evaluation_round]
    return render(
        request,
        "procurement/bid_detail.html",
        {
            "bid": bid,
            "tender": bid.tender,
            "own": own,
            "price": access.bid_price_for(request.user, bid),
            "files": files,
            "sealed_files": sealed_files,
            "scores": scores,
            "transitions": bid.available_transitions(request.user),
        },
    )


@login_required
@require_POST
def bid_withdraw(request, pk):
    """Asks on a page of its own first (portal.confirm): a withdrawn bid is
    not opened unless it is submitted again before the deadline."""
    consultant = access.get_own_consultant(request.user)
    bid = get_object_or_404(
        Bid.objects.select_related("tender"), pk=pk, consultant=consultant
    )
    try:
        bid.ensure_allowed("withdraw")
    except DomainError as exc:
        return _refused(request, exc, bid)
    if not is_confirmed(request):
        return confirmation(
            request,
            title=_("Withdraw your bid?"),
            consequence=_(
                "Your bid for “%(title)s” will be withdrawn: it will not be opened "
                "or evaluated. You can submit it again only before the deadline, "
                "%(deadline)s (Asia/Bishkek time); after that it cannot be undone."
            )
            % {
                "title": bid.tender.title,
                "deadline": date_format(
                    timezone.localtime(bid.tender.submission_deadline),
                    "DATETIME_FORMAT",
                ),
            },
            button=_("Yes, withdraw the bid"),
            back=bid.get_absolute_url(),
        )
    try:
        receipt = services.bid_withdraw(bid=bid, consultant=consultant)
    except DomainError as exc:
        return _refused(request, exc, bid)
    return _done(
        request,
        _("Your bid has been withdrawn: it will not be opened. Receipt: %(digest)s")
        % {"digest": receipt.digest},
        bid,
    )


@login_required
def bidfile_download(request, pk):
    """Bid files leave the server only decrypted through this check."""
    bid_file = get_object_or_404(BidFile.objects.readable_by(request.user), pk=pk)
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
def biddraft_download(request, pk):
    """A kept draft file, for its bidder alone (everyone else: 404)."""
    draft = get_object_or_404(BidDraftFile.objects.of_bidder(request.user), pk=pk)
    response = HttpResponse(
        services.bid_file_content(draft), content_type=draft.content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="draft-{draft.pk}-{draft.kind}.'
        f'{draft.original_name.rsplit(".", 1)[-1]}"'
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

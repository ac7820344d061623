"""Procurement workflows. Each service is one atomic change: it locks the tender
row (SELECT … FOR UPDATE) so that bids, the deadline, the opening and the award
are serialized per tender, relies on database constraints for what must never
happen twice, and announces through the outbox after commit."""

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from portal.errors import DomainError
from portal.outbox.models import Event

from . import crypto
from .files import CheckedFile
from .models import (
    Amendment,
    Award,
    AwardStatus,
    Bid,
    BidFile,
    BidReceipt,
    BidStatus,
    Complaint,
    ComplaintDecision,
    Contract,
    Milestone,
    Question,
    ReceiptKind,
    SelectionMethod,
    TechnicalScore,
    Tender,
    TenderDocument,
    TenderStatus,
)

TWO_PLACES = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().get(pk=tender.pk)


# ------------------------------------------------------------------ notifications
def _notify(users, template: str, context: dict, *, region_code: str = "") -> None:
    """Email each user in their preferred language, through the outbox."""
    site = settings.PORTAL_SITE_URL.rstrip("/")
    for user in users:
        if not user or not user.email:
            continue
        with translation.override(user.preferred_language or "ky"):
            ctx = {**context, "site": site, "user": user}
            subject = render_to_string(f"procurement/email/{template}_subject.txt", ctx)
            body = render_to_string(f"procurement/email/{template}.txt", ctx)
        Event.emit(
            "email.send",
            {"to": [user.email], "subject": " ".join(subject.split()), "body": body},
            region_code=region_code,
        )


def _bidder_users(tender: Tender, bids=None):
    bids = bids if bids is not None else tender.bids.filter(status=BidStatus.SUBMITTED)
    return [b.consultant.user for b in bids.select_related("consultant__user")]


def _staff_users(tender: Tender):
    return [m.user for m in tender.municipality.staff.select_related("user")]


# ------------------------------------------------------------------------ tenders
def _fill_default_language(tender: Tender) -> None:
    """The Kyrgyz (default-language) title and description take the first
    language given. Assigning `tender.title` writes the *active* language's
    column, so the assignment runs with the default language active."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        tender.title = tender.title_ky or tender.title_ru or tender.title_en
        tender.description = (
            tender.description_ky or tender.description_ru or tender.description_en
        )


@transaction.atomic
def tender_save(*, form, criteria_formset, municipality, by) -> Tender:
    """Create or change a draft tender with its evaluation criteria."""
    tender = form.save(commit=False)
    if tender.pk and tender.status != TenderStatus.DRAFT:
        raise DomainError(_("Only a draft can be edited; amend a published tender."))
    if not tender.pk:
        tender.municipality = municipality
        tender.created_by = by
    _fill_default_language(tender)
    tender.save()
    form.save_m2m()
    criteria_formset.instance = tender
    criteria_formset.save()
    return tender


@transaction.atomic
def document_add(*, tender: Tender, checked: CheckedFile, title: str, by) -> None:
    """Attach a terms-of-reference document to a draft (published tenders add
    documents through an amendment)."""
    tender = _locked(tender)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError(_("Documents of a published tender change by amendment."))
    _store_document(tender, checked, title)


def _store_document(tender, checked: CheckedFile, title: str) -> TenderDocument:
    document = TenderDocument(
        tender=tender,
        title=title or checked.name,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    document.file.save(checked.name, ContentFile(checked.data), save=False)
    document.save()
    return document


@transaction.atomic
def document_remove(*, document: TenderDocument, by) -> None:
    tender = _locked(document.tender)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError(_("Documents of a published tender change by amendment."))
    document.delete()


@transaction.atomic
def tender_publish(*, tender: Tender, by) -> Tender:
    """Publish a complete draft; see Tender.publish for the rules."""
    tender = _locked(tender)
    tender.publish()
    return tender


AMENDABLE_FIELDS = [
    "title_ky",
    "title_ru",
    "title_en",
    "description_ky",
    "description_ru",
    "description_en",
    "estimated_budget",
    "questions_deadline",
    "submission_deadline",
    "opening_at",
    "contact_name",
    "contact_email",
    "contact_phone",
    "state_notice_number",
]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if value is not None else ""


@transaction.atomic
def tender_amend(
    *, tender: Tender, by, changes: dict, summary: str, document=None, now=None
) -> Amendment:
    """Change a published tender before its deadline. Every change goes into
    the public change log; a change made within PROCUREMENT_AMENDMENT_WINDOW_DAYS
    of the deadline must move the deadline at least that far from now; every
    bidder must confirm the bid again and is told so by email."""
    now = now or timezone.now()
    tender = _locked(tender)
    if not tender.accepts_bids(now):
        raise DomainError(
            _("Only a tender accepting bids can be amended, before its deadline.")
        )
    if not (summary or "").strip():
        raise DomainError(_("Describe what changed and why."))
    old_deadline = tender.submission_deadline
    diff = {}
    for field, value in changes.items():
        if field not in AMENDABLE_FIELDS:
            raise DomainError(_("This field cannot be amended."))
        old = getattr(tender, field)
        if value != old:
            diff[field] = [_plain(old), _plain(value)]
            setattr(tender, field, value)
    if not diff and document is None:
        raise DomainError(_("Nothing was changed."))
    window = timedelta(days=settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS)
    if tender.submission_deadline < old_deadline:
        raise DomainError(_("An amendment cannot bring the deadline forward."))
    if old_deadline - now <= window and tender.submission_deadline < now + window:
        raise DomainError(
            _(
                "A change this close to the deadline must extend the submission "
                "deadline to at least %(days)d days from now."
            )
            % {"days": settings.PROCUREMENT_AMENDMENT_WINDOW_DAYS}
        )
    if tender.questions_deadline and (
        tender.questions_deadline >= tender.submission_deadline
    ):
        raise DomainError(
            _("The questions deadline must be before the submission deadline.")
        )
    if tender.opening_at < tender.submission_deadline:
        raise DomainError(
            _("The opening time must not be before the submission deadline.")
        )
    if tender.estimated_budget is None or tender.estimated_budget <= 0:
        raise DomainError(_("The estimated budget must be positive."))
    _fill_default_language(tender)
    tender.save()
    if document is not None:
        checked, title = document
        stored = _store_document(tender, checked, title)
        diff["documents"] = ["", stored.original_name]
    amendment = Amendment.objects.create(
        tender=tender,
        number=tender.amendments.count() + 1,
        summary=summary.strip(),
        changes=diff,
        old_submission_deadline=old_deadline,
        new_submission_deadline=tender.submission_deadline,
        made_by=by,
        made_at=now,
    )
    bids = tender.bids.filter(status=BidStatus.SUBMITTED)
    users = _bidder_users(tender, bids)
    bids.update(needs_confirmation=True)
    _notify(
        users,
        "tender_amended",
        {"tender": tender, "amendment": amendment},
        region_code=tender.municipality.region_id,
    )
    return amendment


@transaction.atomic
def tender_cancel(*, tender: Tender, by, reason: str, explanation: str) -> Tender:
    tender = _locked(tender)
    was_public = tender.status != TenderStatus.DRAFT
    tender.cancel(reason=reason, explanation=explanation)
    Award.objects.filter(tender=tender, status=AwardStatus.PENDING).delete()
    if was_public:
        _notify(
            _bidder_users(tender),
            "tender_cancelled",
            {"tender": tender},
            region_code=tender.municipality.region_id,
        )
    return tender


# ---------------------------------------------------------------------- questions
@transaction.atomic
def question_ask(*, tender: Tender, consultant: Consultant, text: str) -> Question:
    tender = _locked(tender)
    if not tender.accepts_questions():
        raise DomainError(_("The questions deadline has passed."))
    if not (text or "").strip():
        raise DomainError(_("Write the question."))
    question = Question.objects.create(
        tender=tender, asked_by=consultant, text=text.strip()
    )
    _notify(
        _staff_users(tender),
        "question_asked",
        {"tender": tender, "question": question},
        region_code=tender.municipality.region_id,
    )
    return question


@transaction.atomic
def question_answer(*, question: Question, by, text: str) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.answer_with(text, by=by)
    return question


# --------------------------------------------------------------------------- bids
def _receipt_document(bid: Bid, *, price: Decimal, at) -> bytes:
    """The canonical JSON of what was submitted: texts, price, file digests
    and time (the receipt document the bidder keeps)."""
    document = {
        "tender": bid.tender_id,
        "consultant": bid.consultant_id,
        "status": bid.status,
        "technical_proposal": bid.technical_proposal,
        "proposed_team": bid.proposed_team,
        "conflict_of_interest_declared": bid.conflict_of_interest_declared,
        "conflict_of_interest_note": bid.conflict_of_interest_note,
        "price": f"{price:.2f}",
        "files": sorted(f"{f.kind}:{f.sha256}" for f in bid.files.all()),
        "time": at.isoformat(),
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False).encode()


def receipt_digest(*, salt: bytes, document: bytes) -> str:
    """HMAC-SHA256 of the receipt document keyed with the receipt's salt: the
    recipe the bidder repeats offline (`openssl dgst -sha256 -mac HMAC -macopt
    hexkey:<salt> receipt.json`). Without the salt, which is stored sealed, a
    digest cannot be tested against guessed prices."""
    return hmac.new(salt, document, hashlib.sha256).hexdigest()


def receipt_issue(*, bid: Bid, kind: str, price: Decimal, at) -> BidReceipt:
    """A receipt for the bid as it now stands, with a fresh random salt; salt
    and document are stored sealed with the bid encryption key."""
    salt = secrets.token_bytes(32)
    document = _receipt_document(bid, price=price, at=at)
    return BidReceipt.objects.create(
        bid=bid,
        kind=kind,
        digest=receipt_digest(salt=salt, document=document),
        sealed_salt=crypto.encrypt(salt),
        sealed_document=crypto.encrypt(document),
        created_at=at,
    )


@dataclass
class BidContent:
    technical_proposal: str
    proposed_team: str
    price: Decimal
    conflict_of_interest_declared: bool
    conflict_of_interest_note: str = ""
    files: tuple = ()  # (kind, CheckedFile)
    remove_file_ids: tuple = ()


def _store_bid_file(bid: Bid, kind: str, checked: CheckedFile) -> BidFile:
    bid_file = BidFile(
        bid=bid,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # the stored name says nothing about the bid or its content
    bid_file.file.save(
        f"procurement/bids/{uuid.uuid4().hex}.bin",
        ContentFile(crypto.encrypt(checked.data)),
        save=False,
    )
    bid_file.save()
    return bid_file


def bid_file_content(bid_file: BidFile) -> bytes:
    with bid_file.file.open("rb") as handle:
        return crypto.decrypt(handle.read())


def sealed_content_reseal() -> dict:
    """Seal again under the first key of BID_ENCRYPTION_KEY everything sealed
    under an older one (prices, bid files, receipt salts and documents), so the
    old key can be removed after a rotation. One row at a time, each in its
    own transaction; safe to run again. Returns the counts resealed."""
    counts = {"prices": 0, "files": 0, "receipts": 0}
    for pk in Bid.objects.exclude(sealed_price=None).values_list("pk", flat=True):
        with transaction.atomic():
            bid = Bid.objects.select_for_update().get(pk=pk)
            if bid.sealed_price:
                bid.sealed_price = crypto.reseal(bid.sealed_price)
                bid.save(update_fields=["sealed_price"])
                counts["prices"] += 1
    for bid_file in BidFile.objects.all():
        with bid_file.file.open("rb") as handle:
            token = crypto.reseal(handle.read())
        # a new name, then the old file goes: a crash leaves one good copy
        old_name = bid_file.file.name
        bid_file.file.save(
            f"procurement/bids/{uuid.uuid4().hex}.bin", ContentFile(token), save=False
        )
        bid_file.save(update_fields=["file"])
        bid_file.file.storage.delete(old_name)
        counts["files"] += 1
    for receipt in BidReceipt.objects.all():
        receipt.sealed_salt = crypto.reseal(receipt.sealed_salt)
        if not receipt.is_legacy:
            receipt.sealed_document = crypto.reseal(receipt.sealed_document)
        receipt.save(update_fields=["sealed_salt", "sealed_document"])
        counts["receipts"] += 1
    return counts


@transaction.atomic
def bid_submit(
    *,
    tender: Tender,
    consultant: Consultant,
    content: BidContent,
    only_new: bool = False,
) -> BidReceipt:
    """Submit, change, confirm or resubmit the consultant's one bid.

    Preconditions: the tender accepts bids at this second on the server's clock
    (checked after the tender row is locked, so the deadline cannot slip in
    between), the consultant is eligible, the conflict-of-interest declaration
    is made. The price is sealed with Fernet; files are stored encrypted.
    With `only_new` (the API's "submit", where changes go to the bid's own
    address) a consultant who already has a submitted bid is refused.
    """
    tender = _locked(tender)
    now = timezone.now()
    if not tender.accepts_bids(now):
        raise DomainError(_("The submission deadline has passed; no bids accepted."))
    problem = tender.eligibility_problem(consultant)
    if problem:
        raise DomainError(problem)
    if not content.conflict_of_interest_declared:
        raise DomainError(_("Make the conflict-of-interest declaration."))
    if content.price is None or content.price <= 0:
        raise DomainError(_("The financial offer must be a positive amount."))
    if not content.technical_proposal.strip() or not content.proposed_team.strip():
        raise DomainError(_("Describe the technical proposal and the proposed team."))
    price = q2(content.price)
    bid = Bid.objects.select_for_update().filter(tender=tender, consultant=consultant)
    bid = bid.first()
    if only_new and bid is not None and bid.status == BidStatus.SUBMITTED:
        raise DomainError(_("You have already submitted a bid for this tender."))
    if bid is None:
        kind = ReceiptKind.SUBMITTED
        bid = Bid(tender=tender, consultant=consultant)
    elif bid.status == BidStatus.WITHDRAWN:
        kind = ReceiptKind.SUBMITTED
    elif bid.needs_confirmation:
        kind = ReceiptKind.CONFIRMED
    else:
        kind = ReceiptKind.UPDATED
    bid.status = BidStatus.SUBMITTED
    bid.technical_proposal = content.technical_proposal.strip()
    bid.proposed_team = content.proposed_team.strip()
    bid.conflict_of_interest_declared = True
    bid.conflict_of_interest_note = content.conflict_of_interest_note.strip()
    bid.sealed_price = crypto.seal_price(price)
    bid.price = None
    bid.needs_confirmation = False
    bid.submitted_at = now
    bid.withdrawn_at = None
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as exc:
        raise DomainError(
            _("You have already submitted a bid for this tender.")
        ) from exc
    if content.remove_file_ids:
        for old in bid.files.filter(pk__in=content.remove_file_ids):
            old.file.delete(save=False)
            old.delete()
    for file_kind, checked in content.files:
        _store_bid_file(bid, file_kind, checked)
    return receipt_issue(bid=bid, kind=kind, price=price, at=now)


@transaction.atomic
def bid_confirm(
    *, bid: Bid, consultant: Consultant, conflict_of_interest_declared: bool
) -> BidReceipt:
    """Confirm an unchanged bid again after an amendment: the same content,
    declared again, under a new receipt. Only before the submission deadline
    and only for a bid that an amendment asked to confirm."""
    tender = _locked(bid.tender)
    bid = Bid.objects.select_for_update().get(pk=bid.pk, consultant=consultant)
    if not tender.accepts_bids():
        raise DomainError(_("The submission deadline has passed; no bids accepted."))
    if bid.status != BidStatus.SUBMITTED or not bid.needs_confirmation:
        raise DomainError(_("This bid does not need to be confirmed."))
    content = BidContent(
        technical_proposal=bid.technical_proposal,
        proposed_team=bid.proposed_team,
        price=crypto.unseal_price(bid.sealed_price),
        conflict_of_interest_declared=conflict_of_interest_declared,
        conflict_of_interest_note=bid.conflict_of_interest_note,
    )
    return bid_submit(tender=tender, consultant=consultant, content=content)


@transaction.atomic
def bid_withdraw(*, bid: Bid, consultant: Consultant) -> BidReceipt:
    """Withdraw a bid before the submission deadline; it can be submitted again
    until then."""
    tender = _locked(bid.tender)
    bid = Bid.objects.select_for_update().get(pk=bid.pk, consultant=consultant)
    now = timezone.now()
    if not tender.accepts_bids(now):
        raise DomainError(_("After the submission deadline a bid cannot be withdrawn."))
    if bid.status != BidStatus.SUBMITTED:
        raise DomainError(_("This bid has already been withdrawn."))
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = now
    bid.save(update_fields=["status", "withdrawn_at"])
    price = crypto.unseal_price(bid.sealed_price)
    return receipt_issue(bid=bid, kind=ReceiptKind.WITHDRAWN, price=price, at=now)


# -------------------------------------------------------------- deadlines, opening
@transaction.atomic
def tender_close(*, tender: Tender, now=None) -> Tender:
    tender = _locked(tender)
    tender.close(now=now)
    return tender


@transaction.atomic
def tender_open(*, tender: Tender, by, now=None) -> Tender:
    """Open the bids at (or after) the announced opening time: the financial
    offers of the valid bids are decrypted and the opening record becomes
    visible to the municipality and every bidder. Withdrawn bids and bids not
    confirmed after an amendment are not opened and stay sealed."""
    now = now or timezone.now()
    tender = _locked(tender)
    if tender.status == TenderStatus.PUBLISHED and now >= tender.submission_deadline:
        tender.close(now=now)
        if tender.status == TenderStatus.UNSUCCESSFUL:
            return tender
    tender.mark_opened(now=now)
    for bid in tender.bids.valid().select_for_update():
        bid.price = crypto.unseal_price(bid.sealed_price)
        bid.sealed_price = None
        bid.save(update_fields=["price", "sealed_price"])
    return tender


# --------------------------------------------------------------------- evaluation
def technical_score(criteria_scores) -> Decimal:
    """Σ weight·score / 100, with scores 0–100 and weights adding up to 100."""
    total = sum(
        (Decimal(weight) * Decimal(score) for weight, score in criteria_scores),
        Decimal(0),
    )
    return q2(total / 100)


@dataclass
class Ranked:
    key: object
    technical: Decimal
    price: Decimal
    financial: Decimal | None = None
    combined: Decimal | None = None
    qualified: bool = False
    rank: int | None = None


def rank_bids(
    entries: list[Ranked],
    *,
    method: str,
    technical_weight: int,
    min_technical: Decimal,
    budget: Decimal,
) -> list[Ranked]:
    """Rank bids (in submission order) by the tender's selection method.

    - quality- and cost-based: combined = w_t·T + w_f·F, F = 100·lowest / price
      over the technically qualified bids;
    - least cost: the lowest price among qualified bids wins;
    - fixed budget: the best technical score within the budget;
    - quality-based: the best technical score.
    Ties keep the submission order.
    """
    for entry in entries:
        entry.qualified = entry.technical >= min_technical
        if method == SelectionMethod.FIXED_BUDGET and entry.price > budget:
            entry.qualified = False
    qualified = [e for e in entries if e.qualified]
    if qualified:
        lowest = min(e.price for e in qualified)
        for entry in qualified:
            entry.financial = q2(100 * lowest / entry.price)
    wt = Decimal(technical_weight) / 100
    for entry in qualified:
        if method == SelectionMethod.QUALITY_COST:
            entry.combined = q2(wt * entry.technical + (1 - wt) * entry.financial)
        elif method == SelectionMethod.LEAST_COST:
            entry.combined = entry.financial
        else:
            entry.combined = entry.technical
    if method == SelectionMethod.LEAST_COST:
        order = sorted(qualified, key=lambda e: e.price)
    else:
        order = sorted(qualified, key=lambda e: -e.combined)
    for position, entry in enumerate(order, start=1):
        entry.rank = position
    return entries


@transaction.atomic
def scores_save(*, tender: Tender, by, scores: dict) -> None:
    """Record the committee's technical scores: {(bid_id, criterion_id): score}."""
    tender = _locked(tender)
    if tender.status not in (TenderStatus.OPENED, TenderStatus.EVALUATED):
        raise DomainError(_("Only opened bids can be evaluated."))
    bids = {b.pk for b in tender.bids.valid()}
    criteria = {c.pk for c in tender.criteria.all()}
    for (bid_id, criterion_id), score in scores.items():
        if bid_id not in bids or criterion_id not in criteria:
            raise DomainError(_("A score does not belong to this tender."))
        if score is None:
            continue
        if not Decimal(0) <= score <= Decimal(100):
            raise DomainError(_("Scores are between 0 and 100."))
        TechnicalScore.objects.update_or_create(
            bid_id=bid_id, criterion_id=criterion_id, defaults={"score": score}
        )


@transaction.atomic
def tender_evaluate(*, tender: Tender, by) -> list[Bid]:
    """Compute technical scores and the ranking of the opened bids; needs a
    score for every bid on every criterion."""
    tender = _locked(tender)
    if tender.status not in (TenderStatus.OPENED, TenderStatus.EVALUATED):
        raise DomainError(_("Only opened bids can be evaluated."))
    criteria = list(tender.criteria.all())
    bids = list(tender.bids.valid().prefetch_related("scores"))
    entries = []
    for bid in bids:
        given = {s.criterion_id: s.score for s in bid.scores.all()}
        if any(c.pk not in given for c in criteria):
            raise DomainError(_("Score every bid on every criterion first."))
        bid.technical_score = technical_score(
            [(c.weight, given[c.pk]) for c in criteria]
        )
        entries.append(Ranked(key=bid, technical=bid.technical_score, price=bid.price))
    rank_bids(
        entries,
        method=tender.selection_method,
        technical_weight=tender.technical_weight,
        min_technical=tender.min_technical_score,
        budget=tender.estimated_budget,
    )
    for entry in entries:
        bid = entry.key
        bid.financial_score = entry.financial
        bid.combined_score = entry.combined
        bid.qualified = entry.qualified
        bid.rank = entry.rank
        bid.save(
            update_fields=[
                "technical_score",
                "financial_score",
                "combined_score",
                "qualified",
                "rank",
            ]
        )
    tender.mark_evaluated()
    return bids


# -------------------------------------------------------------------------- award
@transaction.atomic
def tender_award(*, tender: Tender, by, now=None) -> Award:
    """Notice of intention to award to the first-ranked bid; the standstill
    period (PROCUREMENT_STANDSTILL_DAYS) starts and every bidder is told."""
    now = now or timezone.now()
    tender = _locked(tender)
    if tender.status != TenderStatus.EVALUATED:
        raise DomainError(_("Only an evaluated tender can be awarded."))
    winner = tender.bids.valid().filter(rank=1, qualified=True).first()
    if winner is None:
        raise DomainError(
            _("No bid qualified: cancel the tender or evaluate it again.")
        )
    try:
        with transaction.atomic():
            award = Award.objects.create(
                tender=tender,
                bid=winner,
                amount=winner.price,
                notified_at=now,
                standstill_ends_at=now
                + timedelta(days=settings.PROCUREMENT_STANDSTILL_DAYS),
                awarded_by=by,
            )
    except IntegrityError as exc:
        raise DomainError(_("This tender has already been awarded.")) from exc
    tender.start_standstill()
    _notify(
        _bidder_users(tender, tender.bids.valid()),
        "award_intention",
        {"tender": tender, "award": award, "winner": winner.consultant},
        region_code=tender.municipality.region_id,
    )
    return award


@transaction.atomic
def complaint_file(*, bid: Bid, consultant: Consultant, text: str) -> Complaint:
    """A bidder complains during the standstill period."""
    tender = _locked(bid.tender)
    if bid.consultant_id != consultant.pk or not bid.is_active:
        raise DomainError(_("Only a bidder can complain."))
    award = getattr(tender, "award", None)
    if tender.status != TenderStatus.AWARD_PENDING or not award.in_standstill():
        raise DomainError(_("Complaints are accepted only during the standstill."))
    if not (text or "").strip():
        raise DomainError(_("Write the complaint."))
    complaint = Complaint.objects.create(tender=tender, bid=bid, text=text.strip())
    _notify(
        _staff_users(tender),
        "complaint_filed",
        {"tender": tender, "complaint": complaint},
        region_code=tender.municipality.region_id,
    )
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint: Complaint, by, decision: str, answer: str
) -> Complaint:
    """The municipality answers; an upheld complaint annuls the pending award
    and the tender goes back to evaluation."""
    tender = _locked(complaint.tender)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise DomainError(_("This complaint has already been answered."))
    if decision not in ComplaintDecision.values:
        raise DomainError(_("Choose the decision."))
    if not (answer or "").strip():
        raise DomainError(_("Write the answer."))
    complaint.decision = decision
    complaint.answer = answer.strip()
    complaint.answered_at = timezone.now()
    complaint.answered_by = by
    complaint.save()
    if decision == ComplaintDecision.UPHELD and tender.status in (
        TenderStatus.AWARD_PENDING,
    ):
        Award.objects.filter(tender=tender).delete()
        tender.reopen_evaluation()
    _notify(
        [complaint.bid.consultant.user],
        "complaint_answered",
        {"tender": tender, "complaint": complaint},
        region_code=tender.municipality.region_id,
    )
    return complaint


@transaction.atomic
def award_finalize(*, tender: Tender, now=None) -> bool:
    """After the standstill, with every complaint answered, the award is final."""
    now = now or timezone.now()
    tender = _locked(tender)
    award = Award.objects.filter(tender=tender).first()
    if (
        tender.status != TenderStatus.AWARD_PENDING
        or award is None
        or now < award.standstill_ends_at
        or tender.complaints.filter(answered_at__isnull=True).exists()
    ):
        return False
    award.status = AwardStatus.FINAL
    award.final_at = now
    award.save(update_fields=["status", "final_at"])
    tender.finalize_award()
    return True


# ----------------------------------------------------------------------- contract
@transaction.atomic
def contract_record(
    *,
    tender: Tender,
    by,
    number: str,
    amount: Decimal,
    signed_on,
    starts_on,
    ends_on,
    milestones: list[dict],
) -> Contract:
    """Record the contract signed with the winner once the award is final."""
    award_finalize(tender=tender)
    tender = _locked(tender)
    if tender.status != TenderStatus.AWARDED:
        raise DomainError(_("A contract can only be recorded once the award is final."))
    if ends_on < starts_on:
        raise DomainError(_("The work cannot end before it starts."))
    if amount is None or amount <= 0:
        raise DomainError(_("The contract amount must be positive."))
    contract = Contract.objects.create(
        tender=tender,
        award=tender.award,
        number=number,
        amount=q2(amount),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for item in milestones:
        Milestone.objects.create(
            contract=contract,
            title=item["title"],
            title_ky=item["title"],
            due_on=item["due_on"],
            amount=item.get("amount"),
        )
    tender.sign_contract()
    return contract


@transaction.atomic
def contract_complete(*, contract: Contract, by, rating: int, comment: str) -> Contract:
    """The work is done: the municipality rates it (1–5 and a comment), shown
    on the consultant's profile."""
    tender = _locked(contract.tender)
    if not 1 <= int(rating) <= 5:
        raise DomainError(_("The rating is from 1 to 5."))
    tender.complete()
    contract.rating = int(rating)
    contract.rating_comment = (comment or "").strip()
    contract.completed_at = timezone.now()
    contract.save(update_fields=["rating", "rating_comment", "completed_at"])
    return contract


# ---------------------------------------------------------------------- scheduler
def advance_deadlines(*, now=None) -> dict:
    """Deadline-driven transitions, run by Celery beat: close tenders whose
    submission deadline has passed (unsuccessful with too few bids) and make
    awards final after the standstill period."""
    now = now or timezone.now()
    closed = finalized = 0
    for tender in Tender.objects.due_for_closing(now).only("pk"):
        try:
            tender_close(tender=tender, now=now)
            closed += 1
        except DomainError:
            continue
    due = Award.objects.filter(
        status=AwardStatus.PENDING, standstill_ends_at__lte=now
    ).values_list("tender_id", flat=True)
    for tender in Tender.objects.filter(pk__in=list(due)).only("pk"):
        if award_finalize(tender=tender, now=now):
            finalized += 1
    return {"closed": closed, "finalized": finalized}

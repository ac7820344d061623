"""A tender's announcement: drafts, documents, publication, amendments, cancelling."""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from ..files import CheckedFile
from ..models import (
    Amendment,
    Award,
    AwardStatus,
    BidStatus,
    Tender,
    TenderDocument,
    TenderStatus,
)
from .common import bidder_users, locked, notify


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
    tender = locked(tender)
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
    tender = locked(document.tender)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError(_("Documents of a published tender change by amendment."))
    document.delete()


@transaction.atomic
def tender_publish(*, tender: Tender, by) -> Tender:
    """Publish a complete draft; see Tender.publish for the rules."""
    tender = locked(tender)
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
    tender = locked(tender)
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
    users = bidder_users(tender, bids)
    bids.update(needs_confirmation=True)
    notify(
        users,
        "tender_amended",
        {"tender": tender, "amendment": amendment},
        region_code=tender.municipality.region_id,
    )
    return amendment


@transaction.atomic
def tender_cancel(*, tender: Tender, by, reason: str, explanation: str) -> Tender:
    tender = locked(tender)
    was_public = tender.status != TenderStatus.DRAFT
    tender.cancel(reason=reason, explanation=explanation)
    Award.objects.filter(tender=tender, status=AwardStatus.PENDING).delete()
    if was_public:
        notify(
            bidder_users(tender),
            "tender_cancelled",
            {"tender": tender},
            region_code=tender.municipality.region_id,
        )
    return tender

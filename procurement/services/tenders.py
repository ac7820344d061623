"""A tender's announcement: drafts, documents, publication, amendments, cancelling."""

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
    EvaluationCriterion,
    Tender,
    TenderDocument,
)
from .common import announce, ensure_valid, locked


def _fill_default_language(tender: Tender) -> None:
    """The Kyrgyz (default-language) title and description take the first
    language given. Assigning `tender.title` writes the *active* language's
    column, so the assignment runs with the default language active."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        tender.title = tender.title_ky or tender.title_ru or tender.title_en
        tender.description = (
            tender.description_ky or tender.description_ru or tender.description_en
        )


TEXT_FIELDS = [
    "title_ky",
    "title_ru",
    "title_en",
    "description_ky",
    "description_ru",
    "description_en",
]
# What a draft's form and the API may set; the rest follows the workflow.
EDITABLE_FIELDS = [
    *TEXT_FIELDS,
    "service_kind",
    "expertise_areas",
    "procurement_method",
    "selection_method",
    "estimated_budget",
    "regions",
    "eligibility",
    "technical_weight",
    "min_technical_score",
    "questions_deadline",
    "submission_deadline",
    "opening_at",
    "state_notice_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "terms_of_reference_authors",
    "invited_consultants",
    "single_source_consultant",
    "single_source_justification",
    "interest_deadline",
]
CRITERION_FIELDS = ["name_ky", "name_ru", "name_en", "weight", "order"]


@transaction.atomic
def tender_save(
    *,
    tender: Tender | None,
    municipality,
    by,
    values: dict,
    criteria: list[dict] | None = None,
) -> Tender:
    """Create a draft (`tender` None) or change one.

    `values` maps fields of EDITABLE_FIELDS to their new values (many-to-many
    fields to lists of objects); a field not given keeps its value. The
    model's clean() has the last word. `criteria`, when given, replace the
    evaluation criteria (dicts of CRITERION_FIELDS). Only a draft changes
    this way; a published tender is amended."""
    if tender is None:
        tender = Tender(municipality=municipality, created_by=by)
    else:
        tender = locked(tender)
        if not tender.is_draft:
            raise DomainError(
                _("Only a draft can be edited; amend a published tender.")
            )
    many = {}
    for field, value in values.items():
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"{field} is not an editable field of a tender")
        if Tender._meta.get_field(field).many_to_many:
            many[field] = value
        else:
            setattr(tender, field, value)
    ensure_valid(tender, fields=[f for f in values if f not in many])
    if not tender.invites_members:
        # only a restricted tender or a request for quotations invites
        many["invited_consultants"] = []
    elif "invited_consultants" in many:
        problem = Tender.invitation_count_problem(
            tender.procurement_method, len(set(many["invited_consultants"]))
        )
        if problem:
            raise DomainError(problem)
    _fill_default_language(tender)
    tender.save()
    for field, objects in many.items():
        getattr(tender, field).set(objects)
    if criteria is not None:
        tender.criteria.all().delete()
        for row in criteria:
            EvaluationCriterion.objects.create(
                tender=tender, **{k: row[k] for k in CRITERION_FIELDS if k in row}
            )
    return tender


@transaction.atomic
def document_add(*, tender: Tender, checked: CheckedFile, title: str, by) -> None:
    """Attach a terms-of-reference document to a draft (published tenders add
    documents through an amendment)."""
    tender = locked(tender)
    if not tender.is_draft:
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
    if not tender.is_draft:
        raise DomainError(_("Documents of a published tender change by amendment."))
    document.delete()


@transaction.atomic
def tender_publish(*, tender: Tender, by) -> Tender:
    """Publish a complete draft; see Tender.publish for the rules."""
    tender = locked(tender)
    tender.publish()
    if tender.is_two_stage:
        # the request for proposals goes to the shortlist only
        announce("tender.invited", tender)
        return tender
    announce("tender.published", tender)
    if tender.invites_members or tender.is_single_source:
        announce("tender.invited", tender)
    return tender


# What an amendment may change in a published tender.
AMENDABLE_FIELDS = [
    *TEXT_FIELDS,
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
    amendment = Amendment(
        tender=tender,
        summary=summary.strip(),
        changes=diff,
        old_submission_deadline=old_deadline,
        new_submission_deadline=tender.submission_deadline,
        made_by=by,
        made_at=now,
    )
    ensure_valid(amendment)
    ensure_valid(tender, fields=AMENDABLE_FIELDS)
    _fill_default_language(tender)
    tender.save()
    if document is not None:
        checked, title = document
        stored = _store_document(tender, checked, title)
        diff["documents"] = ["", stored.original_name]
    amendment.number = tender.amendments.count() + 1
    amendment.save()
    tender.bids.active().update(needs_confirmation=True)
    announce("tender.amended", tender, amendment_id=amendment.pk)
    return amendment


@transaction.atomic
def tender_cancel(*, tender: Tender, by, reason: str, explanation: str) -> Tender:
    tender = locked(tender)
    was_public = not tender.is_draft
    tender.cancel(reason=reason, explanation=explanation)
    Award.objects.filter(tender=tender, status=AwardStatus.PENDING).delete()
    if was_public:
        announce("tender.cancelled", tender)
    return tender

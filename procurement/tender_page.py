"""What a tender's page reads with the tender, in the tender's own query
(issue 16: at most ten queries a page for every role): the award with the
winner, the contract, the expertise areas and regions (from the cached
reference tables), the short lists the page shows (documents, criteria,
amendments, questions, the contract's milestones, the committee), and what
concerns the signed-in user (following, their bid and expression of
interest, whether they wrote the terms of reference). The rules stay in
access.py and the models; they use these rows when the tender has them.
A view that changes the tender must not read it so (it would hold stale
rows)."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import Coalesce

from consultants.models import ExpertiseArea
from municipalities.models import Region
from portal.cached_relations import CachedRelations
from portal.embedded_rows import EmbeddedRows

from .fields import SealedTextField
from .models import (
    Amendment,
    Bid,
    CommitteeMember,
    EvaluationCriterion,
    ExpressionOfInterest,
    Invitation,
    Milestone,
    Question,
    Tender,
    TenderDocument,
    TenderFollow,
)

RELATIONS = CachedRelations(
    Tender,
    {"expertise_areas": ExpertiseArea.objects.all(), "regions": Region.objects.all()},
)
LISTS = [
    EmbeddedRows("documents", TenderDocument, "tender"),
    EmbeddedRows("criteria", EvaluationCriterion, "tender"),
    EmbeddedRows("amendments", Amendment, "tender"),
    EmbeddedRows("questions", Question, "tender"),
    EmbeddedRows("committee", CommitteeMember, "tender"),
]
MILESTONES = EmbeddedRows("milestones", Milestone, "contract__tender")
# the envelope's sealed texts are not for this page
MY_BIDS = EmbeddedRows(
    "bids",
    Bid,
    "tender",
    defer=[f.name for f in Bid._meta.concrete_fields if isinstance(f, SealedTextField)],
)
MY_EXPRESSIONS = EmbeddedRows("expressions", ExpressionOfInterest, "tender")


def read(tenders, user):
    """The tenders' queryset with what the page shows."""
    tenders = RELATIONS.with_ids(
        tenders.select_related("award__bid__consultant", "contract")
    )
    for rows in [*LISTS, MILESTONES]:
        tenders = rows.annotate(tenders)
    if not user.is_authenticated:
        return tenders
    authors = Tender.terms_of_reference_authors.through.objects.filter(
        tender_id=OuterRef("pk"), consultant__user_id=user.pk
    )
    tenders = tenders.annotate(
        page_following=Exists(
            TenderFollow.objects.filter(tender_id=OuterRef("pk"), user_id=user.pk)
        ),
        page_user_wrote_terms=Coalesce(Exists(authors), False),
    )
    tenders = MY_BIDS.annotate(tenders, consultant__user_id=user.pk)
    return MY_EXPRESSIONS.annotate(tenders, consultant__user_id=user.pk)


def attach(tender, user) -> None:
    """Set what `read` brought as the tender's relations and page rows."""
    RELATIONS.attach(tender)
    for rows in LISTS:
        for row in rows.attach(tender):
            row.tender = tender
    if tender.invites_members or tender.is_two_stage:
        # the invitees or the shortlist, shown with their names
        prefetch_related_objects(
            [tender],
            Prefetch("invitations", Invitation.objects.select_related("consultant")),
        )
    contract = getattr(tender, "contract", None)
    if contract is not None:
        MILESTONES.attach(tender, holder=contract)
    page = {"user_id": user.pk}
    if user.is_authenticated:
        page["following"] = tender.page_following
        page["wrote_terms"] = tender.page_user_wrote_terms
        for name, rows in (("bid", MY_BIDS), ("expression", MY_EXPRESSIONS)):
            found = rows.rows(tender)
            for row in found:
                row.tender = tender
            page[name] = found[0] if found else None
    tender.page_rows = page


def page_rows(tender, user) -> dict | None:
    """What the page read for this user with the tender, if it did."""
    page = getattr(tender, "page_rows", None)
    if page is None or page["user_id"] != user.pk:
        return None
    return page

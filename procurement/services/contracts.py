"""The contract signed with the winner and its completion."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

from ..models import (
    Contract,
    Milestone,
    Tender,
    TenderStatus,
)
from .awards import award_finalize
from .common import locked, q2


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
    tender = locked(tender)
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
    tender = locked(contract.tender)
    if not 1 <= int(rating) <= 5:
        raise DomainError(_("The rating is from 1 to 5."))
    tender.complete()
    contract.rating = int(rating)
    contract.rating_comment = (comment or "").strip()
    contract.completed_at = timezone.now()
    contract.save(update_fields=["rating", "rating_comment", "completed_at"])
    return contract

"""The contract signed with the winner and its completion."""

from decimal import Decimal

from django.db import transaction

from consultants.models import RatedWork
from consultants.services import rate_consultant

from ..models import (
    Contract,
    Milestone,
    Tender,
)
from ..ocds import record_release
from .awards import award_finalize
from .common import ensure_valid, locked, q2


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
    tender.ensure_allowed("contract")
    contract = Contract(
        tender=tender,
        award=tender.award,
        number=number,
        amount=None if amount is None else q2(amount),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    ensure_valid(contract, fields=["amount", "signed_on", "starts_on", "ends_on"])
    items = [
        Milestone(
            title=item["title"],
            title_ky=item["title"],
            due_on=item["due_on"],
            amount=item.get("amount"),
        )
        for item in milestones
    ]
    for milestone in items:
        ensure_valid(milestone)
    contract.save()
    for milestone in items:
        milestone.contract = contract
        milestone.save()
    tender.sign_contract()
    record_release("contract.signed", tender)
    return contract


@transaction.atomic
def contract_complete(*, contract: Contract, by, rating: int, comment: str) -> Contract:
    """The work is done: the municipality rates it (1–5 and a comment), shown
    on the consultant's profile."""
    tender = locked(contract.tender)
    tender.ensure_allowed("complete")
    contract.tender = tender
    contract.complete(rating=rating, comment=comment)
    tender.complete()
    rate_consultant(
        consultant=contract.award.bid.consultant,
        municipality=tender.municipality,
        work=RatedWork.CONTRACT,
        work_id=contract.pk,
        rating=contract.rating,
        comment=contract.rating_comment,
        by=by,
    )
    record_release("contract.completed", tender)
    return contract

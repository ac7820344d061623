"""Demo data of the registry for `make run` (called by seed_demo): taking
over profiles (an invitation the academy sent to a first member, a claim
waiting for the academy's decision) and trust signals (ratings with comments
and an answer, a busy member). Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User

from .models import (
    Availability,
    ClaimStatus,
    Consultant,
    ProfileClaim,
    ProfileInvitation,
)

CLAIMANT_EMAIL = "claimant@demo.kg"
INVITED = "Нарын экономикалык өнүгүү борбору"


@transaction.atomic
def seed_claims_demo(*, admin: User, password: str):
    """Returns the demo accounts it adds, as (email, description) pairs."""
    invited = Consultant.objects.get(name_ky=INVITED)
    if invited.user_id is None and not invited.invitations.exists():
        now = timezone.now()
        # recorded without an email: the demo shows the academy's list; an
        # invitation sent from the page mails its link (to the console)
        ProfileInvitation.objects.create(
            consultant=invited,
            email="centre@demo.kg",
            created_by=admin,
            created_at=now,
            expires_at=now + timedelta(days=14),
        )
    claimant, created = User.objects.get_or_create(
        email=CLAIMANT_EMAIL, defaults={"full_name": "Гүлмира Асанова"}
    )
    if created:
        claimant.set_password(password)
        claimant.save()
    claimed = (
        Consultant.objects.public()
        .filter(user__isnull=True, kind="organization")
        .exclude(pk=invited.pk)
        .order_by("id")
        .first()
    )
    if claimed is not None and not ProfileClaim.objects.filter(user=claimant).exists():
        ProfileClaim.objects.create(
            consultant=claimed,
            user=claimant,
            status=ClaimStatus.PENDING,
            message="Мен бул фонддун директорумун; академия мени 2022-жылы окуткан.",
        )
    return [(CLAIMANT_EMAIL, "asks the academy for a first member's profile")]


@transaction.atomic
def seed_trust_demo(*, staff: User, member: Consultant) -> list[str]:
    """Members who are busy or not taking work, so that the registry's
    availability badges and the recommendations show them (the ratings come
    from the demo's real contracts and consultations). Idempotent."""
    if Consultant.objects.exclude(availability=Availability.AVAILABLE).exists():
        return []
    # members without an account, so the demo accounts stay free to answer
    others = list(
        Consultant.objects.members()
        .filter(user=None)
        .exclude(pk=member.pk)
        .order_by("id")
    )
    lines = []
    busy, not_taking = (others + [member, member])[:2]
    Consultant.objects.filter(pk=busy.pk).update(
        availability=Availability.BUSY,
        busy_until=timezone.localdate() + timedelta(days=45),
    )
    Consultant.objects.filter(pk=not_taking.pk).update(
        availability=Availability.NOT_TAKING, busy_until=None
    )
    lines.append(f"busy for 45 days · {busy}")
    return lines

"""Demo data of the registry for `make run` (called by seed_demo): taking
over profiles (an invitation the academy sent to a first member, a claim
waiting for the academy's decision) and trust signals (ratings with comments
and an answer, a busy member). Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from municipalities.models import Municipality
from portal.accounts.models import User

from .models import (
    Availability,
    ClaimStatus,
    Consultant,
    ConsultantRating,
    NetworkStatus,
    ProfileClaim,
    ProfileInvitation,
    RatedWork,
)
from .services import answer_rating, rate_consultant

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


# Ratings of direct consultations the demo municipalities asked for before the
# portal recorded such requests: numbered from here, so that seeding again
# finds them (and never collides with real requests' ids for long).
DEMO_CONSULTATIONS = 9_000_000
RATINGS = [
    # (member: "demo" or the n-th other certified member, stars, comment, answer)
    ("demo", 5, "Тарифтин эсебин так жана түшүнүктүү түшүндүрүп берди.", ""),
    (
        "demo",
        4,
        "Жакшы иштеди, бирок отчет эки күнгө кечикти.",
        "Рахмат! Кечиккенибиз үчүн кечирим сурайбыз: маалыматтар кеч келген.",
    ),
    (0, 5, "Биргелешкен мониторингди жакшы уюштурду.", ""),
    (1, 3, "Сунуштар жалпы мүнөздө болду.", ""),
]


@transaction.atomic
def seed_trust_demo(*, staff: User, member: Consultant) -> list[str]:
    """Ratings with comments of direct consultations (one answered by the demo
    consultant), and members who are busy or not taking work, so that the
    registry's trust signals, sorts and badges show something. Idempotent."""
    if ConsultantRating.objects.filter(work_id__gte=DEMO_CONSULTATIONS).exists():
        return []
    municipality = Municipality.objects.filter(staff__user=staff).first()
    municipality = municipality or Municipality.objects.order_by("pk").first()
    others = list(
        Consultant.objects.filter(status=NetworkStatus.CERTIFIED)
        .exclude(pk=member.pk)
        .order_by("id")
    )
    lines = []
    for n, (who, stars, comment, answer) in enumerate(RATINGS):
        rated = member if who == "demo" else others[who % len(others)]
        rating = rate_consultant(
            consultant=rated,
            municipality=municipality,
            work=RatedWork.CONSULTATION,
            work_id=DEMO_CONSULTATIONS + n,
            rating=stars,
            comment=comment,
            by=staff,
        )
        if answer and rated.user_id:
            answer_rating(rating=rating, by=rated.user, text=answer)
        lines.append(f"{stars}/5 · {rated}")
    busy, not_taking = (others + [member, member])[2:4]
    Consultant.objects.filter(pk=busy.pk).update(
        availability=Availability.BUSY,
        busy_until=timezone.localdate() + timedelta(days=45),
    )
    Consultant.objects.filter(pk=not_taking.pk).update(
        availability=Availability.NOT_TAKING, busy_until=None
    )
    lines.append(f"busy for 45 days · {busy}")
    return lines

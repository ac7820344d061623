"""Demo roles for `make run` (called by seed_demo): the demo staff member
confirmed for Alamüdün, the demo coordinator appointed for Naryn and
Issyk-Kul, and a municipal employee of an ayil okmotu in Naryn whose request
waits for the coordinator. Every decision is in the history as if made on
the portal's pages. Idempotent."""

from django.db import transaction

from portal.accounts.models import User

from .models import (
    MembershipStatus,
    Municipality,
    Region,
    RoleAction,
    RoleChange,
    StaffMembership,
)

PENDING_EMAIL = "pending@demo.kg"
KOCHKOR = "41704235816000"  # Кочкорский айылный аймак, Naryn
DEMO_REASON = "Demo data of make run."


@transaction.atomic
def seed_roles_demo(*, admin: User, staff: User, coordinator: User, password: str):
    """Returns the demo accounts it adds, as (email, description) pairs."""
    alamudun = Municipality.objects.get(name_en="Alamüdün Ayil Okmotu")
    membership, created = StaffMembership.objects.get_or_create(
        user=staff,
        defaults={
            "municipality": alamudun,
            "position": "Айыл өкмөтүнүн башчысынын орун басары",
            "work_phone": "+996312000222",
            "status": MembershipStatus.CONFIRMED,
        },
    )
    if membership.status != MembershipStatus.CONFIRMED:
        membership.status = MembershipStatus.CONFIRMED
        membership.save(update_fields=["status"])
    if not RoleChange.objects.filter(user=staff).exists():
        RoleChange.objects.create(
            user=staff,
            action=RoleAction.STAFF_REQUESTED,
            municipality=alamudun,
            by=staff,
        )
        RoleChange.objects.create(
            user=staff,
            action=RoleAction.STAFF_CONFIRMED,
            municipality=alamudun,
            by=admin,
        )
    for region in Region.objects.filter(code__in=["KG-N", "KG-Y"]):
        if not region.coordinators.filter(pk=coordinator.pk).exists():
            region.coordinators.add(coordinator)
        RoleChange.objects.get_or_create(
            user=coordinator,
            action=RoleAction.COORDINATOR_APPOINTED,
            region=region,
            defaults={"by": admin, "reason": DEMO_REASON},
        )
    waiting, created = User.objects.get_or_create(
        email=PENDING_EMAIL, defaults={"full_name": "Нурлан Кочкорбаев", "role": ""}
    )
    if created:
        waiting.set_password(password)
        waiting.save()
    kochkor = Municipality.objects.get(soate=KOCHKOR)
    if not StaffMembership.objects.filter(user=waiting).exists():
        request = StaffMembership.objects.create(
            user=waiting,
            municipality=kochkor,
            position="Айыл өкмөтүнүн адиси",
            work_phone="+996352250333",
            status=MembershipStatus.PENDING,
        )
        RoleChange.objects.create(
            user=waiting,
            action=RoleAction.STAFF_REQUESTED,
            municipality=kochkor,
            by=waiting,
            at=request.requested_at,
        )
    return [(PENDING_EMAIL, "municipal staff waiting for the Naryn coordinator")]

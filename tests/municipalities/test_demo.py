"""`make run` demo data shows the register and every way in."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultants.models import ProfileClaim, ProfileInvitation
from municipalities.models import RoleChange, StaffMembership
from portal.accounts.models import User


@pytest.mark.django_db
def test_seed_demo_shows_roles_requests_and_claims(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "pending@demo.kg" in out.getvalue()
    assert "claimant@demo.kg" in out.getvalue()
    staff = User.objects.get(email="staff@demo.kg")
    assert staff.staff_membership.is_confirmed
    assert client_for(staff).get("/ky/tenders/new/").status_code == 200
    coordinator = User.objects.get(email="coordinator@demo.kg")
    page = client_for(coordinator).get("/ky/municipalities/staff/")
    waiting = StaffMembership.objects.get(user__email="pending@demo.kg")
    assert [m for m, _a in page.context["rows"]] == [waiting]
    admin = User.objects.get(email="admin@demo.kg")
    claims = client_for(admin).get("/ky/consultants/claims/")
    assert list(claims.context["pending"]) == list(ProfileClaim.objects.all())
    assert ProfileInvitation.objects.count() == 1
    counts = (
        RoleChange.objects.count(),
        StaffMembership.objects.count(),
        ProfileClaim.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        RoleChange.objects.count(),
        StaffMembership.objects.count(),
        ProfileClaim.objects.count(),
    )  # idempotent
    # the coordinator confirms the waiting employee on the page
    client_for(coordinator).post(f"/ky/municipalities/staff/{waiting.pk}/confirm/")
    waiting.refresh_from_db()
    assert waiting.is_confirmed

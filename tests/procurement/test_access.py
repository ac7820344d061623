"""procurement.access: each predicate agrees with the QuerySet that states the
same rule in SQL, for every role and stage of a tender, and the price reaches
only those who may see it."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from procurement import access, services
from procurement.models import Bid, Tender, TenderStatus
from tests.accounts.factories import AcademyAdminFactory, CoordinatorFactory
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import TenderFactory, tender_at_status

STAGES = [
    TenderStatus.DRAFT,
    TenderStatus.PUBLISHED,
    TenderStatus.CLOSED,
    TenderStatus.OPENED,
    TenderStatus.EVALUATED,
    TenderStatus.AWARDED,
]


def _stage(status):
    staff = StaffMembershipFactory().user
    if status == TenderStatus.DRAFT:
        tender = TenderFactory(municipality=staff.staff_membership.municipality)
        return tender, [], staff
    tender, bids = tender_at_status(status, staff=staff)
    # fresh from the database: the bids' cached tenders are of the old stage
    bids = [Bid.objects.get(pk=bid.pk) for bid in bids]
    return tender, bids, staff


def _roles(tender, bids, staff):
    coordinator = CoordinatorFactory()
    coordinator.coordinated_regions.add(tender.municipality.region)
    roles = {
        "anonymous": AnonymousUser(),
        "municipal_staff": staff,
        "other_staff": StaffMembershipFactory().user,
        "coordinator": coordinator,
        "other_coordinator": CoordinatorFactory(),
        "academy_admin": AcademyAdminFactory(),
    }
    for index, bid in enumerate(bids):
        roles[f"bidder_{index}"] = bid.consultant.user
    members = list(tender.committee.select_related("user")) if tender.pk else []
    if members:
        # at the technical opening the factory's committee has not declared
        first, second = members[0], members[1]
        if not first.has_declared:
            services.committee_declare(member=first, by=first.user, no_conflict=True)
        roles["member_declared"] = first.user
        roles["member_" + ("declared_2" if second.has_declared else "undeclared")] = (
            second.user
        )
    return roles


@pytest.mark.django_db
@pytest.mark.parametrize("status", STAGES)
def test_predicates_agree_with_the_querysets(settings, tmp_path, status):
    settings.MEDIA_ROOT = tmp_path
    tender, bids, staff = _stage(status)
    for role, user in _roles(tender, bids, staff).items():
        visible = Tender.objects.visible_to(user).filter(pk=tender.pk).exists()
        assert access.can_view_tender(user, tender) is visible, role
        managed = Tender.objects.managed_by(user).filter(pk=tender.pk).exists()
        assert access.can_manage_tender(user, tender) is managed, role
        for bid in bids:
            readable = Bid.objects.readable_by(user).filter(pk=bid.pk).exists()
            assert access.can_read_bid(user, bid) is readable, (role, bid.pk)


@pytest.mark.django_db
class TestBidPriceFor:
    def test_sealed_price_only_for_the_bidder(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender, bids, staff = _stage(TenderStatus.PUBLISHED)
        bid = bids[0]
        assert bid.price is None and bid.sealed_price
        for role, user in _roles(tender, bids, staff).items():
            expected = Decimal("400000.00") if role == "bidder_0" else None
            assert access.bid_price_for(user, bid) == expected, role

    def test_still_sealed_after_the_technical_opening(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        tender, bids, staff = _stage(TenderStatus.OPENED)
        bid = bids[0]
        assert bid.price is None and bid.sealed_price
        for role, user in _roles(tender, bids, staff).items():
            expected = Decimal("400000.00") if role == "bidder_0" else None
            assert access.bid_price_for(user, bid) == expected, role

    def test_plain_price_after_the_financial_opening_for_the_readers(
        self, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        tender, bids, staff = _stage(TenderStatus.EVALUATED)
        bid = bids[0]
        readers = {
            "municipal_staff",
            "coordinator",
            "academy_admin",
            "bidder_0",
            "member_declared",
            "member_declared_2",
        }
        for role, user in _roles(tender, bids, staff).items():
            expected = Decimal("400000.00") if role in readers else None
            assert access.bid_price_for(user, bid) == expected, role


@pytest.mark.django_db
def test_a_member_reads_no_bid_before_declaring(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tender, bids, staff = _stage(TenderStatus.OPENED)
    member = tender.committee.first()
    assert not access.can_read_bid(member.user, bids[0])
    assert not Bid.objects.readable_by(member.user).exists()
    services.committee_declare(member=member, by=member.user, no_conflict=True)
    fresh = Bid.objects.get(pk=bids[0].pk)
    assert access.can_read_bid(member.user, fresh)
    assert Bid.objects.readable_by(member.user).count() == len(bids)


@pytest.mark.django_db
def test_staff_actions_follow_the_stage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tender, bids, staff = _stage(TenderStatus.DRAFT)
    assert access.staff_actions(staff, tender) == {
        "edit",
        "documents",
        "publish",
        "cancel",
    }
    assert access.staff_actions(StaffMembershipFactory().user, tender) == set()
    tender, bids, staff = _stage(TenderStatus.OPENED)
    assert access.staff_actions(staff, tender) == {"evaluate", "cancel"}
    tender, bids, staff = _stage(TenderStatus.AWARDED)
    assert access.staff_actions(staff, tender) == {"contract", "cancel"}

"""Subscriptions and follows: what a person asks to hear of."""

from itertools import product

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from municipalities.access import staff_municipality_id
from portal.accounts.models import User
from portal.errors import DomainError
from portal.notifications.models import Preferences

from ..models import Tender, TenderFollow, TenderSubscription


@transaction.atomic
def subscription_derive_from_profile(*, consultant: Consultant) -> int:
    """Subscribe the consultant's account to the tenders of the regions the
    profile serves (the home region if none) in its expertise areas (any area
    if none), unless the account has subscriptions already. Returns how many
    were made."""
    user = consultant.user
    if user is None or user.tender_subscriptions.exists():
        return 0
    regions = list(consultant.regions_served.all()) or [consultant.home_region]
    areas = list(consultant.expertise_areas.all()) or [None]
    rows = [
        TenderSubscription(user=user, region=region, expertise=area, from_profile=True)
        for region, area in product(regions, areas)
    ]
    TenderSubscription.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def alerts_save(
    *,
    user: User,
    regions,
    expertise_areas,
    own_municipality: bool,
    email_alerts: bool,
    in_app_alerts: bool,
    rhythm: str,
    digest_hour: int,
    language: str,
) -> list[TenderSubscription]:
    """Replace the user's subscriptions by regions × expertise areas (an
    empty choice: any; neither chosen: every tender, unless only the
    municipality is), plus, for municipal staff, every tender of their
    municipality; save how and when alerts come and the language of
    messages. Coordinators subscribe only to the regions they coordinate (none
    chosen: all of them)."""
    regions = list(regions)
    areas = list(expertise_areas)
    if user.is_coordinator:
        own = list(user.coordinated_regions.all())
        if any(region not in own for region in regions):
            raise DomainError(_("Choose among the regions you coordinate."))
        regions = regions or own
    rows = [
        TenderSubscription(user=user, region=region, expertise=area)
        for region, area in product(regions or [None], areas or [None])
    ]
    if own_municipality and not (regions or areas):
        rows = []  # only their municipality's tenders, not every tender
    if own_municipality:
        municipality_id = staff_municipality_id(user)
        if municipality_id is None:
            raise DomainError(_("Only municipal staff can follow their municipality."))
        rows.append(TenderSubscription(user=user, municipality_id=municipality_id))
    user.tender_subscriptions.all().delete()
    TenderSubscription.objects.bulk_create(rows)
    Preferences.objects.update_or_create(
        user=user,
        defaults={
            "email_alerts": email_alerts,
            "in_app_alerts": in_app_alerts,
            "rhythm": rhythm,
            "digest_hour": digest_hour,
        },
    )
    if language != user.preferred_language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return rows


def tender_follow(*, user: User, tender: Tender) -> None:
    """Follow a public tender: its amendments, answers, reminders, cancelling."""
    TenderFollow.objects.get_or_create(user=user, tender=tender)


def tender_unfollow(*, user: User, tender: Tender) -> None:
    TenderFollow.objects.filter(user=user, tender=tender).delete()

"""The expertise areas a report lists, cached in Redis until one is saved
or deleted (the drop-downs' version, portal.choices): reference data the
academy edits a few times a year, read by every report."""

from django.core.cache import cache

from consultants.models import ExpertiseArea
from portal.choices import CHOICES_TIMEOUT, choices_version, watch

watch(ExpertiseArea)


def expertise_areas() -> list:
    """Every expertise area, in the registry's order (fresh instances: a
    report sets its figures on them)."""
    key = f"reports:expertise-areas:{choices_version(ExpertiseArea)}"
    areas = cache.get(key)
    if areas is None:
        areas = list(ExpertiseArea.objects.order_by("sort_order", "code"))
        cache.set(key, areas, CHOICES_TIMEOUT)
    return areas

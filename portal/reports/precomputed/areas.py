"""The expertise areas a report lists, cached in Redis until one is saved
or deleted (portal.choices): reference data the academy edits a few times a
year, read by every report."""

from consultants.models import ExpertiseArea
from portal.choices import cached_rows, watch

watch(ExpertiseArea)


def expertise_areas() -> list:
    """Every expertise area, in the registry's order (fresh instances: a
    report sets its figures on them)."""
    return cached_rows(ExpertiseArea.objects.order_by("sort_order", "code"))

"""The expertise areas a report lists, cached in Redis until one is saved
or deleted (portal.choices): reference data the academy edits a few times a
year, read by every report."""

from consultants.models import ExpertiseArea


def expertise_areas() -> list:
    """Every expertise area, in the registry's order (fresh instances: a
    report sets its figures on them)."""
    return ExpertiseArea.reference_rows()

"""Reading the precomputed rows: the scope of a region code, and as of
when."""

from ..models import NATIONAL_SCOPE, FiguresRefresh


def scope_of(code) -> str:
    return code or NATIONAL_SCOPE


def as_of():
    """When the figures were counted (None: never yet)."""
    last = FiguresRefresh.objects.order_by("-finished_at").first()
    return last.finished_at if last else None

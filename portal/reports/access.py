"""Who may read which report: academy administrators every region and the
national total; oblast coordinators their own regions; nobody else any."""

from django.http import Http404

from municipalities.models import Region

NATIONAL = "all"  # the scope of the national total in URLs


def report_regions(user):
    """The regions whose reports the user may read."""
    if not getattr(user, "is_authenticated", False):
        return Region.objects.none()
    if user.is_academy_admin:
        return Region.objects.all()
    if user.is_coordinator:
        return user.coordinated_regions.all()
    return Region.objects.none()


def can_read_reports(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_academy_admin or user.is_coordinator
    )


def can_read_national(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_academy_admin


def scope_region_or_404(user, scope: str, regions=None):
    """The region of a report scope (None for the national total), or 404
    when the user may not read it: another coordinator's region looks the
    same as one that does not exist. `regions`: the user's report_regions
    when already read (no query then)."""
    if scope == NATIONAL:
        if can_read_national(user):
            return None
        raise Http404
    if regions is None:
        region = report_regions(user).filter(code=scope).first()
    else:
        region = next((region for region in regions if region.code == scope), None)
    if region is None:
        raise Http404
    return region

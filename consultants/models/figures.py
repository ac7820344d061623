"""Figures of the public registry by home region, kept by the database.

The home page showed them by counting the whole registry on every request (two
full scans at 100,000 consultants). Statement triggers of migration 0008 add
each write's difference instead, whoever writes (services, the admin, a bulk
load), so reading them costs one row per region whatever the registry's size.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region


class RegionFigures(models.Model):
    """Public members (PUBLIC_STATUSES) based in a region; never written by
    Django."""

    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="member_figures",
        verbose_name=_("region"),
    )
    members = models.IntegerField(_("members"), default=0)
    certified = models.IntegerField(_("certified"), default=0)
    organizations = models.IntegerField(_("organizations"), default=0)

    class Meta:
        verbose_name = _("figures of a region")
        verbose_name_plural = _("figures of the regions")

    def __str__(self):
        return str(self.region_id)

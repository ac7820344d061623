"""The portal as allauth's emails name it (`current_site.name`, `.domain`).

Not django.contrib.sites: one Site row holds one name, while the name must
read in the language of each email; the address is PORTAL_SITE_URL, which
`make run` derives from the port it serves on and production sets."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def site_url() -> str:
    return settings.PORTAL_SITE_URL.rstrip("/")


class PortalSite:
    """Stands in for a Site: `name` in the active language, `domain` from
    PORTAL_SITE_URL."""

    @property
    def name(self) -> str:
        return _("BAZhBA")

    @property
    def domain(self) -> str:
        return urlsplit(site_url()).netloc

    def __str__(self) -> str:
        return self.name


def current_site() -> PortalSite:
    return PortalSite()

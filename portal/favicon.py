"""/favicon.ico, which browsers ask for on every site whatever the page links."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

_ICON = (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_safe
def favicon(request):
    response = HttpResponse(_ICON, content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response

"""The notification centre (a person's own in-app notifications) and the
one-click unsubscribe page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import registry, services
from .models import Notification
from .tokens import BadToken, user_id_from

PAGE_SIZE = 20


@login_required
def notification_list(request):
    notifications = Notification.objects.in_app_for(request.user).only(
        "pk", "title", "reason", "path", "created_at", "read_at", "topic"
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "settings_page": registry.settings_page(),
        },
    )


@login_required
@require_POST
def notification_open(request, pk):
    """Mark the notification read and go to the page it is about (in the
    language the person is using now)."""
    try:
        notification = services.notification_mark_read(
            user=request.user, notification_id=pk
        )
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if not notification.path:
        return redirect("notifications:notification-list")
    current = get_language()
    # the path was made in the recipient's language: read it in that one
    with translation.override(notification.language):
        target = translate_url(notification.path, current)
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "notifications:notification-list"
    return redirect(target)


# RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" without
# cookies, so no CSRF token; the signed token is the authority. GET only asks
# to confirm, because mail scanners follow links.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user_id = user_id_from(token)
    except BadToken as exc:
        return render(
            request,
            "notifications/unsubscribe_invalid.html",
            {"expired": exc.expired},
            status=400,
        )
    context = {"settings_page": registry.settings_page()}
    if request.method == "POST":
        user = services.alerts_unsubscribe(user_id=user_id)
        if user is None:
            return render(
                request,
                "notifications/unsubscribe_invalid.html",
                {"expired": False},
                status=400,
            )
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)

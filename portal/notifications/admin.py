from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from . import registry, services
from .models import EventDelivery, Notification, Status


class ResendMixin:
    """Re-sending failed email is the one change made here; it needs the right
    to change notifications."""

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.change_notification")

    def _resend(self, request, notifications):
        count = services.notifications_resend(queryset=notifications)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed email queued again.",
                "%(count)d failed emails queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(
    AuditedAdminMixin, ResendMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    list_display = (
        "created_at",
        "topic",
        "recipient",
        "channel",
        "status",
        "attempts",
        "sent_at",
        "read_at",
    )
    list_filter = ("status", "channel", "topic", "transactional")
    search_fields = ("recipient__email",)
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["resend_failed"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).exclude(topic__in=registry.private_topics())
        )

    @admin.action(description=_("Send the failed ones again"), permissions=["resend"])
    def resend_failed(self, request, queryset):
        self._resend(request, queryset)


@admin.register(EventDelivery)
class EventDeliveryAdmin(
    AuditedAdminMixin, ResendMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    """Each notifying event with its deliveries counted by status."""

    list_display = (
        "id",
        "topic",
        "created_at",
        "dispatched_at",
        "pending",
        "sent",
        "failed",
        "suppressed",
    )
    list_filter = ("topic",)
    date_hierarchy = "created_at"
    readonly_fields = ("topic", "created_at", "dispatched_at", "attempts", "last_error")
    fields = readonly_fields
    actions = ["resend_failed"]

    def get_queryset(self, request):
        counts = {
            status: Count("notifications", filter=Q(notifications__status=status))
            for status in Status.values
        }
        return (
            super()
            .get_queryset(request)
            .filter(topic__in=list(registry.topics()))
            .exclude(topic__in=registry.private_topics())
            .annotate(**{f"n_{status}": count for status, count in counts.items()})
        )

    def _count(self, obj, status):
        number = getattr(obj, f"n_{status}", 0)
        if not number:
            return 0
        query = urlencode({"event__id__exact": obj.pk, "status__exact": status})
        url = reverse("admin:notifications_notification_changelist")
        return format_html('<a href="{}?{}">{}</a>', url, query, number)

    @admin.display(description=_("pending"))
    def pending(self, obj):
        return self._count(obj, Status.PENDING)

    @admin.display(description=_("sent"))
    def sent(self, obj):
        return self._count(obj, Status.SENT)

    @admin.display(description=_("failed"))
    def failed(self, obj):
        return self._count(obj, Status.FAILED)

    @admin.display(description=_("suppressed"))
    def suppressed(self, obj):
        return self._count(obj, Status.SUPPRESSED)

    @admin.action(description=_("Send the failed ones again"), permissions=["resend"])
    def resend_failed(self, request, queryset):
        self._resend(
            request,
            Notification.objects.filter(
                event__in=list(queryset.values_list("pk", flat=True))
            ),
        )

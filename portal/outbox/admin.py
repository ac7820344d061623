from django.contrib import admin

from portal.audit.admin import AuditedAdminMixin

from .handlers import private_topics
from .models import Event


@admin.register(Event)
class EventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "topic", "created_at", "dispatched_at", "attempts", "dead")
    list_filter = ("topic", "dead")
    readonly_fields = [f.name for f in Event._meta.fields]

    def get_queryset(self, request):
        # events only their recipients may learn of (a bid's receipt: who bid)
        return super().get_queryset(request).exclude(topic__in=private_topics())

from django.contrib import admin

from portal.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import ConsultationRequest, MunicipalityRating, Recipient


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in Recipient._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["topic", "municipality", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["topic"]
    inlines = [RecipientInline]


@admin.register(MunicipalityRating)
class MunicipalityRatingAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["municipality", "consultant", "overall", "rated_at"]

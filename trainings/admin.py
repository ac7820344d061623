from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import (
    Certificate,
    CertificateEvent,
    CertificationProgramme,
    Participant,
    Training,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ("consultant",)
    fields = ("consultant", "representative")


@admin.register(Training)
class TrainingAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("title", "start_date", "end_date", "region", "is_online")
    list_filter = ("is_online", "region")
    search_fields = ("title_ky", "title_ru", "title_en")
    date_hierarchy = "start_date"
    filter_horizontal = ("expertise_areas",)
    inlines = [ParticipantInline]


@admin.register(CertificationProgramme)
class CertificationProgrammeAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "validity_months", "is_active")
    filter_horizontal = ("required_trainings",)


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "old_status", "new_status", "reason", "by", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: certificates change through the portal's pages, which keep
    the history and the holder's network status in step."""

    list_display = ("number", "consultant", "programme", "expires_on", "status")
    list_filter = ("status", "programme")
    search_fields = ("number", "consultant__name_ky", "consultant__name_ru")
    list_select_related = ("consultant", "programme")
    inlines = [CertificateEventInline]

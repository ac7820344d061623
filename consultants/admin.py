from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import (
    Consultant,
    ExpertiseArea,
    ProfileClaim,
    ProfileInvitation,
    StatusChange,
)


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "sort_order")


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("old_status", "new_status", "reason", "changed_by", "changed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Consultant)
class ConsultantAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "home_region", "status", "updated_at")
    list_filter = ("status", "kind", "home_region")
    search_fields = ("name_ky", "name_ru", "name_en", "email", "inn")
    list_select_related = ("home_region",)
    filter_horizontal = ("regions_served", "expertise_areas", "districts_served")
    # The linked account decides who reads the consultant's sealed bids, so
    # nobody changes it here, not even on the add form; accounts are linked by
    # the confirmed claim flow.
    readonly_fields = (
        "user",
        "status",
        "decision_reason",
        "decided_at",
        "decided_by",
    )
    inlines = [StatusChangeInline]


@admin.register(ProfileInvitation)
class ProfileInvitationAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sent and accepted on the portal (consultants:claim-list)."""

    list_display = ("consultant", "email", "created_at", "expires_at", "accepted_at")
    list_select_related = ("consultant",)


@admin.register(ProfileClaim)
class ProfileClaimAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Decided on the portal (consultants:claim-list)."""

    list_display = ("consultant", "user", "status", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("consultant", "user")

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.audit.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import District, Municipality, Place, Region, RoleChange, StaffMembership


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "kind", "soate")
    # coordinators are appointed and removed on the portal's page, with the
    # reason recorded and the role set (municipalities:coordinator-list)
    readonly_fields = ("coordinators",)


@admin.register(District)
class DistrictAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "region", "soate")
    list_filter = ("region",)
    search_fields = ("name_ky", "name_ru", "name_en")


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "region", "district", "soate", "retired_on")
    list_filter = ("region", "kind")
    search_fields = ("name_ky", "name_ru", "name_en", "soate", "inn")
    list_select_related = ("region", "district")
    autocomplete_fields = ("district", "successor")
    # the register import keeps these
    readonly_fields = ("soate", "soate_name", "retired_on")


@admin.register(Place)
class PlaceAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "municipality", "soate")
    search_fields = ("name_ky", "name_ru", "name_en", "soate")
    list_select_related = ("municipality",)
    readonly_fields = ("soate", "municipality")


@admin.register(StaffMembership)
class StaffMembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "municipality", "position", "status", "requested_at")
    list_filter = ("status",)
    autocomplete_fields = ("municipality",)
    raw_id_fields = ("user",)
    # decided on the portal's pages, which set the role and keep the history
    readonly_fields = ("status", "requested_at", "decided_at", "decided_by")


@admin.register(RoleChange)
class RoleChangeAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "user", "action", "municipality", "region", "by")
    list_filter = ("action",)
    list_select_related = ("user", "municipality", "region", "by")

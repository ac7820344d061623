from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.audit.admin import AuditedAdminMixin

from .models import District, Municipality, Region, StaffMembership


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "kind", "soate")
    filter_horizontal = ("coordinators",)


@admin.register(District)
class DistrictAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "region", "soate")
    list_filter = ("region",)
    search_fields = ("name_ky", "name_ru", "name_en")


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "region", "district", "soate")
    list_filter = ("region", "kind")
    search_fields = ("name_ky", "name_ru", "name_en", "soate", "inn")
    list_select_related = ("region", "district")
    autocomplete_fields = ("district",)


@admin.register(StaffMembership)
class StaffMembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "municipality", "position")
    autocomplete_fields = ("municipality",)
    raw_id_fields = ("user",)

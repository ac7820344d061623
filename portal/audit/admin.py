"""The audit of Django's admin: a mixin every ModelAdmin of the portal's apps
uses (a system check makes sure), and the read-only list of entries."""

import functools

from django.contrib import admin
from django.db import router, transaction

from .models import AuditAction, AuditEntry
from .services import audit_record


def changed_field_names(form, formsets) -> list[str]:
    """Names of the fields a form and its inlines changed; never values."""
    names = list(form.changed_data) if form is not None else []
    for formset in formsets or []:
        label = formset.model._meta.model_name
        names += [f"{label}:added" for _obj in getattr(formset, "new_objects", [])]
        for _obj, fields in getattr(formset, "changed_objects", []):
            names += [f"{label}.{field}" for field in fields]
        names += [
            f"{label}:deleted" for _obj in getattr(formset, "deleted_objects", [])
        ]
    return list(dict.fromkeys(names))


def _audited_action(func, name):
    @functools.wraps(func)
    def run(modeladmin, request, queryset):
        objects = list(queryset)
        response = func(modeladmin, request, queryset)
        audit_record(
            request=request,
            action=AuditAction.ACTION,
            objects=objects,
            admin_action=name,
        )
        return response

    return run


class AuditedAdminMixin:
    """Put first in the bases of a ModelAdmin: every addition, change, deletion
    (also the bulk "delete selected"), password change and admin action leaves
    an AuditEntry, written in the same transaction as the change."""

    # set by views that record something other than a plain change
    audit_action_attr = "_audit_action"

    def construct_change_message(self, request, form, formsets, add=False):
        request._audit_changed_fields = changed_field_names(form, formsets)
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        audit_record(
            request=request,
            action=AuditAction.ADD,
            objects=[obj],
            changed_fields=getattr(request, "_audit_changed_fields", []),
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(
            request=request,
            action=getattr(request, self.audit_action_attr, AuditAction.CHANGE),
            objects=[obj],
            changed_fields=getattr(request, "_audit_changed_fields", []),
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        audit_record(request=request, action=AuditAction.DELETE, objects=queryset)
        return super().log_deletions(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (
                # deletions are recorded one by one by log_deletions
                func if name == "delete_selected" else _audited_action(func, name),
                name,
                description,
            )
            for name, (func, name, description) in actions.items()
        }

    def response_action(self, request, queryset):
        # Django runs actions (also the bulk delete) outside a transaction
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset)


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted through the admin: such records
    change through the portal's pages and services, which apply the rules."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only for everyone, superusers included; the database refuses
    changes anyway."""

    list_display = (
        "at",
        "actor_email",
        "action",
        "app_label",
        "model",
        "object_id",
        "object_repr",
    )
    list_filter = ("action", "app_label", "model", "at")
    date_hierarchy = "at"
    search_fields = ("actor_email", "object_repr", "object_id")
    actions = None
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

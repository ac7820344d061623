from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.audit.admin import AuditedAdminMixin
from portal.audit.models import AuditAction

from .models import LoginThrottle, Role, User

# Accounts that only a superuser manages: superusers and academy administrators.
PRIVILEGED = Q(is_superuser=True) | Q(is_staff=True) | Q(role=Role.ACADEMY_ADMIN)


def is_privileged(user) -> bool:
    return bool(user.is_superuser or user.is_staff or user.role == Role.ACADEMY_ADMIN)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """Academy administrators manage the accounts of consultants, municipal
    staff and coordinators. They do not see superusers or other academy
    administrators, cannot make anyone either, and cannot set a password or an
    email address, which would let them sign in as someone else (a bidder,
    whose sealed bid they would then read)."""

    ordering = ("email",)
    list_display = ("email", "full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("email", "full_name")
    sortable_by = ("email", "full_name", "role", "is_active", "last_login")
    # Django allows any local-field lookup from the query string, which makes
    # ?password__startswith= an oracle on the password hashes.
    safe_lookups = frozenset(
        {"role", "role__exact", "is_active", "is_active__exact"}
        | {"is_superuser", "is_superuser__exact"}
    )
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "role", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "role", "password1", "password2"),
            },
        ),
    )

    def lookup_allowed(self, lookup, value, request):
        return lookup in self.safe_lookups

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.exclude(PRIVILEGED)
        return queryset

    def _may_manage(self, request, obj) -> bool:
        return request.user.is_superuser or obj is None or not is_privileged(obj)

    def has_view_permission(self, request, obj=None):
        return self._may_manage(request, obj) and super().has_view_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request, obj) and super().has_delete_permission(
            request, obj
        )

    def get_readonly_fields(self, request, obj=None):
        # academy administrators manage accounts but cannot make superusers
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups"]
            if obj is not None:
                # a changed address would receive the password-reset link
                readonly += ["email"]
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [
                choice
                for choice in db_field.get_choices(include_blank=db_field.blank)
                if choice[0] != Role.ACADEMY_ADMIN
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # the form already refuses these; this is the last line
        if not request.user.is_superuser and is_privileged(obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        # Only superusers set passwords here: with a password they chose, an
        # academy administrator could sign in as anyone they manage.
        if not request.user.is_superuser:
            raise PermissionDenied
        request._audit_action = AuditAction.PASSWORD
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().user_change_password(request, id, form_url)


@admin.register(LoginThrottle)
class LoginThrottleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Who is locked out of password sign-in; deleting a row lifts its lock."""

    list_display = ("scope", "key", "failures", "window_started_at", "locked_until")
    list_filter = ("scope",)
    search_fields = ("key",)
    readonly_fields = ("scope", "key", "failures", "window_started_at", "locked_until")

    def has_add_permission(self, request):
        return False

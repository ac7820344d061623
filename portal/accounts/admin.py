from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import LoginThrottle, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("email", "full_name")
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

    def get_readonly_fields(self, request, obj=None):
        # academy administrators manage accounts but cannot make superusers
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups"]
        return readonly


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Who is locked out of password sign-in; deleting a row lifts its lock."""

    list_display = ("scope", "key", "failures", "window_started_at", "locked_until")
    list_filter = ("scope",)
    search_fields = ("key",)
    readonly_fields = ("scope", "key", "failures", "window_started_at", "locked_until")

    def has_add_permission(self, request):
        return False

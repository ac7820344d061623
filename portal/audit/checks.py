from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import checks


def _is_portal_app(app_config) -> bool:
    path = Path(app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and not (
        {"site-packages", ".venv"} & set(path.parts)
    )


@checks.register(checks.Tags.admin)
def check_admins_are_audited(app_configs=None, **kwargs):
    """Every model of the portal's own apps that is in the admin must use
    AuditedAdminMixin, so nothing done there escapes the audit log."""
    from .admin import AuditedAdminMixin, AuditEntryAdmin

    errors = []
    for model, model_admin in admin.site._registry.items():
        app_config = apps.get_app_config(model._meta.app_label)
        if not _is_portal_app(app_config) or isinstance(model_admin, AuditEntryAdmin):
            continue
        if not isinstance(model_admin, AuditedAdminMixin):
            errors.append(
                checks.Error(
                    f"{type(model_admin).__name__} does not use AuditedAdminMixin.",
                    hint="Put portal.audit.admin.AuditedAdminMixin first in its bases.",
                    obj=type(model_admin),
                    id="audit.E001",
                )
            )
    return errors

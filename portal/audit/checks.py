import sysconfig
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import checks


def is_portal_app(app_config) -> bool:
    """One of the portal's own apps, not an installed package (a virtualenv
    may live inside the checkout, as in CI)."""
    path = Path(app_config.path).resolve()
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    return (
        path.is_relative_to(Path(settings.BASE_DIR).resolve())
        and not path.is_relative_to(installed)
        and not ({"site-packages", ".venv"} & set(path.parts))
    )


@checks.register(checks.Tags.admin)
def check_admins_are_audited(app_configs=None, **kwargs):
    """Every model of the portal's own apps that is in the admin must use
    AuditedAdminMixin, so nothing done there escapes the audit log."""
    from .admin import AuditedAdminMixin, AuditEntryAdmin

    errors = []
    for model, model_admin in admin.site._registry.items():
        app_config = apps.get_app_config(model._meta.app_label)
        if not is_portal_app(app_config) or isinstance(model_admin, AuditEntryAdmin):
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

from django.contrib.auth.backends import BaseBackend

# Apps whose records academy administrators keep through Django's admin.
ACADEMY_APPS = {"accounts", "municipalities", "consultants", "trainings", "procurement"}


class AcademyAdminBackend(BaseBackend):
    """Academy administrators manage the portal's own data in the admin without
    hand-assigned permissions; nobody else gets anything from this backend."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not getattr(user_obj, "is_academy_admin", False):
            return False
        return perm.split(".", 1)[0] in ACADEMY_APPS

    def has_module_perms(self, user_obj, app_label):
        return (
            getattr(user_obj, "is_academy_admin", False) and app_label in ACADEMY_APPS
        )

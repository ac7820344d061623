from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied

from .security import lock_for

# Apps whose records academy administrators keep through Django's admin.
ACADEMY_APPS = {
    "accounts",
    "municipalities",
    "consultants",
    "trainings",
    "procurement",
    "notifications",
}


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


class LoginThrottleBackend(BaseBackend):
    """First in AUTHENTICATION_BACKENDS: refuses a locked account or address
    before any backend checks the password (allauth's form and the admin's login
    both pass through here). The lock is left on the request for the form's
    message."""

    def authenticate(self, request, **credentials):
        lock = lock_for(request, credentials)
        if lock is not None:
            if request is not None:
                request.login_lock = lock
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        # being first, this backend is the default of login() without a backend
        # (Client.force_login among others): sessions then resolve as usual
        return ModelBackend().get_user(user_id)

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin(AccessMixin):
    """Anonymous users go to sign-in; signed-in users without the role get 403."""

    allowed = ()  # names of User properties, e.g. ("is_academy_admin",)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(getattr(request.user, name, False) for name in self.allowed):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def academy_admin_required(user):
    if not user.is_authenticated or not user.is_academy_admin:
        raise PermissionDenied
    return True

"""Writing the audit log. Callers are inside the admin's transaction, so an
entry commits (or rolls back) together with the change it records."""

from django.utils import timezone

from portal.accounts.security import client_address

from .models import AuditEntry


def _client_address(request) -> str | None:
    # the client's address as the sign-in throttle sees it (trusted proxies)
    return client_address(request) or None


def audit_record(
    *,
    request,
    action: str,
    objects,
    changed_fields: list | None = None,
    admin_action: str = "",
) -> list[AuditEntry]:
    """One entry per object. `objects` are model instances (saved, or about to
    be deleted). Only field names go into `changed_fields`, never values."""
    user = getattr(request, "user", None)
    actor = user if getattr(user, "pk", None) else None
    now = timezone.now()
    entries = [
        AuditEntry(
            at=now,
            actor=actor,
            actor_email=getattr(actor, "email", "") or "",
            action=action,
            app_label=obj._meta.app_label,
            model=obj._meta.model_name,
            object_id=str(obj.pk) if obj.pk is not None else "",
            object_repr=str(obj)[:200],
            changed_fields=list(changed_fields or []),
            admin_action=admin_action,
            path=request.path[:500],
            client_address=_client_address(request),
        )
        for obj in objects
    ]
    return AuditEntry.objects.bulk_create(entries)

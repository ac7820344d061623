"""The audit log of what people do in Django's admin. Rows are only ever added:
a database trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE, so not
even a superuser with the ORM or a shell can rewrite the history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ADD = "add", _("added")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    PASSWORD = "password", _("password set")
    ACTION = "action", _("admin action")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # SET_NULL is the one change the trigger lets through (a deleted account);
    # actor_email keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_email = models.CharField(_("by (email)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    app_label = models.CharField(_("app"), max_length=100)
    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # names of fields only, never their values (bids may be sealed)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    admin_action = models.CharField(_("admin action name"), max_length=100, blank=True)
    path = models.CharField(_("request path"), max_length=500, blank=True)
    client_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["app_label", "model", "object_id"])]
        # the admin refuses these to everyone; Django's default add/change/delete
        # permissions are left out so they cannot even be granted
        default_permissions = ("view",)

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_email} {self.action} "
            f"{self.app_label}.{self.model} {self.object_id}"
        )

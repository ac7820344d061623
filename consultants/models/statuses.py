"""The network status: its values, who counts as a member, the pipeline of
allowed moves and the history of every move."""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NetworkStatus(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    PROVISIONAL = "provisional", _("provisional member")
    CERTIFIED = "certified", _("certified")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("application declined")


# Statuses shown in the public registry: members of the network, past and present.
PUBLIC_STATUSES = [
    NetworkStatus.PROVISIONAL,
    NetworkStatus.CERTIFIED,
    NetworkStatus.SUSPENDED,
    NetworkStatus.WITHDRAWN,
]
# Members in good standing: what the registry lists unless asked for more.
ACTIVE_STATUSES = (NetworkStatus.PROVISIONAL, NetworkStatus.CERTIFIED)
# Members of the network: who may take part in trainings, be certified and bid.
MEMBER_STATUSES = (
    NetworkStatus.PROVISIONAL,
    NetworkStatus.CERTIFIED,
    NetworkStatus.SUSPENDED,
)


class NetworkMove(NamedTuple):
    sources: frozenset
    target: str
    refusal: str
    # an admission decision is recorded in decided_at/by and decision_reason
    is_decision: bool = True
    needs_reason: bool = False


_members = frozenset(MEMBER_STATUSES)
_not_a_member = _("Only a member of the network can withdraw.")
_follows_certificates = _("Only a member of the network has a certification status.")

# The network status pipeline: every allowed move, in one place. Admission
# moves are decisions people make; the last three follow the certificates.
NETWORK_TRANSITIONS = {
    "accept": NetworkMove(
        frozenset({NetworkStatus.APPLICANT}),
        NetworkStatus.PROVISIONAL,
        _("Only an application under review can be accepted."),
    ),
    "decline": NetworkMove(
        frozenset({NetworkStatus.APPLICANT}),
        NetworkStatus.DECLINED,
        _("Only an application under review can be declined."),
        needs_reason=True,
    ),
    "resubmit": NetworkMove(
        frozenset({NetworkStatus.DECLINED}),
        NetworkStatus.APPLICANT,
        _("Only a declined application can be submitted again."),
    ),
    "withdraw": NetworkMove(_members, NetworkStatus.WITHDRAWN, _not_a_member),
    "certify": NetworkMove(
        _members, NetworkStatus.CERTIFIED, _follows_certificates, is_decision=False
    ),
    "suspend": NetworkMove(
        _members, NetworkStatus.SUSPENDED, _follows_certificates, is_decision=False
    ),
    "uncertify": NetworkMove(
        _members, NetworkStatus.PROVISIONAL, _follows_certificates, is_decision=False
    ),
}
_CERTIFICATION_MOVES = {
    move.target: name
    for name, move in NETWORK_TRANSITIONS.items()
    if not move.is_decision
}


class StatusChange(models.Model):
    """History of a member's network status: who, when, what, why."""

    consultant = models.ForeignKey(
        "consultants.Consultant",
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("consultant"),
    )
    old_status = models.CharField(_("from"), max_length=16, blank=True)
    new_status = models.CharField(_("to"), max_length=16)
    reason = models.TextField(_("reason"), blank=True)
    note = models.CharField(_("portal note"), max_length=255, blank=True)
    note_params = models.JSONField(_("note values"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["consultant", "-changed_at"])]

    def __str__(self):
        return f"{self.consultant_id}: {self.old_status} → {self.new_status}"

    @property
    def old_status_label(self) -> str:
        return _status_label(self.old_status)

    @property
    def new_status_label(self) -> str:
        return _status_label(self.new_status)

    @property
    def explanation(self) -> str:
        """The portal's note in the reader's language, then the typed reason."""
        parts = []
        if self.note:
            parts.append(gettext(self.note) % self.note_params)
        if self.reason:
            parts.append(self.reason)
        return " ".join(parts)


def _status_label(value: str) -> str:
    try:
        return str(NetworkStatus(value).label)
    except ValueError:
        return value or "—"

"""A certificate's statuses and the pipeline of allowed moves between them,
in one place."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


# A holder has at most one current certificate per programme.
CURRENT_STATUSES = (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)
# A suspension or a revocation always says why.
STATUSES_WITH_REASON = (CertificateStatus.SUSPENDED, CertificateStatus.REVOKED)


# What the public verification page calls the day a certificate left force.
STATUS_CHANGE_LABELS = {
    CertificateStatus.SUSPENDED: _("Suspended on"),
    CertificateStatus.REVOKED: _("Revoked on"),
}


class CertificateEventAction(models.TextChoices):
    ISSUED = "issued", _("issued")
    SUSPENDED = "suspended", _("suspended")
    REINSTATED = "reinstated", _("reinstated")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class CertificateMove(NamedTuple):
    """One allowed move of a certificate's status."""

    action: str  # what the history records (a CertificateEventAction)
    sources: frozenset  # the stored statuses the move starts from
    target: str
    refusal: str  # the domain error when the status does not allow the move
    # True: only while the last valid day has not passed; False: only after
    # it; None: either way
    in_date: bool | None = None
    lapsed_refusal: str = ""  # the domain error when the dates do not allow it
    by_person: bool = True  # offered to the academy; expiry is the daily task's
    note: str = ""  # for the holder's network status history (gettext_noop)

    @property
    def needs_reason(self) -> bool:
        return self.target in STATUSES_WITH_REASON


# The certificate pipeline: every allowed move, in one place. A suspension can
# be lifted; a revocation is final.
CERTIFICATE_TRANSITIONS = {
    "suspend": CertificateMove(
        CertificateEventAction.SUSPENDED,
        frozenset({CertificateStatus.ACTIVE}),
        CertificateStatus.SUSPENDED,
        _("Only an active certificate can be suspended."),
        in_date=True,
        note=gettext_noop("Certificate %(number)s suspended."),
    ),
    "reinstate": CertificateMove(
        CertificateEventAction.REINSTATED,
        frozenset({CertificateStatus.SUSPENDED}),
        CertificateStatus.ACTIVE,
        _("Only a suspended certificate can be reinstated."),
        in_date=True,
        lapsed_refusal=_(
            "The certificate's validity has ended; issue a new certificate."
        ),
        note=gettext_noop("Certificate %(number)s reinstated."),
    ),
    "revoke": CertificateMove(
        CertificateEventAction.REVOKED,
        frozenset(
            {
                CertificateStatus.ACTIVE,
                CertificateStatus.SUSPENDED,
                CertificateStatus.EXPIRED,
            }
        ),
        CertificateStatus.REVOKED,
        _("The certificate has already been revoked."),
        note=gettext_noop("Certificate %(number)s revoked."),
    ),
    "expire": CertificateMove(
        CertificateEventAction.EXPIRED,
        frozenset({CertificateStatus.ACTIVE}),
        CertificateStatus.EXPIRED,
        _("Only an active certificate past its date expires."),
        in_date=False,
        by_person=False,
        note=gettext_noop("Certificate %(number)s expired."),
    ),
}

"""Open Contracting Data Standard 1.1 releases and records of tenders.

ocids are OCDS_OCID_PREFIX (default ``ocds-bazhba-``: this portal's own prefix,
distinct from the state portal's ``ocds-h7i0z4-``) followed by the tender id.
Each stage of a tender is a release: the tender notice, each amendment, the
tender's later updates (opening, unsuccessful), the cancellation, the award
(intention and final) and the contract (signed and completed). Bids are not
published: the opening record stays with the municipality and the bidders; only
the number of tenderers, the awarded supplier and the contract are public.
"""

from .codes import OCDS_VERSION, buyer_id, supplier_id
from .packages import (
    compiled_release,
    publishable,
    record_package,
    release_package,
    releases_for,
)

__all__ = [
    "OCDS_VERSION",
    "buyer_id",
    "compiled_release",
    "publishable",
    "record_package",
    "release_package",
    "releases_for",
    "supplier_id",
]

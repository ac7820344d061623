"""Open Contracting Data Standard 1.1 releases and records of tenders.

ocids are OCDS_OCID_PREFIX (see portal/settings.py: a prefix is registered
with the Open Contracting Partnership) followed by the tender id. Each event of
a public tender stores a release, an immutable snapshot (events.py): the
notice, each amendment (with the former values), the opening (with the bids
extension's bidders, and prices once offers are open), unsuccessful, the
cancellation, the award (intention, final, annulled), the contract (signed,
completed). Tenders published before releases were stored got reconstructed
releases once (backfill.py). A record's compiled release is ocdsmerge's merge
of its releases. Packages are paged by date then release id and streamed;
bulk.py writes one JSON Lines file of releases a day.
"""

from .codes import EXTENSIONS, OCDS_VERSION, buyer_id, supplier_id
from .events import RELEASE_EVENTS, bids_disclosed, record_release
from .packages import (
    BadCursor,
    compiled_release,
    publishable,
    record_of,
    record_package,
    release_package,
    single_record_package,
)

__all__ = [
    "EXTENSIONS",
    "OCDS_VERSION",
    "RELEASE_EVENTS",
    "BadCursor",
    "bids_disclosed",
    "buyer_id",
    "compiled_release",
    "publishable",
    "record_of",
    "record_package",
    "record_release",
    "release_package",
    "single_record_package",
    "supplier_id",
]

"""Store the reconstructed releases of public tenders that have none yet.

Tenders published before the portal stored releases at their events get their
releases rebuilt once from their current data (marked `backfilled`). Run after
every `migrate` (make run and the compose `migrate` service do); a tender that
already has releases is never touched, so running it again does nothing.

It is a command and not a data migration because it builds releases with the
current models: a migration doing so would break as soon as a later migration
added a column those models read.
"""

from django.core.management.base import BaseCommand

from procurement.ocds.backfill import backfill_releases


class Command(BaseCommand):
    help = "Reconstruct OCDS releases, once, for tenders that have none."

    def handle(self, *args, **options):
        stored = backfill_releases()
        if options["verbosity"]:
            self.stdout.write(f"{stored} releases reconstructed")

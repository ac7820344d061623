"""Write the daily JSON Lines files of OCDS releases (the nightly beat task
writes the missing ones by itself)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from procurement.ocds import bulk


class Command(BaseCommand):
    help = "Write one JSON Lines file of OCDS releases per day into OCDS_BULK_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="only this day (YYYY-MM-DD, Bishkek)")
        parser.add_argument(
            "--rewrite", action="store_true", help="rewrite files that exist"
        )

    def handle(self, *args, day=None, rewrite=False, **options):
        if day:
            try:
                parsed = parse_date(day)
            except ValueError:
                parsed = None
            if parsed is None:
                raise CommandError("Use the date format YYYY-MM-DD.")
            count = bulk.write_day(parsed)
            self.stdout.write(f"{bulk.path_for(parsed)}: {count} releases")
            return
        written = bulk.write_missing(rewrite=rewrite)
        self.stdout.write(f"{len(written)} files written in {bulk.folder()}")

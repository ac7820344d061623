from django.core.management.base import BaseCommand

from portal.reports.precomputed import refresh


class Command(BaseCommand):
    help = "Count the reports' figures again now (beat does it regularly)."

    def handle(self, *args, **options):
        done = refresh()
        self.stdout.write(
            f"Report figures counted in {done.seconds:.1f} s "
            f"(as of {done.finished_at:%Y-%m-%d %H:%M:%S %Z})."
        )

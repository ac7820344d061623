"""`manage.py generate_benchmark_data --scale N`: the data set of `make bench`
(portal/reports/benchmark) loaded into a freshly migrated database. Lives in
the top app because it fills every app's tables."""

from django.core.management.base import BaseCommand, CommandError

from portal.reports import benchmark
from portal.reports.precomputed import refresh as refresh_figures


class Command(BaseCommand):
    help = (
        "Load a deterministic benchmark data set (scale 1: 100,000 consultants, "
        "100,000 tenders, 1,000,000 bids, 2,000,000 notifications) into a "
        "freshly migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.01)
        parser.add_argument(
            "--quiet", action="store_true", help="no progress lines on stderr"
        )

    def handle(self, *args, scale, quiet, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be more than 0 and at most 10")
        try:
            result = benchmark.generate(scale, out=self.stderr._out, progress=not quiet)
        except benchmark.AlreadyLoaded as exc:
            raise CommandError(str(exc)) from exc
        for table, rows in result["rows"].items():
            self.stdout.write(f"{table:<45} {rows:>10,}")
        # the reports read figures counted ahead (portal/reports/precomputed)
        counted = refresh_figures()
        self.stdout.write(f"report figures counted in {counted.seconds:.1f} s")
        self.stdout.write(f"loaded in {result['seconds']:.1f} s")
        self.stdout.write(f"digest {result['digest']}")

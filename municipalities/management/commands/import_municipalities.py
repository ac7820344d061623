from datetime import date
from pathlib import Path
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.models import District, Municipality, Place, Region
from municipalities.register import RegisterError, apply_plan, plan_file
from portal import pagecache

MODELS = SimpleNamespace(
    Region=Region, District=District, Municipality=Municipality, Place=Place
)


def _merger(value: str) -> tuple[str, str]:
    old, sep, new = value.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise ValueError(value)
    return old.strip(), new.strip()


class Command(BaseCommand):
    help = (
        "Load a SOATE register of municipalities (CSV with the columns soate, "
        "level, kind, name_ru, parent_soate, region[, name_ky, name_en]). "
        "Validates every row and prints what it would add, rename, move, merge "
        "or retire, and the file's quirks. A dry run unless --apply; with "
        "--apply all of it is saved or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--apply", action="store_true", help="save the changes (default: dry run)"
        )
        parser.add_argument(
            "--merged-into",
            action="append",
            default=[],
            metavar="OLD=NEW",
            help="the SOATE code of a municipality leaving the register and of its "
            "successor (repeat for each merger; otherwise the successor is the "
            "municipality that now serves most of its villages)",
        )
        parser.add_argument(
            "--effective",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day municipalities leaving the register are retired "
            "(default: today)",
        )

    def handle(self, *args, file: Path, apply: bool, merged_into, effective, **opts):
        try:
            mergers = dict(_merger(value) for value in merged_into)
        except ValueError as exc:
            raise CommandError(
                _("--merged-into takes OLD=NEW, not “%(value)s”") % {"value": exc}
            ) from exc
        try:
            with transaction.atomic():
                plan = plan_file(
                    file, models=MODELS, effective=effective, merged_into=mergers
                )
                if apply:
                    apply_plan(plan, models=MODELS)
                    pagecache.changed()  # bulk writes send no signal
        except FileNotFoundError as exc:
            raise CommandError(_("File not found: %(file)s") % {"file": file}) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("The file is not UTF-8 text.")) from exc
        except RegisterError as exc:
            raise CommandError(
                _("Nothing was changed. The file has errors:") + "\n" + str(exc)
            ) from exc
        quirks = plan.quirk_summary(examples=1000 if opts["verbosity"] > 1 else 3)
        if quirks:
            self.stdout.write(
                self.style.WARNING(
                    _("Quirks of the file (%(count)d), loaded as said:")
                    % {"count": len(plan.register.quirks)}
                )
            )
            for line in quirks:
                self.stdout.write(f"  {line}")
        for line in plan.summary(examples=20 if opts["verbosity"] > 1 else 5):
            self.stdout.write(line)
        if apply:
            self.stdout.write(self.style.SUCCESS(_("Applied.")))
        else:
            self.stdout.write(
                self.style.NOTICE(
                    _("Dry run: nothing was changed. Run again with --apply to apply.")
                )
            )

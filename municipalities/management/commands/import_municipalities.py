import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from municipalities.services import MunicipalityImportError, municipalities_import


class Command(BaseCommand):
    help = (
        "Load the register of municipalities from a CSV file with the columns "
        "region, district, kind, name_ky, name_ru, name_en[, website, soate, inn]. "
        "A bad row stops the import and nothing of the file is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                result = municipalities_import(rows=csv.DictReader(handle))
        except FileNotFoundError as exc:
            raise CommandError(_("File not found: %(file)s") % {"file": file}) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("The file is not UTF-8 text.")) from exc
        except (MunicipalityImportError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)d new, %(updated)d updated.") % result
            )
        )

"""Taking the registry away: any selection of the registry (the same filters and
sort as /consultants/, ConsultantListFilterSet) as CSV, as XLSX and as a
printable list.

- Headers and values in the reader's language (names of regions, expertise
  areas and languages with the usual fallback).
- Contact details only for those who may see them in the registry
  (access.can_see_contacts, the rule's one home): anonymous visitors and
  consultants get no email and phone columns at all.
- A selection can be the whole registry (100,000 rows): the rows are read with
  one query (the many-to-many names aggregated in the database), through a
  server-side cursor (`iterator()`), and the CSV is streamed as it is read; the
  XLSX is written by openpyxl in write-only mode to a temporary file.
- Typed text never becomes a formula (portal/spreadsheets.py).

Columns are one table (COLUMNS) so that a new registry column (ratings,
certificates…) is one line here.
"""

import csv
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, OuterRef, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from municipalities.models import Region
from municipalities.phones import international
from portal.spreadsheets import BOM, CSV_TYPE, XLSX_TYPE, csv_safe, xlsx_text

from .access import can_see_contacts
from .filters import ConsultantListFilterSet
from .models import Consultant, ExpertiseArea, WorkLanguage

CHUNK_SIZE = 2000
# the printable list is a page: beyond this many rows, it asks to narrow the
# selection or take the CSV
PRINT_LIMIT = 500
LANGUAGE_NAMES = dict(WorkLanguage.choices)


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Consultant, str], object]  # (consultant, site address)
    contact: bool = False  # shown only to those who may see contacts


def _names(values) -> str:
    return "; ".join(v for v in values or () if v)


def _field_label(name: str):
    """A column headed by the model field's own (translated) name."""
    return lazy(lambda: capfirst(Consultant._meta.get_field(name).verbose_name), str)()


COLUMNS = (
    Column(_("Name"), lambda c, site: c.name),
    Column(_("Network status"), lambda c, site: c.get_status_display()),
    Column(_("Kind"), lambda c, site: c.get_kind_display()),
    Column(_("Home region"), lambda c, site: c.home_region.name),
    Column(_("Regions served"), lambda c, site: _names(c.export_regions)),
    Column(_("Expertise areas"), lambda c, site: _names(c.export_areas)),
    Column(
        _("Languages of work"),
        lambda c, site: _names(
            str(LANGUAGE_NAMES.get(code, code)) for code in c.languages
        ),
    ),
    # the trust figures kept on the row (consultants/models/trust.py)
    Column(_field_label("rating_average"), lambda c, site: c.rating_average),
    Column(_field_label("rating_count"), lambda c, site: c.rating_count),
    Column(_field_label("completed_contracts"), lambda c, site: c.completed_contracts),
    Column(_field_label("active_certificates"), lambda c, site: c.active_certificates),
    Column(_field_label("trainings_completed"), lambda c, site: c.trainings_completed),
    Column(_field_label("availability"), lambda c, site: c.get_availability_display()),
    Column(_("Website"), lambda c, site: c.website),
    Column(_("Email"), lambda c, site: c.email, contact=True),
    Column(_("Phone"), lambda c, site: international(c.phone), contact=True),
    Column(_("Profile"), lambda c, site: site + c.get_absolute_url()),
)


def columns_for(user) -> list[Column]:
    contacts = can_see_contacts(user)
    return [column for column in COLUMNS if contacts or not column.contact]


def _translated(field: str):
    """A translated field in the reader's language, with modeltranslation's
    fallbacks, as a database expression."""
    language = get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language not in settings.MODELTRANSLATION_LANGUAGES:
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get(
        language, settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    )
    order = [language, *(code for code in fallbacks if code != language)]
    return Coalesce(
        *(NullIf(f"{field}_{code}", Value("")) for code in order),
        Value(""),
        output_field=CharField(),
    )


def export_queryset(queryset):
    """The selection with the names of its regions served and expertise areas
    (in the reader's language) as arrays: one query, however many rows."""
    name = _translated("name")
    regions = (
        Region.objects.filter(served_by=OuterRef("pk"))
        .annotate(label=name)
        .order_by("sort_order", "code")
        .values_list("label")
    )
    areas = (
        ExpertiseArea.objects.filter(consultants=OuterRef("pk"))
        .annotate(label=name)
        .order_by("label")
        .values_list("label")
    )
    return (
        queryset.select_related("home_region")
        .prefetch_related(None)
        .annotate(
            export_regions=ArraySubquery(regions), export_areas=ArraySubquery(areas)
        )
    )


def selection(request):
    """(filterset, queryset) of the registry as the request's query string
    selects it, or (filterset, None) when the filters do not validate."""
    data, _dropped = ConsultantListFilterSet.drop_foreign_district(request.GET)
    filterset = ConsultantListFilterSet(
        data or None,
        queryset=Consultant.objects.public(),
        request=request,
    )
    if filterset.is_bound and not filterset.is_valid():
        return filterset, None
    filterset.search_candidates = None  # an export holds every match
    return filterset, export_queryset(filterset.qs)


def rows(request, queryset, columns) -> Iterator[list]:
    site = request.build_absolute_uri("/").rstrip("/")
    for consultant in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [column.value(consultant, site) for column in columns]


def _filename(extension: str) -> str:
    return f"registry-{timezone.localdate():%Y-%m-%d}.{extension}"


def _back_to_registry(request):
    """Filters that do not validate: the registry shows them with their errors."""
    url = reverse("consultants:consultant-list")
    return redirect(f"{url}?{request.GET.urlencode()}")


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    filterset, queryset = selection(request)
    if queryset is None:
        return _back_to_registry(request)
    columns = columns_for(request.user)
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow([str(column.label) for column in columns])
        for values in rows(request, queryset, columns):
            yield writer.writerow([csv_safe(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_xlsx(request):
    filterset, queryset = selection(request)
    if queryset is None:
        return _back_to_registry(request)
    columns = columns_for(request.user)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Consultant registry"))[:31])
    sheet.append([xlsx_text(sheet, str(column.label)) for column in columns])
    for values in rows(request, queryset, columns):
        sheet.append([xlsx_text(sheet, value) for value in values])
    # spooled: small selections stay in memory, large ones go to disk
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_TYPE
    )


def print_list(request):
    """The selection as a plain page for paper: no menus, no filters."""
    filterset, queryset = selection(request)
    if queryset is None:
        return _back_to_registry(request)
    columns = columns_for(request.user)
    total = queryset.count()
    labels = [column.label for column in columns]
    table = [
        list(zip(labels, values, strict=True))
        for values in rows(request, queryset[:PRINT_LIMIT], columns)
    ]
    chosen = [
        {"label": field.label, "value": _shown(field)}
        for field in filterset.form
        if filterset.is_bound and filterset.form.cleaned_data.get(field.name)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultants/consultant_print.html",
        {
            "columns": columns,
            "table": table,
            "total": total,
            "limit": PRINT_LIMIT,
            "cut": total > PRINT_LIMIT,
            "chosen": chosen,
            "querystring": query.urlencode(),
            "printed_at": timezone.localtime(),
        },
    )


def _shown(field) -> str:
    """A filter's chosen value as the reader sees it in the filter form."""
    value = field.form.cleaned_data.get(field.name)
    choices = dict(getattr(field.field, "choices", ()) or ())
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))

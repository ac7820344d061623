from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.models import (
    MEMBER_STATUSES,
    Consultant,
)
from municipalities.models import Municipality, Region
from procurement.models import Tender

from . import charts, exports, figures, maps, precomputed
from .access import (
    NATIONAL,
    can_read_national,
    can_read_reports,
    report_regions,
    scope_region_or_404,
)
from .documents import report_pdf as render_report_pdf
from .figures.coverage import GAP_ORDERINGS
from .figures.flags import FLAGS_BY_CODE
from .periods import Period, period_form
from .report import Report
from .tables import INTEGER, Column, Table

PAGE_SIZE = 50
MAP_FIGURES = {
    "members_per_100": gettext_lazy("Members per 100 municipalities"),
    "coverage": gettext_lazy("Municipalities served, %"),
    "tenders": gettext_lazy("Tenders published"),
    "flagged": gettext_lazy("Tenders with a red flag"),
}


def home(request):
    """Front page: the network at a glance, by region (figures the database
    keeps up to date: one query whatever the registry's size)."""
    regions = list(
        Region.objects.annotate(
            members=Coalesce("member_figures__members", 0),
            certified=Coalesce("member_figures__certified", 0),
            organizations=Coalesce("member_figures__organizations", 0),
        ).order_by("sort_order")
    )
    totals = {
        name: sum(getattr(region, name) for region in regions)
        for name in ("members", "certified", "organizations")
    }
    return render(request, "home.html", {"totals": totals, "regions": regions})


def _period(request):
    """(form, period): a bad period is reported and the default is shown."""
    form = period_form(request.GET)
    period = form.period_value
    if period is None:
        period = Period.default()
    return form, period


@login_required
def overview(request):
    """Academy administrators start from the national total; a coordinator
    from their region, or the list of their regions."""
    if not can_read_reports(request.user):
        raise Http404
    if can_read_national(request.user):
        return redirect("reports:report", NATIONAL)
    regions = list(report_regions(request.user))
    if len(regions) == 1:
        return redirect("reports:report", regions[0].code)
    form, period = _period(request)
    report = Report(period=period, region=None, regions=regions)
    report.build_regions()
    table = report.regions_table()
    return render(
        request,
        "reports/overview.html",
        {
            "report": report,
            "form": form,
            "period": period,
            "table": table,
            "map": _map(request, report, table),
            "map_figures": MAP_FIGURES,
        },
    )


def _map(request, report, regions_table, figure=None):
    figure = figure or request.GET.get("map")
    if figure not in MAP_FIGURES:
        figure = "members_per_100"
    drawn = maps.region_map(
        regions_table.rows,
        figure=figure,
        title=str(MAP_FIGURES[figure]),
        current=report.code or "",
    )
    drawn["figure"] = figure
    drawn["figure_label"] = MAP_FIGURES[figure]
    return drawn


def _chart_tables(report):
    labels = report.TREND_LABELS
    quarters = [str(q.label) for q in report.trend["quarters"]]
    axis = [q.short_label for q in report.trend["quarters"]]
    made = []
    for slug, title, keys, draw in (
        (
            "tender_trend",
            _("Tenders by quarter"),
            ["tenders_published", "awards", "flagged"],
            charts.bar_chart,
        ),
        (
            "network_trend",
            _("Network and trainings by quarter"),
            ["new_members", "certificates", "trainings"],
            charts.line_chart,
        ),
    ):
        series = [(str(labels[key]), report.trend[key]) for key in keys]
        table = Table(
            slug,
            title,
            [Column("quarter", _("Quarter"))]
            + [Column(key, labels[key], INTEGER) for key in keys],
            [
                {"quarter": quarter, **{key: report.trend[key][i] for key in keys}}
                for i, quarter in enumerate(quarters)
            ],
        )
        made.append({"svg": draw(title, axis, series), "table": table})
    return made


def _report_context(request, scope, *, full=False):
    regions = list(report_regions(request.user))  # read once for the page
    region = scope_region_or_404(request.user, scope, regions)
    form, period = _period(request)
    report = Report(period=period, region=region, regions=regions, full=full)
    tables = report.build()
    return {
        "report": report,
        "form": form,
        "period": period,
        "tables": tables,
        "charts": _chart_tables(report),
        "map": _map(request, report, tables["regions"]),
        "map_figures": MAP_FIGURES,
        "flags": report.flags,
        "scopes": _scopes(request.user, regions),
    }


def _scopes(user, regions):
    scopes = [(NATIONAL, _("Whole country"))] if can_read_national(user) else []
    return scopes + [(region.code, region.name) for region in regions]


@login_required
def report(request, scope):
    context = _report_context(request, scope)
    return render(request, "reports/report_detail.html", context)


@login_required
def report_print(request, scope):
    context = _report_context(request, scope, full=True)
    return render(request, "reports/report_print.html", context)


@login_required
def report_pdf(request, scope):
    context = _report_context(request, scope, full=True)
    if not context["form"].is_valid():
        return HttpResponseBadRequest(_form_errors(context["form"]))
    response = HttpResponse(render_report_pdf(context), content_type="application/pdf")
    period = context["period"]
    name = f"report-{scope}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
def report_export(request, scope, table, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    context = _report_context(request, scope, full=True)
    if not context["form"].is_valid():
        return HttpResponseBadRequest(
            _form_errors(context["form"]), content_type="text/plain; charset=utf-8"
        )
    tables = context["tables"]
    name = f"report-{scope}-{table}"
    if table == "all" and fmt == "xlsx":
        data = exports.tables_xlsx(tables.values())
    elif table in tables and fmt == "xlsx":
        data = exports.tables_xlsx([tables[table]])
    elif table in tables:
        data = exports.table_csv(tables[table])
    else:
        raise Http404
    content_type = exports.XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def gap_list(request, scope):
    """Every municipality no member serves: sortable, paginated, exportable."""
    region = scope_region_or_404(request.user, scope)
    code = region.code if region else None
    ordering = request.GET.get("sort") or "name"
    if ordering not in GAP_ORDERINGS:
        messages.error(request, _("Unknown sort order: the list is sorted by name."))
        ordering = "name"
    gaps = precomputed.coverage_gaps(code, ordering)
    page = Paginator(gaps, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/gap_list.html",
        {
            "region": region,
            "scope": scope,
            "page": page,
            "ordering": ordering,
            "orderings": [
                ("name", _("Municipality")),
                ("kind", _("Kind")),
                ("district", _("District")),
            ],
        },
    )


@login_required
def flag_tenders(request, scope, flag):
    """The tenders behind a red flag, each linked to its page."""
    region = scope_region_or_404(request.user, scope)
    red_flag = FLAGS_BY_CODE.get(flag)
    if red_flag is None:
        raise Http404
    form, period = _period(request)
    tenders = figures.flagged_tenders(red_flag, period, region.code if region else None)
    page = Paginator(tenders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/flag_tenders.html",
        {
            "region": region,
            "scope": scope,
            "flag": red_flag,
            "form": form,
            "period": period,
            "page": page,
        },
    )


@login_required
def municipality_detail(request, scope, pk):
    """A municipality seen from its region's report: whether a member serves
    it, who could, and its tenders."""
    region = scope_region_or_404(request.user, scope)
    municipalities = Municipality.objects.select_related("region", "district")
    if region is not None:
        municipalities = municipalities.for_region(region.code)
    municipality = get_object_or_404(municipalities, pk=pk)
    served = not precomputed.is_gap(municipality)
    nearby = (
        Consultant.objects.for_region(municipality.region_id)
        .filter(status__in=MEMBER_STATUSES)
        .select_related("home_region")
        .prefetch_related("expertise_areas")
        .order_by("name_ky", "id")[:20]
    )
    tenders = (
        Tender.objects.public()
        .filter(municipality=municipality)
        .order_by("-published_at", "-id")[:20]
    )
    registry = (
        reverse("consultants:consultant-list") + f"?region={municipality.region_id}"
    )
    if municipality.district_id:
        registry += f"&district={municipality.district_id}"
    return render(
        request,
        "reports/municipality_detail.html",
        {
            "scope": scope,
            "municipality": municipality,
            "served": served,
            "nearby": nearby,
            "tenders": tenders,
            "registry_url": registry,
        },
    )

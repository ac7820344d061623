"""A report for a region (or the whole country) and a period, as tables:
the page, the printable page, the PDF and the exports all read these."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import ConsultantKind, NetworkStatus

from . import precomputed
from .access import NATIONAL
from .figures.network import members_from_elsewhere
from .figures.sql import share
from .report_tables import SummaryTables
from .tables import DATE, INTEGER, MONEY, NUMBER, PERCENT, Column, Table
from .tables import figure_table as figure_table

PREVIEW_ROWS = 10


class Report(SummaryTables):
    def __init__(self, *, period, region, regions, full: bool = False):
        """`region` None is the national total; `regions` are those the
        reader may see (for the per-region table and the map); `full`
        lists every row (exports, print) instead of previews."""
        self.period = period
        self.region = region
        self.code = region.code if region else None
        self.scope = self.code or NATIONAL
        self.regions = list(regions)
        self.full = full
        self.today = timezone.localdate()

    def url(self, name: str, *args, query: str = "") -> str:
        address = reverse(f"reports:{name}", args=[self.scope, *args])
        query = query if query is not None else ""
        return f"{address}?{query}" if query else address

    @property
    def refresh_minutes(self) -> int:
        return settings.REPORTS_REFRESH_MINUTES

    @property
    def title(self) -> str:
        return str(self.region.name) if self.region else str(_("Whole country"))

    # ---------------------------------------------------------------- build
    def build_regions(self) -> None:
        figures = precomputed.ReportFigures(
            self.period, None, regions=self.regions, today=self.today
        )
        self.as_of = figures.as_of
        self.region_rows = figures.region_figures()

    def build(self) -> dict:
        """The figures counted ahead (portal/reports/precomputed), as of
        `self.as_of`, read at once."""
        self.figures = figures = precomputed.ReportFigures(
            self.period, self.code, regions=self.regions, today=self.today
        )
        self.as_of = figures.as_of
        self.network = figures.network()
        self.coverage = figures.coverage()
        self.training = figures.trainings()
        self.procurement = figures.tenders()
        self.flags = figures.flag_counts()
        self.trend = figures.trends()
        self.region_rows = figures.region_figures()
        tables = [
            self.network_table(),
            self.status_table(),
            self.kind_table(),
            self.expertise_table(),
            self.coverage_table(),
            self.gaps_table(),
            self.trainings_table(),
            self.training_list_table(),
            self.tenders_table(),
            self.flags_table(),
            self.trends_table(),
            self.regions_table(),
        ]
        if self.code:
            tables.insert(4, self.elsewhere_table())
        self.tables = {table.slug: table for table in tables}
        return self.tables

    # -------------------------------------------------------------- network
    def network_table(self) -> Table:
        n = self.network
        return figure_table(
            "network",
            _("The network"),
            [
                (_("Network members (as of today)"), n["members"], INTEGER),
                (
                    _("of them based in another region"),
                    n["from_elsewhere"],
                    INTEGER,
                ),
                (_("Applications received"), n["applications"], INTEGER),
                (_("Applications accepted"), n["accepted"], INTEGER),
                (_("Applications declined"), n["declined"], INTEGER),
                (
                    _("Median wait for a decision, days"),
                    n["median_wait"],
                    NUMBER,
                ),
                (_("Applications waiting now"), n["waiting"], INTEGER),
            ],
            note=_(
                "Members serve the region when they are based there or name it "
                "among the regions they serve. Applications: received and "
                "decided in the period."
            ),
        )

    def status_table(self) -> Table:
        return Table(
            "members_by_status",
            _("Consultants by network status"),
            [Column("status", _("Status")), Column("count", _("Consultants"), INTEGER)],
            [
                {"status": NetworkStatus(status).label, "count": count}
                for status, count in self.network["by_status"]
            ],
        )

    def kind_table(self) -> Table:
        return Table(
            "members_by_kind",
            _("Members by kind"),
            [Column("kind", _("Kind")), Column("count", _("Members"), INTEGER)],
            [
                {"kind": ConsultantKind(kind).label, "count": count}
                for kind, count in self.network["by_kind"]
            ],
        )

    def expertise_table(self) -> Table:
        return Table(
            "expertise",
            _("Members by expertise area"),
            [
                Column("area", _("Expertise area")),
                Column("members", _("Members"), INTEGER),
                Column("certified", _("Certified members"), INTEGER),
                Column("gap", _("No certified member")),
            ],
            [
                {
                    "area": area.name,
                    "members": area.members,
                    "certified": area.certified,
                    "gap": str(_("yes")) if area.certified == 0 else "",
                }
                for area in self.network["areas"]
            ],
            note=_("Expertise areas with no certified member are a coverage gap too."),
        )

    def elsewhere_table(self) -> Table:
        members = members_from_elsewhere(self.code)
        total = None
        if not self.full:
            total = self.network["from_elsewhere"]
            members = members[:PREVIEW_ROWS]
        return Table(
            "from_elsewhere",
            _("Members who serve the region from elsewhere"),
            [
                Column("name", _("Consultant"), link="url"),
                Column("home", _("Based in")),
            ],
            [
                {
                    "name": member.name,
                    "url": member.get_absolute_url(),
                    "home": member.home_region.name,
                }
                for member in members
            ],
            total=total,
        )

    # ------------------------------------------------------------- coverage
    def coverage_table(self) -> Table:
        c = self.coverage
        gaps = [area for area in self.network["areas"] if area.certified == 0]
        return figure_table(
            "coverage",
            _("Coverage (as of today)"),
            [
                (_("Municipalities"), c["municipalities"], INTEGER),
                (_("Served by a member"), c["served"], INTEGER),
                (
                    _("Share served, %"),
                    share(c["served"], c["municipalities"]),
                    PERCENT,
                ),
                (_("Municipalities no member serves"), c["gaps"], INTEGER),
                (_("Expertise areas with no certified member"), len(gaps), INTEGER),
            ],
            note=_(
                "A municipality is served when a provisional or certified member "
                "names its district among the districts they serve; a city "
                "outside any district is served when such a member is based in "
                "its region or serves the region."
            ),
        )

    def gaps_table(self) -> Table:
        gaps = precomputed.coverage_gaps(self.code)
        total = None
        if not self.full:
            total = self.coverage["gaps"]
            gaps = gaps[:PREVIEW_ROWS]
        columns = [
            Column("name", _("Municipality"), link="url"),
            Column("kind", _("Kind")),
            Column("district", _("District")),
        ]
        if not self.code:
            columns.insert(1, Column("region", _("Region")))
        return Table(
            "gaps",
            _("Municipalities no member serves"),
            columns,
            [
                {
                    "name": municipality.name,
                    "url": reverse(
                        "reports:municipality-detail",
                        args=[self.scope, municipality.pk],
                    ),
                    "region": municipality.region.name,
                    "kind": municipality.get_kind_display(),
                    "district": municipality.district.name
                    if municipality.district
                    else "—",
                }
                for municipality in gaps
            ],
            total=total,
            more_url=self.url("gap-list", query=""),
        )

    # ------------------------------------------------------------ trainings
    def trainings_table(self) -> Table:
        t = self.training
        return figure_table(
            "trainings",
            _("Trainings and certification"),
            [
                (_("Trainings held"), t["held"], INTEGER),
                (_("Participants"), t["participants"], INTEGER),
                (_("of them registry consultants"), t["registry"], INTEGER),
                (
                    _("Completion rate of ended trainings, %"),
                    share(t["completed"], t["ended_participants"]),
                    PERCENT,
                ),
                (_("Certificates issued"), t["issued"], INTEGER),
                (_("Certificates suspended"), t["suspended"], INTEGER),
                (_("Certificates revoked"), t["revoked"], INTEGER),
                (
                    _("Certificates expiring within 90 days (as of today)"),
                    t["expiring"],
                    INTEGER,
                ),
                (_("Certificates suspended now"), t["suspended_now"], INTEGER),
            ],
            note=_(
                "Trainings that started in the period and were held in the "
                "region (online trainings count for the whole country); "
                "certificates of members based in the region."
            ),
        )

    def training_list_table(self) -> Table:
        total = None if self.full else self.training["held"]
        rows = self.figures.training_rows(None if self.full else PREVIEW_ROWS)
        return Table(
            "training_list",
            _("Trainings held"),
            [
                Column("title", _("Training"), link="url"),
                Column("start", _("First day"), DATE),
                Column("end", _("Last day"), DATE),
                Column("place", _("Place")),
                Column("registry", _("Registry participants"), INTEGER),
                Column("external", _("Other participants"), INTEGER),
                Column("completed", _("Completed"), INTEGER),
            ],
            [
                {
                    "title": training.title,
                    "url": training.get_absolute_url(),
                    "start": training.start_date,
                    "end": training.end_date,
                    "place": training.place,
                    "registry": training.registry,
                    "external": training.external_participant_count,
                    "completed": training.completed,
                }
                for training in rows
            ],
            total=total,
            more_url=self.url("report-print", query=self.period.querystring)
            + "#table-training_list",
        )

    # -------------------------------------------------------------- tenders
    def tenders_table(self) -> Table:
        t = self.procurement
        return figure_table(
            "tenders",
            _("Tenders"),
            [
                (_("Published"), t["published"], INTEGER),
                (_("Closed for bids"), t["closed"], INTEGER),
                (_("Awarded"), t["awarded"], INTEGER),
                (_("Cancelled"), t["cancelled"], INTEGER),
                (_("Unsuccessful"), t["unsuccessful"], INTEGER),
                (_("Valid bids per closed tender"), t["bids_per_tender"], NUMBER),
                (_("Awarded value, KGS"), t["awarded_value"], MONEY),
                (
                    _("Estimated budget of the awarded tenders, KGS"),
                    t["estimated_value"],
                    MONEY,
                ),
                (
                    _("Awarded value against the estimate, %"),
                    share(t["awarded_value"], t["estimated_value"]),
                    PERCENT,
                ),
                (
                    _("Awards won by certified members, %"),
                    share(t["won_by_certified"], t["awards"]),
                    PERCENT,
                ),
                (
                    _("Median days from publication to award"),
                    t["median_days_to_award"],
                    NUMBER,
                ),
                (_("Contracts completed"), t["completed_contracts"], INTEGER),
                (
                    _("Average rating of completed contracts"),
                    t["average_rating"],
                    NUMBER,
                ),
            ],
            note=_(
                "Tenders of the region's municipalities or with work in the "
                "region. Awards: notices of intention to award in the period; "
                "certified: the winner held a certificate valid on that day."
            ),
        )

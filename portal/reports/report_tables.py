"""The report's red-flag, trend and region tables (a part of Report)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .tables import INTEGER, NUMBER, PERCENT, Column, Table


class SummaryTables:
    """Needs the report's period, scope, flags, trend and region_rows."""

    def flags_table(self) -> Table:
        return Table(
            "red_flags",
            _("Red flags"),
            [
                Column("name", _("Red flag"), link="url"),
                Column("indicator", _("OCP indicator")),
                Column("rule", _("Rule")),
                Column("checked", _("Tenders checked"), INTEGER),
                Column("flagged", _("Tenders flagged"), INTEGER),
            ],
            [
                {
                    "name": row["flag"].name,
                    "url": self.url(
                        "flag-tenders", row["flag"].code, query=self.period.querystring
                    ),
                    "indicator": row["flag"].indicator,
                    "rule": row["flag"].rule_text,
                    "checked": row["checked"],
                    "flagged": row["flagged"],
                }
                for row in self.flags["rows"]
            ],
            note=_(
                "A red flag is a reason to look closer, not a finding. "
                "Thresholds are settings of the portal."
            ),
        )

    # --------------------------------------------------------------- trends
    TREND_LABELS = {
        "tenders_published": _("Tenders published"),
        "awards": _("Awards"),
        "flagged": _("Tenders with a red flag"),
        "new_members": _("Applications accepted"),
        "certificates": _("Certificates issued"),
        "trainings": _("Trainings held"),
    }

    def trends_table(self) -> Table:
        quarters = self.trend["quarters"]
        return Table(
            "trends",
            _("Quarter by quarter"),
            [Column("quarter", _("Quarter"))]
            + [Column(key, label, INTEGER) for key, label in self.TREND_LABELS.items()],
            [
                {
                    "quarter": quarter.label,
                    **{key: self.trend[key][i] for key in self.TREND_LABELS},
                }
                for i, quarter in enumerate(quarters)
            ],
        )

    def regions_table(self) -> Table:
        query = self.period.querystring
        return Table(
            "regions",
            _("Regions"),
            [
                Column("region", _("Region"), link="url"),
                Column("members", _("Members"), INTEGER),
                Column("municipalities", _("Municipalities"), INTEGER),
                Column("members_per_100", _("Members per 100 municipalities"), NUMBER),
                Column("coverage", _("Municipalities served, %"), PERCENT),
                Column("tenders", _("Tenders published"), INTEGER),
                Column("flagged", _("Tenders with a red flag"), INTEGER),
            ],
            [
                {
                    **row,
                    "region": row["region"].name,
                    "code": row["region"].code,
                    "url": reverse("reports:report", args=[row["region"].code])
                    + f"?{query}",
                }
                for row in self.region_rows
            ],
        )

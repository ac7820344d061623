"""The reports' figures, precomputed (issue 16): the report pages sum a few
hundred of these rows instead of aggregating the tenders, bids and
consultants of the whole country on every request.

Rebuilt as a whole by `portal.reports.precomputed.refresh()` (Celery beat
every REPORTS_REFRESH_MINUTES, and `manage.py refresh_report_figures`), in
one transaction: readers see the previous figures until it commits. Never
written by anything else."""

from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_SCOPE = "all"


class Figure(models.Model):
    """A count (and a sum) for a region or the whole country ("all"): of the
    records of a day when `day` is set, else as of the refresh, or of the
    span of days `figure` names (each quarter and year: sums of days, tenders
    counted once, medians, red flags; precomputed/bundle_sql.py)."""

    scope = models.CharField(_("scope"), max_length=8)
    figure = models.CharField(_("figure"), max_length=80)
    day = models.DateField(_("day"), null=True)
    n = models.BigIntegerField(_("count"), default=0)
    amount = models.DecimalField(_("sum"), max_digits=22, decimal_places=4, null=True)

    class Meta:
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        indexes = [
            models.Index(
                fields=["scope", "figure", "day"],
                include=["n", "amount"],
                name="report_figure_lookup",
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.figure} {self.day or ''}: {self.n}"


class FigureEvent(models.Model):
    """One record behind a figure that sums of days cannot give (medians,
    tenders counted once whatever the number of their days, the awards the
    repeated-winner rule groups): `subject` is the tender's or the
    consultant's id, `value` a measure, `group_a`/`group_b` the
    municipality and the consultant of an award."""

    scope = models.CharField(_("scope"), max_length=8)
    figure = models.CharField(_("figure"), max_length=80)
    day = models.DateField(_("day"), null=True)
    subject = models.BigIntegerField(_("subject"))
    value = models.FloatField(_("value"), null=True)
    group_a = models.BigIntegerField(null=True)
    group_b = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("report figure record")
        verbose_name_plural = _("report figure records")
        indexes = [
            models.Index(
                fields=["scope", "figure", "day"],
                include=["subject", "value", "group_a", "group_b"],
                name="report_event_lookup",
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.figure} {self.day or ''}: {self.subject}"


class FiguresRefresh(models.Model):
    """When the figures were last rebuilt (one row a refresh, the latest
    counts)."""

    finished_at = models.DateTimeField(_("finished at"), db_index=True)
    seconds = models.FloatField(_("seconds"))

    class Meta:
        verbose_name = _("refresh of the report figures")
        verbose_name_plural = _("refreshes of the report figures")

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"

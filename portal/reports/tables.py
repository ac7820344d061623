"""Tables: what a report shows, exports and prints. A table holds raw
values (numbers, dates, text); pages format them, CSV and XLSX keep them."""

from dataclasses import dataclass, field

TEXT = "text"
INTEGER = "int"
NUMBER = "number"  # one decimal
PERCENT = "percent"
MONEY = "money"
DATE = "date"


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT
    link: str = ""  # the row key that holds this cell's address


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    note: str = ""
    total: int | None = None  # all rows, when `rows` is a preview
    more_url: str = ""

    @property
    def is_preview(self) -> bool:
        return self.total is not None and self.total > len(self.rows)

    def cells(self):
        """Rows as lists of (value, kind, href) for templates; a row may give
        its own kind for a column (figure tables mix counts and shares)."""
        for row in self.rows:
            yield [
                (
                    row.get(column.key),
                    row.get(f"{column.key}_kind") or column.kind,
                    row.get(column.link) or "" if column.link else "",
                )
                for column in self.columns
            ]

    def values(self):
        """Rows as lists of raw values, for exports."""
        for row in self.rows:
            yield [row.get(column.key) for column in self.columns]


def figure_table(slug: str, title: str, figures, note: str = "") -> Table:
    """A two-column table from (label, value, kind) rows."""
    from django.utils.translation import gettext_lazy as _

    return Table(
        slug,
        title,
        [Column("figure", _("Figure")), Column("value", _("Value"), NUMBER)],
        [
            {"figure": label, "value": value, "value_kind": kind}
            for label, value, kind in figures
        ],
        note=note,
    )

"""What the refresh counts: each figure is a query of the live rules (the
same conditions the figures modules use, over a period that holds every
record), with the day that places a record in a period and the regions it
counts for."""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Case,
    CharField,
    DateField,
    DecimalField,
    F,
    FloatField,
    Func,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat

from consultants.models import (
    MEMBER_STATUSES,
    Consultant,
    NetworkStatus,
    StatusChange,
)
from municipalities.models import Municipality
from procurement.models import (
    Amendment,
    Award,
    Complaint,
    Contract,
    Tender,
    TenderStatus,
)
from trainings.models import Certificate, CertificateEvent, CertificateStatus

from ..figures.coverage import served_q
from ..figures.flags import FLAGS_BY_CODE, late_amendment_q, upheld_q
from ..figures.network import _applied_through_portal
from ..figures.sql import Days, LocalDate
from ..figures.tenders import certified_on_award_date, closed_q, valid_bid_count
from ..figures.trainings import training_rows
from ..periods import CUSTOM, Period

# a period that holds every record: the rules' date conditions keep only
# records whose date is set
EVERYTHING = Period(CUSTOM, date(1900, 1, 1), date(2999, 12, 31))

# the flags counted day by day: each raised by a tender on one day (the
# day of the date its rule tests); the others need FigureEvent records
DAILY_FLAGS = {
    "single_bid": "submission_deadline",
    "short_submission": "published_at",
    "near_estimate": "award__notified_at",
    "lowest_not_awarded": "award__notified_at",
}
AWARD_DAY = "award__notified_at"


class Codes(Func):
    """A one-element array of region codes (a home region)."""

    template = "ARRAY[%(expressions)s]::varchar[]"
    output_field = ArrayField(CharField())


def text(value) -> Value:
    return Value(value, output_field=CharField())


@dataclass
class Spec:
    """A figure: `rows()` gives the records (the live rule applied), `day`
    places each in a period (None: as of the refresh), `codes` the regions
    it counts for; the national total ("all") counts each record once when
    `national`. For a Figure, `amount` is summed; for a FigureEvent,
    `subject`, `value`, `group_a`, `group_b` are kept."""

    figure: object  # a name, or an expression naming the figure per record
    rows: object
    day: object = None
    codes: object = "region_codes"
    amount: object = None
    national: bool = True
    subject: object = None
    value: object = None
    group_a: object = None
    group_b: object = None

    def queryset(self):
        figure = text(self.figure) if isinstance(self.figure, str) else self.figure
        codes = F(self.codes) if isinstance(self.codes, str) else self.codes
        columns = {
            "r_figure": figure,
            "r_day": self.day if self.day is not None else Value(None, DateField()),
            "r_codes": codes,
        }
        if self.subject is None:
            columns["r_amount"] = (
                self.amount
                if self.amount is not None
                else Value(None, DecimalField(max_digits=22, decimal_places=4))
            )
        else:
            columns.update(
                r_subject=self.subject,
                r_value=self.value
                if self.value is not None
                else Value(None, FloatField()),
                r_a=self.group_a
                if self.group_a is not None
                else Value(None, FloatField()),
                r_b=self.group_b
                if self.group_b is not None
                else Value(None, FloatField()),
            )
        return self.rows().order_by().annotate(**columns).values(*columns)


def _one_if(condition):
    """1 when the record meets the condition, else 0."""
    return Case(
        When(condition, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
    )


def day_of(field):
    return LocalDate(F(field))


def public_tenders():
    return Tender.objects.public()


def awards():
    return Award.objects.filter(tender__in=Tender.objects.public().values("pk"))


def members():
    return Consultant.objects.filter(status__in=MEMBER_STATUSES)


def _tender(figure, field, condition=None, amount=None):
    return Spec(
        figure,
        lambda: public_tenders().filter(EVERYTHING.datetime_q(field), condition or Q()),
        day=day_of(field),
        amount=amount,
    )


def _flag_events():
    specs = []
    for code, field in DAILY_FLAGS.items():
        flag = FLAGS_BY_CODE[code]
        specs.append(
            Spec(
                f"flag:{code}",
                lambda flag=flag: public_tenders().filter(flag.flagged_q(EVERYTHING)),
                day=day_of(field),
                subject=F("pk"),
            )
        )
    return specs


def _flags_checked():
    return [
        Spec(
            f"checked:{code}",
            lambda flag=FLAGS_BY_CODE[code]: public_tenders().filter(
                flag.checked_q(EVERYTHING)
            ),
            day=day_of(field),
        )
        for code, field in {**DAILY_FLAGS, "repeat_winner": AWARD_DAY}.items()
    ]


DAILY = [
    # tenders (of the regions in their region_codes)
    _tender("published", "published_at"),
    Spec(
        "closed",
        lambda: public_tenders().filter(closed_q(EVERYTHING)),
        day=day_of("submission_deadline"),
        amount=valid_bid_count(),
    ),
    _tender("awarded", AWARD_DAY),
    _tender("cancelled", "cancelled_at"),
    _tender("unsuccessful", "status_changed_at", Q(status=TenderStatus.UNSUCCESSFUL)),
    Spec(
        "awards",
        lambda: awards().filter(EVERYTHING.datetime_q("notified_at")),
        day=day_of("notified_at"),
        codes="tender__region_codes",
        amount=F("amount"),
    ),
    Spec(
        "awards_estimate",
        lambda: awards().filter(EVERYTHING.datetime_q("notified_at")),
        day=day_of("notified_at"),
        codes="tender__region_codes",
        amount=F("tender__estimated_budget"),
    ),
    Spec(
        "awards_certified",
        lambda: awards().filter(
            EVERYTHING.datetime_q("notified_at"), Q(certified_on_award_date())
        ),
        day=day_of("notified_at"),
        codes="tender__region_codes",
    ),
    Spec(
        "contracts",
        lambda: Contract.objects.filter(
            EVERYTHING.datetime_q("completed_at"),
            tender__in=Tender.objects.public().values("pk"),
        ),
        day=day_of("completed_at"),
        codes="tender__region_codes",
    ),
    Spec(
        "contracts_rated",
        lambda: Contract.objects.filter(
            EVERYTHING.datetime_q("completed_at"),
            rating__isnull=False,
            tender__in=Tender.objects.public().values("pk"),
        ),
        day=day_of("completed_at"),
        codes="tender__region_codes",
        amount=F("rating"),
    ),
    *_flags_checked(),
    # the network (consultants based in the region or serving it)
    Spec(
        "applications",
        lambda: Consultant.objects.filter(
            EVERYTHING.datetime_q("created_at"), _applied_through_portal()
        ),
        day=day_of("created_at"),
    ),
    Spec(
        Concat(text("decision:"), F("new_status"), output_field=CharField()),
        lambda: StatusChange.objects.filter(
            EVERYTHING.datetime_q("changed_at"),
            old_status=NetworkStatus.APPLICANT,
            new_status__in=[NetworkStatus.PROVISIONAL, NetworkStatus.DECLINED],
        ),
        day=day_of("changed_at"),
        codes="consultant__region_codes",
    ),
    # certificates (of members based in the region)
    Spec(
        "certificates",
        lambda: Certificate.objects.filter(EVERYTHING.date_q("issued_on")),
        day=F("issued_on"),
        codes=Codes(F("consultant__home_region_id")),
    ),
    Spec(
        "certificate_expires",
        lambda: Certificate.objects.filter(
            EVERYTHING.date_q("expires_on"), status=CertificateStatus.ACTIVE
        ),
        day=F("expires_on"),
        codes=Codes(F("consultant__home_region_id")),
    ),
    Spec(
        Concat(text("certificate:"), F("action"), output_field=CharField()),
        lambda: CertificateEvent.objects.filter(EVERYTHING.datetime_q("at")),
        day=day_of("at"),
        codes=Codes(F("certificate__consultant__home_region_id")),
    ),
]

SNAPSHOT = [
    Spec("members", members),
    Spec(
        "from_elsewhere",
        members,
        codes=Func(
            F("region_codes"),
            F("home_region_id"),
            function="array_remove",
            output_field=ArrayField(CharField()),
        ),
        national=False,
    ),
    Spec(
        Concat(text("status:"), F("status"), output_field=CharField()),
        lambda: Consultant.objects.all(),
    ),
    Spec(Concat(text("kind:"), F("kind"), output_field=CharField()), members),
    Spec(
        Concat(text("area:"), F("expertisearea_id"), output_field=CharField()),
        lambda: Consultant.expertise_areas.through.objects.filter(
            consultant__status__in=MEMBER_STATUSES
        ),
        codes="consultant__region_codes",
    ),
    Spec(
        Concat(
            text("area_certified:"), F("expertisearea_id"), output_field=CharField()
        ),
        lambda: Consultant.expertise_areas.through.objects.filter(
            consultant__status=NetworkStatus.CERTIFIED
        ),
        codes="consultant__region_codes",
    ),
    Spec(
        "municipalities",
        lambda: Municipality.objects.all(),
        codes=Codes(F("region_id")),
    ),
    Spec(
        "served",
        lambda: Municipality.objects.filter(served_q()),
        codes=Codes(F("region_id")),
    ),
    Spec(
        "certificates_suspended",
        lambda: Certificate.objects.filter(status=CertificateStatus.SUSPENDED),
        codes=Codes(F("consultant__home_region_id")),
    ),
]

EVENTS = [
    *_flag_events(),
    Spec(
        "award",
        lambda: awards().filter(EVERYTHING.datetime_q("notified_at")),
        day=day_of("notified_at"),
        codes="tender__region_codes",
        subject=F("tender_id"),
        value=Days(F("notified_at") - F("tender__published_at")),
        group_a=F("tender__municipality_id"),
        group_b=F("bid__consultant_id"),
    ),
    Spec(
        "amendment",
        lambda: Amendment.objects.filter(
            EVERYTHING.datetime_q("made_at"),
            tender__in=Tender.objects.public().values("pk"),
        ),
        day=day_of("made_at"),
        codes="tender__region_codes",
        subject=F("tender_id"),
        value=_one_if(late_amendment_q()),
    ),
    Spec(
        "complaint",
        lambda: Complaint.objects.filter(
            EVERYTHING.datetime_q("answered_at"),
            tender__in=Tender.objects.public().values("pk"),
        ),
        day=day_of("answered_at"),
        codes="tender__region_codes",
        subject=F("tender_id"),
        value=_one_if(upheld_q()),
    ),
    Spec(
        "decision",
        lambda: StatusChange.objects.filter(
            EVERYTHING.datetime_q("changed_at"),
            old_status=NetworkStatus.APPLICANT,
            new_status__in=[NetworkStatus.PROVISIONAL, NetworkStatus.DECLINED],
        ),
        day=day_of("changed_at"),
        codes="consultant__region_codes",
        subject=F("consultant_id"),
        value=Days(F("changed_at") - F("consultant__created_at")),
    ),
    Spec(
        "training",
        lambda: training_rows(EVERYTHING, None),
        day=F("start_date"),
        codes=Codes(F("region_id")),
        subject=F("pk"),
        value=F("registry"),
        group_a=F("completed"),
    ),
    Spec(
        "gap",
        lambda: Municipality.objects.filter(~served_q()),
        codes=Codes(F("region_id")),
        subject=F("pk"),
    ),
]

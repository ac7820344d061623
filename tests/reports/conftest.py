"""The hand-counted fixture: Talas region (KG-T, its register municipalities
set aside) in the second quarter of 2025. Every figure the tests expect is
counted in the docstrings below from these records alone."""

from datetime import date
from types import SimpleNamespace

import pytest

from consultants.models import NetworkStatus
from tests.accounts.factories import CoordinatorFactory
from tests.consultants.factories import ConsultantFactory, ExpertiseAreaFactory
from tests.municipalities.factories import region
from tests.trainings.factories import (
    ParticipantFactory,
    ProgrammeFactory,
    TrainingFactory,
    attend,
)

from . import builders as b

TODAY = date(2025, 6, 30)  # "today" for the snapshot figures of the fixture


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# regions whose municipalities the tests count by hand: the register's are
# removed inside each test's transaction (rolled back after it)
HAND_COUNTED = ("KG-T", "KG-B")


@pytest.fixture(autouse=True)
def _hand_counted_regions(db):
    from municipalities.models import Municipality, Place

    Place.objects.filter(municipality__region_id__in=HAND_COUNTED).delete()
    Municipality.objects.filter(region_id__in=HAND_COUNTED).update(successor=None)
    Municipality.objects.filter(region_id__in=HAND_COUNTED).delete()


@pytest.fixture
def talas_coordinator(db):
    user = CoordinatorFactory()
    user.coordinated_regions.add(region("KG-T"))
    return user


@pytest.fixture
def talas(db):
    """Talas, Q2 2025 (1 April – 30 June).

    Consultants (those serving KG-T): c1 certified, c2 provisional individual,
    c3 suspended, c4 provisional from Chüy serving KG-T, c5 applicant
    (applied in Q2), c6 declined (applied 10 Apr, declined 20 Apr), c7
    accepted (applied 1 May, accepted 21 May), c8 withdrawn.
    Municipalities: m1 (Talas district, c1 serves it), m2 (Manas district,
    c4 serves it), m3 (a town without district: c1 is based in KG-T), m4
    (Bakay-Ata district, only the suspended c3 serves it: a gap).
    """
    t = SimpleNamespace()
    area1 = ExpertiseAreaFactory(code="report-area-1")
    area2 = ExpertiseAreaFactory(code="report-area-2")
    talas, chuy = region("KG-T"), region("KG-C")
    t.m1 = b.municipality("KG-T", "Талас району")
    t.m2 = b.municipality("KG-T", "Манас району")
    t.m3 = b.municipality("KG-T", kind="town")
    t.m4 = b.municipality("KG-T", "Бакай-Ата району")
    t.chuy_m = b.municipality("KG-C", "Аламүдүн району")

    def consultant(status, **kwargs):
        kwargs.setdefault("home_region", talas)
        return ConsultantFactory(status=status, **kwargs)

    t.c1 = consultant(NetworkStatus.CERTIFIED, expertise_areas=[area1])
    t.c1.districts_served.add(t.m1.district)
    t.c2 = consultant(
        NetworkStatus.PROVISIONAL,
        kind="individual",
        legal_form="",
        expertise_areas=[area1, area2],
    )
    t.c3 = consultant(NetworkStatus.SUSPENDED)
    t.c3.districts_served.add(t.m4.district)
    t.c4 = consultant(NetworkStatus.PROVISIONAL, home_region=chuy)
    t.c4.regions_served.add(talas)
    t.c4.districts_served.add(t.m2.district)
    t.c5 = consultant(NetworkStatus.APPLICANT)
    type(t.c5).objects.filter(pk=t.c5.pk).update(created_at=b.at("2025-06-01"))
    t.c6 = consultant(NetworkStatus.DECLINED, decision_reason="Толук эмес")
    b.decision(t.c6, applied="2025-04-10", decided="2025-04-20", new_status="declined")
    t.c7 = consultant(NetworkStatus.PROVISIONAL)
    b.decision(
        t.c7, applied="2025-05-01", decided="2025-05-21", new_status="provisional"
    )
    t.c8 = consultant(NetworkStatus.WITHDRAWN)
    t.chuy_member = ConsultantFactory(home_region=chuy)

    # trainings: t1 held in Talas in Q2 (3 days, 2 needed, 4 others came):
    # c1 all 3 days, c2 1 day (+1 outside the dates), c7 2 days: 2 of 3
    # complete; t2 online and t3 in July do not count
    t.t1 = TrainingFactory(
        region_id="KG-T",
        start_date=date(2025, 5, 5),
        end_date=date(2025, 5, 7),
        required_days=2,
        external_participant_count=4,
    )
    attend(ParticipantFactory(training=t.t1, consultant=t.c1))
    attend(
        ParticipantFactory(training=t.t1, consultant=t.c2),
        [date(2025, 5, 5), date(2025, 5, 10)],
    )
    attend(
        ParticipantFactory(training=t.t1, consultant=t.c7),
        [date(2025, 5, 6), date(2025, 5, 7)],
    )
    TrainingFactory(
        region_id=None,
        is_online=True,
        start_date=date(2025, 5, 10),
        end_date=date(2025, 5, 10),
    )
    TrainingFactory(
        region_id="KG-T", start_date=date(2025, 7, 2), end_date=date(2025, 7, 3)
    )

    # certificates (holders based in Talas count): issued in Q2: cert1, cert3
    # (cert4's holder is from Chüy); expiring within 90 days of 30 June:
    # cert3; suspended now: cert2; suspended in Q2: cert2; revoked: cert5
    programme = ProgrammeFactory()
    t.cert1 = b.certificate(t.c1, programme, issued="2025-04-15", expires="2027-04-14")
    cert2 = b.certificate(
        t.c3,
        programme,
        issued="2024-01-01",
        expires="2025-08-01",
        status="suspended",
        status_reason="Текшерүү",
    )
    b.certificate_event(cert2, "suspended", "2025-05-03")
    b.certificate(t.c8, ProgrammeFactory(), issued="2025-06-01", expires="2025-09-15")
    b.certificate(t.c4, programme, issued="2025-06-01", expires="2027-05-31")
    cert5 = b.certificate(
        t.c2,
        ProgrammeFactory(),
        issued="2023-01-01",
        expires="2025-01-01",
        status="revoked",
        status_reason="Жалган маалымат",
    )
    b.certificate_event(cert5, "revoked", "2025-06-10")

    # tenders (see test_figures for the counts)
    t.ta = b.tender(t.m1, published="2025-04-01", deadline="2025-04-20",
                    status="completed")  # fmt: skip
    ta1 = b.bid(t.ta, t.c1, "95000", rank=1)
    b.bid(t.ta, t.c2, "99000", rank=2)
    b.contract(b.award(ta1, notified="2025-04-25"), completed="2025-06-20", rating=4)
    t.tb = b.tender(t.m1, published="2025-04-05", deadline="2025-04-12",
                    status="awarded", budget="200000",
                    selection_method="consultPrice")  # fmt: skip
    b.bid(t.tb, t.c2, "150000", rank=1)
    b.award(b.bid(t.tb, t.c7, "199000", rank=2), notified="2025-04-20")
    t.tc = b.tender(t.m2, published="2025-05-01", deadline="2025-05-20",
                    status="unsuccessful", budget="50000")  # fmt: skip
    type(t.tc).objects.filter(pk=t.tc.pk).update(status_changed_at=b.at("2025-05-20"))
    b.bid(t.tc, t.c1, "45000", qualified=None)
    b.withdrawn_bid(t.tc, t.c2, "44000")
    t.td = b.tender(t.m2, published="2025-05-02", deadline="2025-05-18",
                    status="awarded", budget="60000",
                    procurement_method="single_source")  # fmt: skip
    b.award(b.bid(t.td, t.c4, "40000", rank=1), notified="2025-05-25")
    t.te = b.tender(t.m1, published="2025-06-01", deadline="2025-06-20",
                    status="cancelled", cancel_reason="no_funds",
                    cancel_explanation="Каражат жок")  # fmt: skip
    type(t.te).objects.filter(pk=t.te.pk).update(cancelled_at=b.at("2025-06-05"))
    t.tf = b.tender(t.m1, published="2025-03-01", deadline="2025-04-02",
                    status="closed")  # fmt: skip
    b.bid(t.tf, t.c1, "90000", qualified=None)
    b.bid(t.tf, t.c2, "91000", qualified=None)
    b.amendment(t.tf, made="2025-03-30", old_deadline="2025-04-02")
    t.tg = b.tender(t.m2, published="2025-06-10", deadline="2025-07-10")
    b.amendment(t.tg, made="2025-06-15", old_deadline="2025-06-25")
    b.amendment(t.tg, made="2025-06-28", old_deadline="2025-07-01", number=2)
    t.th = b.tender(t.m1, published="2025-04-02", deadline="2025-04-22",
                    status="evaluated")  # fmt: skip
    b.bid(t.th, t.c1, "80000", rank=1)
    b.complaint(b.bid(t.th, t.c2, "85000", rank=2), answered="2025-05-02",
                decision="upheld")  # fmt: skip
    t.ti = b.tender(t.m2, published="2025-04-03", deadline="2025-04-23",
                    status="evaluated")  # fmt: skip
    b.bid(t.ti, t.c1, "80000", rank=1)
    b.complaint(b.bid(t.ti, t.c7, "85000", rank=2), answered="2025-05-01",
                decision="rejected")  # fmt: skip
    t.tj = b.tender(t.m1, published="2025-05-20", deadline="2025-06-05",
                    status="contract_signed")  # fmt: skip
    tj1 = b.bid(t.tj, t.c1, "90000", rank=1)
    b.bid(t.tj, t.c2, "93000", rank=2)
    b.contract(b.award(tj1, notified="2025-06-15"), completed="2025-07-05", rating=5)
    # a Chüy municipality's tender with work in Talas counts for Talas
    t.tk = b.tender(t.chuy_m, published="2025-04-10", deadline="2025-04-30",
                    regions=[talas])  # fmt: skip
    # and one without does not
    t.tl = b.tender(t.chuy_m, published="2025-04-11", deadline="2025-05-01")
    return t

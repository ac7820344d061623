"""Races (issue 15, Faults): fifty real parallel requests against a live
server (pytest-django's, threaded: every request in its own thread with its own
database connection, through middleware, CSRF, the view and the service), and
what must happen once happens once: one bid however often one consultant
submits, one award, one publication, one choice of a consultation offer, one
final set of a committee member's scores; bids racing the deadline accepted
before it and refused after it; draft files uploaded, attached and removed in
parallel never lose a stored file nor leave one behind.

The two-way versions and the service-level deadline checks are in
tests/procurement/test_concurrency.py."""

import hashlib
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import requests
import time_machine
from django.conf import settings
from django.db import transaction

from consultations.models import ConsultationRequest
from portal.outbox.models import Event
from procurement import crypto, services
from procurement.files import check_upload
from procurement.models import (
    Award,
    Bid,
    BidDraftFile,
    BidFile,
    BidReceipt,
    CommitteeMember,
    TechnicalScore,
    Tender,
    TenderStatus,
)
from tests.attack.live import (
    CSRF_SECRET,
    Browser,
    start_server,
    statuses,
    together,
    url,
)
from tests.consultations.factories import member, offer, send, staff
from tests.municipalities.factories import StaffMembershipFactory
from tests.procurement.factories import (
    PDF_BYTES,
    TenderFactory,
    bid_content,
    certified_consultant,
    pdf_upload,
    published_tender,
    tender_at_status,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,
]

N = 50
DEADLINE_BIDDERS = 30


@pytest.fixture(scope="module")
def server():
    thread = start_server()
    yield thread
    thread.terminate()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories set a password on every user; hashing it properly is slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def events(topic):
    return Event.objects.filter(topic=topic).count()


def bid_form(price, **extra):
    return {
        "technical_proposal": "Катышуучулук методология.",
        "proposed_team": "Асан — жетекчи",
        "price": str(price),
        "conflict_of_interest_declared": "on",
        **extra,
    }


def referenced_files() -> set:
    """The stored names every bid file and draft row refers to."""
    return {
        *BidFile.objects.values_list("file", flat=True),
        *BidDraftFile.objects.values_list("file", flat=True),
    }


def stored_files() -> set:
    root = Path(settings.MEDIA_ROOT) / "procurement" / "bids"
    if not root.exists():
        return set()
    return {f"procurement/bids/{p.name}" for p in root.iterdir()}


def one_consultant_fifty_submissions(live_server):
    tender = published_tender()
    consultant = certified_consultant()
    browser = Browser(live_server, consultant.user)
    prices = [Decimal(100000 + i) for i in range(N)]
    path = url("procurement:bid-submit", tender.pk)

    codes = statuses(
        together([lambda p=p: browser.post(path, bid_form(p)) for p in prices])
    )
    assert codes == [302] * N  # each one received, one after the other
    bid = Bid.objects.get(tender=tender)
    assert bid.consultant == consultant
    receipts = list(BidReceipt.objects.filter(bid=bid).order_by("created_at", "id"))
    assert [r.kind for r in receipts] == ["submitted"] + ["updated"] * (N - 1)
    # the bid holds one of the prices sent, the one of the last receipt
    assert crypto.unseal_price(bid.sealed_price) in prices

    # the API's "submit" (a new bid only): fifty at once, one is taken
    other = certified_consultant()
    api = Browser(live_server, other.user)
    body = {
        "technical_proposal": "Методология.",
        "proposed_team": "Асан",
        "conflict_of_interest_declared": "true",
    }
    calls = [
        lambda p=p: requests.post(
            f"{api.base}/api/v1/tenders/{tender.pk}/bids/",
            data={**body, "price": str(p)},
            cookies=api.cookies,
            headers={"X-CSRFToken": CSRF_SECRET},
            timeout=180,
        )
        for p in prices
    ]
    codes = statuses(together(calls))
    assert codes.count(201) == 1, codes
    assert all(400 <= c < 500 for c in codes if c != 201), codes
    assert Bid.objects.filter(tender=tender, consultant=other).count() == 1


def fifty_awards_and_fifty_publications(live_server):
    manager = StaffMembershipFactory().user
    tender, _bids = tender_at_status(TenderStatus.EVALUATED, staff=manager)
    draft = TenderFactory(municipality=manager.staff_membership.municipality)
    browser = Browser(live_server, manager)
    awarded, published = events("tender.award_intended"), events("tender.published")

    award = url("procurement:tender-award", tender.pk)
    publish = url("procurement:tender-publish", draft.pk)
    # one wave at a time: the test server allows 100 database connections
    for path in (award, publish):
        codes = statuses(
            together([lambda p=path: browser.post(p, {"confirmed": "1"})] * N)
        )
        assert codes == [302] * N

    assert Award.objects.filter(tender=tender).count() == 1
    assert Tender.objects.get(pk=tender.pk).status == TenderStatus.AWARD_PENDING
    assert events("tender.award_intended") == awarded + 1
    draft.refresh_from_db()
    assert draft.status == TenderStatus.PUBLISHED
    assert events("tender.published") == published + 1
    assert draft.releases.count() == 1


def test_bids_racing_the_deadline(server):
    """Thirty consultants send their bids from three seconds before the deadline
    to one second after it: those received before it count, the others are refused,
    nothing in between."""
    tender = published_tender()
    consultants = [certified_consultant() for _ in range(DEADLINE_BIDDERS)]
    path = url("procurement:bid-submit", tender.pk)
    deadline = tender.submission_deadline
    # sent from three seconds before the deadline to one second after it (a
    # loaded machine still gets the first ones in before it)
    delays = [4.0 * i / DEADLINE_BIDDERS for i in range(DEADLINE_BIDDERS)]
    # signed in shortly before: a session from today would have expired
    with time_machine.travel(deadline - timedelta(minutes=5), tick=False):
        browsers = [Browser(server, c.user) for c in consultants]
    with time_machine.travel(deadline - timedelta(seconds=3), tick=True):
        codes = statuses(
            together(
                [lambda b=b: b.post(path, bid_form(400000)) for b in browsers],
                delays=delays,
            )
        )
    receipts = list(BidReceipt.objects.filter(bid__tender=tender))
    bids = Bid.objects.filter(tender=tender)
    assert len(receipts) == bids.count() == len({b.consultant_id for b in bids})
    assert all(r.created_at < deadline for r in receipts)
    assert all(b.submitted_at < deadline for b in bids)
    assert 0 < len(receipts) < DEADLINE_BIDDERS, "some before, some after"
    # accepted: redirected to the bid; refused: the form again with the reason
    assert codes.count(302) == len(receipts)
    assert codes.count(200) == DEADLINE_BIDDERS - len(receipts)


def committee_members_submitting_at_once(live_server):
    """Fifty submissions shared by the three members, each with other
    scores: every member ends with one submission, all of its scores from
    one of their requests, never a mix."""
    manager = StaffMembershipFactory().user
    tender, bids = tender_at_status(TenderStatus.OPENED, staff=manager)
    members = list(CommitteeMember.objects.filter(tender=tender))
    for seat in members:
        services.committee_declare(member=seat, by=seat.user, no_conflict=True)
    criteria = list(tender.criteria.all())
    browsers = {seat.pk: Browser(live_server, seat.user) for seat in members}
    path = url("procurement:tender-evaluate", tender.pk)

    def scores(value):
        return {
            f"score_{bid.pk}_{criterion.pk}": str(value)
            for bid in bids
            for criterion in criteria
        }

    calls = []
    for i in range(N):
        seat = members[i % len(members)]
        data = {**scores(40 + i), "submit": "1", "confirmed": "1"}
        calls.append(lambda b=browsers[seat.pk], d=data: b.post(path, d))
    codes = statuses(together(calls))
    # the first of each member's goes in; the others get the form again with
    # the refusal, or (once the seat has submitted) are sent back
    assert set(codes) <= {200, 302}, codes
    for seat in members:
        seat.refresh_from_db()
        assert seat.submitted_at is not None
        given = TechnicalScore.objects.filter(member=seat)
        assert given.count() == len(bids) * len(criteria)
        assert len(set(given.values_list("score", flat=True))) == 1


def fifty_choices_of_a_consultation_offer(live_server):
    asker = staff()
    members = [member() for _ in range(5)]
    request_ = send(asker, members)
    offers = [offer(request_, m) for m in members]
    browser = Browser(live_server, asker)
    agreed = events("consultation.agreed")
    path = url("consultations:request-agree", request_.pk)
    chosen = [offers[i % len(offers)].pk for i in range(N)]
    calls = [lambda r=r: browser.post(path, {"recipient": r}) for r in chosen]
    assert statuses(together(calls)) == [302] * N
    request_ = ConsultationRequest.objects.get(pk=request_.pk)
    assert request_.status == "agreed"
    assert request_.chosen_id in {o.pk for o in offers}
    assert events("consultation.agreed") == agreed + 1


def fifty_draft_uploads_then_attach_and_remove(live_server):
    """Fifty failed submissions, each with a PDF, keep fifty drafts; then
    twenty-five submissions (which attach every draft they were shown) race
    twenty-five removals of every draft: no stored file is lost, none is left
    without its row."""
    tender = published_tender()
    consultant = certified_consultant()
    browser = Browser(live_server, consultant.user)
    path = url("procurement:bid-submit", tender.pk)

    def upload(i):
        pdf = pdf_upload(f"plan-{i}.pdf")
        return browser.post(
            path,
            bid_form("", technical_proposal=f"Вариант {i}"),  # no price: refused
            files={"technical_files": (pdf.name, pdf.read(), "application/pdf")},
        )

    codes = statuses(together([lambda i=i: upload(i) for i in range(N)]))
    assert codes == [200] * N  # the form again, the file kept
    drafts = list(BidDraftFile.objects.filter(tender=tender, consultant=consultant))
    assert len(drafts) == N
    assert {d.file.name for d in drafts} <= stored_files() == referenced_files()
    for draft in drafts:
        with draft.file.open("rb") as handle:
            plain = crypto.decrypt(handle.read())
        assert (
            hashlib.sha256(plain).hexdigest()
            == draft.sha256
            == (hashlib.sha256(PDF_BYTES).hexdigest())
        )

    ids = [str(d.pk) for d in drafts]
    submit = [lambda p=p: browser.post(path, bid_form(p)) for p in range(1000, 1025)]
    remove = [
        lambda: browser.post(path, bid_form("", remove_drafts=ids))
        for _ in range(N // 2)
    ]
    statuses(together([x for pair in zip(submit, remove, strict=True) for x in pair]))

    files = list(BidFile.objects.filter(bid__tender=tender))
    left = list(BidDraftFile.objects.filter(tender=tender))
    for stored in [*files, *left]:
        with stored.file.open("rb") as handle:  # still there
            assert hashlib.sha256(crypto.decrypt(handle.read())).hexdigest() == (
                stored.sha256
            )
    assert stored_files() == referenced_files()
    assert len(files) + len(left) <= N


def a_removal_waiting_for_an_attaching_bid():
    """The interleaving behind the test above, made certain: a submission
    takes a draft over (the bid file owns its stored name) and holds its
    transaction open while the bidder's other tab removes that draft."""
    tender = published_tender()
    consultant = certified_consultant()
    (draft,) = services.bid_drafts_keep(
        tender=tender,
        consultant=consultant,
        files=(("technical", check_upload(pdf_upload())),),
    )
    attached = threading.Event()

    def submit():
        with transaction.atomic():
            receipt = services.bid_submit(
                tender=tender,
                consultant=consultant,
                content=bid_content(draft_ids=(draft.pk,)),
            )
            attached.set()
            time.sleep(0.5)  # the removal is now waiting for the draft row
        return receipt

    def remove():
        attached.wait(timeout=10)
        return services.bid_drafts_remove(
            tender=tender, consultant=consultant, ids=[draft.pk]
        )

    receipt, removed = together([submit, remove])
    assert isinstance(receipt, BidReceipt), receipt
    assert removed == 0
    (bid_file,) = BidFile.objects.filter(bid__tender=tender)
    assert bid_file.file.name == draft.file.name
    assert services.bid_file_content(bid_file) == PDF_BYTES


# Each test pays the transactional set-up (about 20 s: the reference data
# reloaded), so the scenarios share three tests.


def test_one_bidder_at_once(server):
    """Fifty submissions of one consultant's bid (pages and API), fifty
    draft uploads, then attaching and removing them at once."""
    a_removal_waiting_for_an_attaching_bid()
    one_consultant_fifty_submissions(server)
    fifty_draft_uploads_then_attach_and_remove(server)


def test_what_happens_once_happens_once(server):
    """Awards, publications, committee scores and consultation choices."""
    fifty_awards_and_fifty_publications(server)
    committee_members_submitting_at_once(server)
    fifty_choices_of_a_consultation_offer(server)

"""Real parallel submissions, each thread with its own database connection:
what must happen once never happens twice."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from portal.errors import DomainError
from procurement import services
from procurement.models import Award, Bid, BidReceipt, Tender, TenderStatus
from tests.procurement.factories import (
    bid_content,
    certified_consultant,
    published_tender,
    tender_at_status,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_parallel(*functions):
    """Start the functions together; return each one's result or exception."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_submissions_by_one_consultant_make_one_bid():
    tender = published_tender()
    consultant = certified_consultant()

    def submit(price):
        return lambda: services.bid_submit(
            tender=tender, consultant=consultant, content=bid_content(price)
        )

    results = run_parallel(submit("100000"), submit("200000"))
    assert all(isinstance(r, BidReceipt) for r in results), results
    assert Bid.objects.filter(tender=tender, consultant=consultant).count() == 1
    kinds = sorted(r.kind for r in results)
    assert kinds == ["submitted", "updated"]  # the second changed the same bid


def test_database_refuses_a_second_bid_row():
    tender = published_tender()
    consultant = certified_consultant()
    sealed = b"x"

    def insert():
        with transaction.atomic():
            return Bid.objects.create(
                tender=tender,
                consultant=consultant,
                technical_proposal="t",
                proposed_team="p",
                conflict_of_interest_declared=True,
                sealed_price=sealed,
            )

    results = run_parallel(insert, insert)
    assert sum(isinstance(r, Bid) for r in results) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 1


def test_two_awards_never_both_succeed():
    tender, _ = tender_at_status(TenderStatus.EVALUATED)

    def award():
        return services.tender_award(tender=Tender.objects.get(pk=tender.pk), by=None)

    results = run_parallel(award, award)
    assert sum(isinstance(r, Award) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert Award.objects.filter(tender=tender).count() == 1


def test_bid_waiting_for_the_lock_is_refused_once_the_deadline_passes():
    """The deadline is checked after the tender row is locked: a bid that
    arrives a moment before the deadline but gets the lock after it is out."""
    tender = published_tender()
    consultant = certified_consultant()
    locked = threading.Event()
    with time_machine.travel(
        tender.submission_deadline - timedelta(seconds=1), tick=False
    ) as traveller:

        def holder():
            with transaction.atomic():
                Tender.objects.select_for_update().get(pk=tender.pk)
                locked.set()
                time.sleep(0.5)  # the bid below is now waiting for the lock
                traveller.move_to(tender.submission_deadline)
            return "released"

        def bid():
            locked.wait(timeout=10)
            return services.bid_submit(
                tender=tender, consultant=consultant, content=bid_content()
            )

        results = run_parallel(holder, bid)
    assert results[0] == "released"
    assert isinstance(results[1], DomainError), results
    assert not Bid.objects.filter(tender=tender).exists()


def test_bids_racing_the_closing():
    """Bids sent around the deadline while beat closes the tender: every bid
    either got a receipt before the deadline and counts, or was refused."""
    tender = published_tender()
    consultants = [certified_consultant() for _ in range(4)]
    deadline = tender.submission_deadline

    def bid(consultant, delay):
        def run():
            time.sleep(delay)
            return services.bid_submit(
                tender=tender, consultant=consultant, content=bid_content()
            )

        return run

    def closer():
        for _ in range(100):
            try:
                return services.tender_close(tender=tender)
            except DomainError:
                time.sleep(0.02)
        return None

    with time_machine.travel(deadline - timedelta(milliseconds=150), tick=True):
        results = run_parallel(
            closer, *(bid(c, i * 0.1) for i, c in enumerate(consultants))
        )
    closed = Tender.objects.get(pk=tender.pk)
    assert closed.status in (TenderStatus.CLOSED, TenderStatus.UNSUCCESSFUL)
    receipts = [r for r in results[1:] if isinstance(r, BidReceipt)]
    refused = [r for r in results[1:] if isinstance(r, DomainError)]
    assert len(receipts) + len(refused) == len(consultants)
    assert refused, "at least one bid arrived after the deadline"
    assert all(r.created_at < deadline for r in receipts)
    assert Bid.objects.filter(tender=tender).count() == len(receipts)
    assert closed.status_changed_at >= deadline

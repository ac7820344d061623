import logging
import time

from celery import shared_task
from django.core.cache import cache

from .services import outbox_dispatch, outbox_purge

log = logging.getLogger(__name__)


# Kicks are coalesced: while a kick is queued and its dispatch has not started,
# further events ask for none (one dispatch delivers them all). The dispatch
# clears the flag before it reads the pending events, so an event committed
# after that kicks again; if the queued kick is lost, the flag expires and
# beat's periodic dispatch delivers meanwhile.
KICK_PENDING_KEY = "outbox:kick-pending"
KICK_PENDING_SECONDS = 30


@shared_task(name="portal.outbox.tasks.dispatch", ignore_result=True)
def dispatch():
    cache.delete(KICK_PENDING_KEY)
    return outbox_dispatch()


@shared_task(name="portal.outbox.tasks.daily", ignore_result=True)
def daily():
    """Daily housekeeping; apps connect their date-driven work to this signal."""
    from .signals import daily_tick

    outbox_purge()
    daily_tick.send(sender=None)


# After a failed kick, skip the broker for this long: a frozen broker then costs
# one timeout (CELERY_BROKER_SOCKET_TIMEOUT) per process per pause, not one per
# request.
KICK_PAUSE_SECONDS = 10
_kick_paused_until = 0.0


def kick():
    """Ask a worker to dispatch now. Never blocks a request for long: the
    broker's socket timeouts bound the attempt, nothing is retried, and if the
    broker is unreachable, beat's periodic dispatch delivers the event later."""
    global _kick_paused_until
    if time.monotonic() < _kick_paused_until:
        return
    # True also when the cache is unreachable: then every event kicks
    if not cache.add(KICK_PENDING_KEY, 1, KICK_PENDING_SECONDS):
        return
    try:
        dispatch.apply_async(retry=False, ignore_result=True)
    except Exception as exc:  # noqa: BLE001
        _kick_paused_until = time.monotonic() + KICK_PAUSE_SECONDS
        cache.delete(KICK_PENDING_KEY)
        log.warning("outbox kick skipped: %s", exc)

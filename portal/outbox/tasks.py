import logging
import time

from celery import shared_task

from .services import outbox_dispatch, outbox_purge

log = logging.getLogger(__name__)


@shared_task(name="portal.outbox.tasks.dispatch", ignore_result=True)
def dispatch():
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
    try:
        dispatch.apply_async(retry=False, ignore_result=True)
    except Exception as exc:  # noqa: BLE001
        _kick_paused_until = time.monotonic() + KICK_PAUSE_SECONDS
        log.warning("outbox kick skipped: %s", exc)

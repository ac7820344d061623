import logging

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


def kick():
    """Ask a worker to dispatch now. Never blocks a request for long: if the
    broker is unreachable, beat's periodic dispatch delivers the event later."""
    try:
        dispatch.apply_async(retry=False, ignore_result=True)
    except Exception as exc:  # noqa: BLE001
        log.info("outbox kick skipped: %s", exc)

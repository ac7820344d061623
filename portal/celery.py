import functools
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@functools.cache
def _redis():
    from django.conf import settings
    from redis import Redis

    return Redis.from_url(settings.REDIS_URL)


@app.task(name="portal.ping", ignore_result=True)
def ping(counter: str = "") -> None:
    """A trivial task: `make bench` measures Celery's own rate with it (one
    counter increment in Redis, over a kept connection, so that the bench
    sees it done)."""
    if counter:
        _redis().incr(counter)

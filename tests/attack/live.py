"""A live server for fifty clients at once and the clients: signed-in
"browsers" that post forms with a CSRF token, and a way to start calls
together (tests/attack/test_races.py)."""

import threading
import time

import requests
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import translation

# the CSRF secret this test's "browsers" hold in their cookie and send back
CSRF_SECRET = "racesracesracesracesracesraces12"


class _Server(ThreadedWSGIServer):
    # fifty connections at once: the default backlog (10) resets the rest
    request_queue_size = 256


class _ServerThread(LiveServerThread):
    server_class = _Server


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


class Browser:
    """A signed-in user's browser: the session cookie and a CSRF cookie."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base = live_server.url
        self.cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[
                settings.SESSION_COOKIE_NAME
            ].value,
            settings.CSRF_COOKIE_NAME: CSRF_SECRET,
        }

    def post(self, path, data, files=None):
        return requests.post(
            self.base + path,
            data={**data, "csrfmiddlewaretoken": CSRF_SECRET},
            files=files,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=180,
        )


def together(calls, *, delays=None):
    """Run the calls at once (each after its delay, if given), each in its own
    thread; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            if delays:
                time.sleep(delays[index])
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def statuses(responses):
    """Every answer a response, none a 5xx; their status codes."""
    assert not [r for r in responses if isinstance(r, Exception)], responses
    codes = [r.status_code for r in responses]
    assert not [c for c in codes if c >= 500], codes
    return codes


def start_server() -> "_ServerThread":
    """A threaded live server like pytest-django's, with a listen backlog for
    fifty clients at once. Every request runs in a thread of its own with its
    own database connection, closed after the request; stop it with
    terminate()."""
    thread = _ServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    thread.url = f"http://127.0.0.1:{thread.port}"
    return thread

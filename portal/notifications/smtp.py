"""Sending a batch over one SMTP connection while each message is marked sent
in PostgreSQL, without waiting for the mark on the critical path and without
widening the duplicate window.

The message k+1 is prepared on the SMTP connection (MAIL, RCPT, DATA) while
the mark of message k commits on a connection of its own; its final "." (the
moment the server accepts it) is sent only once the mark of k has committed.
So at any time at most one message is accepted and not yet marked: a worker
killed there sends exactly that one again, with the same Message-ID.
"""

from __future__ import annotations

import queue
import re
import smtplib
import threading

from django.db import connection as db_connection
from django.utils import timezone

from .models import Status

_LEADING_DOT = re.compile(rb"(?m)^\.")


def mark_sent(pk: int) -> None:
    """One plain statement, committed on its own."""
    with db_connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_notification SET status = %s, sent_at = %s, "
            "attempts = attempts + 1, last_error = '' WHERE id = %s",
            [Status.SENT, timezone.now(), pk],
        )


class MarkFailed(Exception):
    """A message was accepted but could not be marked sent: the batch stops
    (that message will be sent again)."""


class Marker:
    """Marks notifications sent, one at a time, on a thread (and database
    connection) of its own; `wait()` returns once the last mark committed.
    Inside a transaction (the test suite's), a mark from another connection
    would not see the rows: it then marks inline."""

    def __init__(self):
        self.inline = db_connection.in_atomic_block
        self._idle = threading.Event()
        self._idle.set()
        self._error: BaseException | None = None
        if not self.inline:
            self._queue: queue.Queue = queue.Queue()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def mark(self, pk: int) -> None:
        if self.inline:
            mark_sent(pk)
            return
        self._idle.clear()
        self._queue.put(pk)

    def wait(self) -> None:
        self._idle.wait()
        if self._error is not None:
            raise MarkFailed(str(self._error)) from self._error

    def close(self) -> None:
        if not self.inline:
            self._queue.put(None)
            self._thread.join()
        self.wait()

    def _run(self) -> None:
        try:
            while (pk := self._queue.get()) is not None:
                try:
                    mark_sent(pk)
                except BaseException as exc:  # noqa: BLE001 - raised by wait()
                    self._error = exc
                finally:
                    self._idle.set()
        finally:
            db_connection.close()


def send_raw(smtp: smtplib.SMTP, *, sender: str, to: str, raw: bytes, before_accept):
    """Send one message (bytes with CRLF line ends) as smtplib's sendmail
    does, calling `before_accept()` right before the final "." that makes the
    server accept it."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = smtp.rcpt(to)
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
    code, reply = smtp.docmd("data")
    if code != 354:
        smtp.rset()
        raise smtplib.SMTPDataError(code, reply)
    before_accept()
    data = _LEADING_DOT.sub(b"..", raw)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    smtp.send(data + b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)

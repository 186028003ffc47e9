"""queue_mail() sends after the transaction commits, so a rolled-back change sends nothing.

With SMTP configured, committed mail is handed to a background thread (one per process, with a
bounded queue) that talks to the server, so no request waits for it: a password-reset or
confirmation request for an existing account would otherwise take the SMTP round trip longer
than one for an unknown email, telling by timing what the page does not say. The thread empties
its queue when the process exits. The outbox folder (development, tests) is written at once.
"""
import atexit
import logging
import os
import queue
import re
import smtplib
import threading
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)
_PENDING_KEY = "curbside_pending_mail"
LINK_PATTERN = re.compile(r"https?://\S+")
QUEUE_SIZE = 1000  # messages waiting for the SMTP server; past it new ones are dropped and logged
EXIT_FLUSH_SECONDS = 20  # within gunicorn's graceful_timeout (30 s)


def absolute_url(endpoint, **values):
    """A link for an email (on the forum's public address), also from a CLI command (seeding,
    imports, the weekly summary) run outside any request."""
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context():
        return base + url_for(endpoint, **values)


def queue_mail(to, subject, template, *, headers=None, **context):
    """Render `templates/mail/<template>.txt` now; deliver only if the session commits.
    `headers` adds header fields (e.g. List-Unsubscribe) with values the forum makes."""
    body = render_template(f"mail/{template}.txt", **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="curbside.invalid")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    session = db.session()
    session.info.setdefault(_PENDING_KEY, []).append(
        (current_app._get_current_object(), message)
    )
    return message


def deliver(app, message):
    """SMTP: queue for the background courier (returns at once). Outbox: write the file now."""
    if app.config.get("MAIL_SERVER"):
        courier.submit(app, message)
    else:
        _write_outbox(app, message)


class Courier:
    """A daemon thread that sends queued messages one by one through `_send_smtp`.

    Started on first use in each process (a forked worker starts its own). A failure is logged
    with the recipient and subject only: never the body, which holds sign-in and reset links.
    """

    def __init__(self, maxsize: int = QUEUE_SIZE):
        self._maxsize = maxsize
        self._queue = queue.Queue(maxsize)
        self._lock = threading.Lock()
        self._thread = None
        self._pid = None

    def submit(self, app, message) -> None:
        self._ensure_running()
        try:
            self._queue.put_nowait((app, message))
        except queue.Full:
            log.error("Mail queue full (%d waiting for the SMTP server): dropped mail to %s: %s",
                      self._maxsize, message["To"], message["Subject"])

    def _ensure_running(self) -> None:
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
                return
            if self._pid != os.getpid():  # a fork copies the queue but not the thread
                self._queue = queue.Queue(self._maxsize)
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="curbside-mail", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            app, message = self._queue.get()
            try:
                _send_smtp(app, message)
            except Exception as exc:  # the next message may well go through
                log.error("Could not deliver mail to %s: %s (%s: %s)", message["To"], message["Subject"],
                          type(exc).__name__, exc)
            finally:
                self._queue.task_done()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued message was sent or failed; False if `timeout` ran out first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    def waiting(self) -> int:
        return self._queue.unfinished_tasks


courier = Courier()


@atexit.register
def _flush_at_exit() -> None:
    if courier._pid == os.getpid() and not courier.flush(EXIT_FLUSH_SECONDS):
        log.error("Process exiting with %d mail(s) not yet accepted by the SMTP server.", courier.waiting())


def _send_smtp(app, message):
    cfg = app.config
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    log.info("Mail sent to %s: %s", message["To"], message["Subject"])


def _write_outbox(app, message):
    outbox = Path(app.config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    links = LINK_PATTERN.findall(message.get_content())
    log.info("Mail to %s written to %s: %s %s", message["To"], path, message["Subject"],
             " ".join(links))


@event.listens_for(Session, "after_commit")
def _send_after_commit(session):
    pending = session.info.pop(_PENDING_KEY, [])
    for app, message in pending:
        try:
            deliver(app, message)
        except Exception:  # mail trouble must not turn a saved change into an error page
            log.exception("Could not deliver mail to %s: %s", message["To"], message["Subject"])


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session):
    session.info.pop(_PENDING_KEY, None)


def read_outbox(outbox_dir):
    """Messages in an outbox folder, oldest first (used by tests and the demo)."""
    from email import policy
    from email.parser import BytesParser

    paths = sorted(Path(outbox_dir).glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in paths]

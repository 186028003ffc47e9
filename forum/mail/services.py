"""queue_mail() sends after the transaction commits, so a rolled-back change sends nothing."""
import logging
import re
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)
_PENDING_KEY = "curbside_pending_mail"
LINK_PATTERN = re.compile(r"https?://\S+")


def queue_mail(to, subject, template, **context):
    """Render `templates/mail/<template>.txt` now; deliver only if the session commits."""
    body = render_template(f"mail/{template}.txt", **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="curbside.invalid")
    message.set_content(body)
    session = db.session()
    session.info.setdefault(_PENDING_KEY, []).append(
        (current_app._get_current_object(), message)
    )
    return message


def deliver(app, message):
    if app.config.get("MAIL_SERVER"):
        _send_smtp(app, message)
    else:
        _write_outbox(app, message)


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

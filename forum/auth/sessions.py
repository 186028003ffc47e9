"""Server-side login sessions: the cookie holds a random token whose hash is a row here."""
import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask import current_app, session
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from forum.auth.models import User, UserSession
from forum.extensions import db
from forum.timeutil import utcnow

TOUCH_INTERVAL = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, ip_address: str | None, user_agent: str | None) -> str:
    """Create the row for a new login and return the token for the cookie (flushes)."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(
        token_hash=_hash(token), user_id=user.id,
        ip_address=(ip_address or "")[:45] or None, user_agent=(user_agent or "")[:255] or None,
    ))
    db.session.flush()
    user.session_token = token
    return token


def _expired(row: UserSession, now) -> bool:
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    maximum = timedelta(days=current_app.config["SESSION_MAX_DAYS"])
    return row.last_seen_at + idle < now or row.created_at + maximum < now


def resume_session(token: str):
    """(row, user) for a live session token, else None. Expired rows are deleted; activity is
    recorded at most once a minute so reading pages does not write on every request."""
    if not token:
        return None
    row = db.session.scalar(_session_by_token(), {"token_hash": _hash(token)})
    if row is None:
        return None
    now = utcnow()
    user = row.user
    if _expired(row, now) or not user.is_active:
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    return row, user


@cache
def _session_by_token():
    """The one query every signed-in request runs: built once, the token hash a parameter."""
    return (select(UserSession).where(UserSession.token_hash == bindparam("token_hash"))
            .options(joinedload(UserSession.user)))


def fresh_cookie_session() -> None:
    """Empty the signed cookie's own data (the form-token secret, flashes, a half-finished
    login) as an account signs in or out, so nothing set in this browser before carries over:
    not an earlier user's form tokens, nor a cookie an attacker planted to know them."""
    session.clear()


def end_session(row: UserSession) -> None:
    db.session.delete(row)
    db.session.flush()


def end_all_sessions(user: User, keep: UserSession | None = None) -> int:
    """Delete every session of `user` (but `keep`); returns how many ended. Flushes."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    result = db.session.execute(statement)
    db.session.flush()
    return result.rowcount or 0


def sessions_of(user: User):
    return db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.last_seen_at.desc())
    ).all()


def find_session_of(user: User, session_id: int) -> UserSession | None:
    return db.session.scalar(
        select(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    )

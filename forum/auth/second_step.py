"""The half-finished login between a correct password and a correct second factor.

The pending user id lives in the signed session cookie for five minutes; no server session
exists until the code is right, so a stolen password alone opens nothing.
"""
import time

from flask import request, session

from forum.auth.models import AccountState, User
from forum.extensions import db

PENDING_KEY = "pending_two_factor"
MAX_AGE_SECONDS = 300


def begin(user: User, next_path: str | None) -> None:
    session[PENDING_KEY] = {"uid": user.id, "at": int(time.time()), "next": next_path}


def pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > MAX_AGE_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, pending.get("uid"))
    if user is None or user.state == AccountState.REVOKED:
        return None
    return user


def finish() -> str | None:
    """Clear the pending state; returns the page the member was heading for."""
    pending = session.pop(PENDING_KEY, None) or {}
    return pending.get("next")


def limit_key() -> str:
    """Throttle guesses per account, whatever address they come from."""
    pending = session.get(PENDING_KEY) or {}
    return f"two-factor:{pending.get('uid', request.remote_addr)}"

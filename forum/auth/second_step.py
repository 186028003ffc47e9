"""The half-finished login between a correct password and a correct second factor.

The pending user id lives in the signed session cookie for five minutes; no server session
exists until the code is right, so a stolen password alone opens nothing.
"""
import time

from flask import session

from forum.auth.models import AccountState, User
from forum.extensions import db

PENDING_KEY = "pending_two_factor"
MAX_AGE_SECONDS = 300


def begin(user: User, next_path: str | None) -> None:
    session[PENDING_KEY] = {"uid": user.id, "at": int(time.time()), "next": next_path}


def pending_user_id() -> int | None:
    """The id of the account whose password was right, while its five minutes last."""
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > MAX_AGE_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    return pending.get("uid")


def pending_user() -> User | None:
    user_id = pending_user_id()
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.state == AccountState.REVOKED:
        return None
    return user


def finish() -> str | None:
    """Clear the pending state; returns the page the member was heading for."""
    pending = session.pop(PENDING_KEY, None) or {}
    return pending.get("next")


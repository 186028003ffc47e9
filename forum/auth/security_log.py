"""Writes and reads the per-account security log (who logged in from where, what changed)."""
from dataclasses import dataclass

from sqlalchemy import select

from forum.auth.models import SecurityEvent, User
from forum.extensions import db


class EventKind:
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    TWO_FACTOR_FAILED = "two_factor_failed"
    PASSWORD_CHECK_FAILED = "password_check_failed"
    RECOVERY_CODE_USED = "recovery_code_used"
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_DISABLED = "two_factor_disabled"
    TWO_FACTOR_RESET = "two_factor_reset"
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    LOGOUT = "logout"
    SESSION_ENDED = "session_ended"
    OTHER_SESSIONS_ENDED = "other_sessions_ended"

    LABELS = {
        LOGIN: "Logged in", LOGIN_FAILED: "Failed login (wrong password)",
        TWO_FACTOR_FAILED: "Failed two-factor code",
        PASSWORD_CHECK_FAILED: "Wrong password given on the account pages", RECOVERY_CODE_USED: "Logged in with a recovery code",
        TWO_FACTOR_ENABLED: "Two-factor authentication turned on",
        TWO_FACTOR_DISABLED: "Two-factor authentication turned off",
        TWO_FACTOR_RESET: "Two-factor authentication reset by the forum's operator",
        RECOVERY_CODES_REGENERATED: "New recovery codes generated",
        PASSWORD_CHANGED: "Password changed", PASSWORD_RESET_REQUESTED: "Password reset requested",
        PASSWORD_RESET: "Password reset by email link", LOGOUT: "Logged out",
        SESSION_ENDED: "A session was ended", OTHER_SESSIONS_ENDED: "All other sessions were ended",
    }


@dataclass(frozen=True)
class RequestInfo:
    """Where an event came from; views build it from the request, services just store it."""

    ip_address: str | None = None
    user_agent: str | None = None


def log_event(user: User, kind: str, origin: RequestInfo | None = None, **details) -> SecurityEvent:
    """Add an entry to `user`'s security log (flushes, never commits)."""
    origin = origin or RequestInfo()
    event = SecurityEvent(user_id=user.id, kind=kind, ip_address=(origin.ip_address or "")[:45] or None,
                          user_agent=(origin.user_agent or "")[:255] or None, details=details)
    db.session.add(event)
    db.session.flush()
    return event


def events_of(user: User, limit: int = 100):
    return db.session.scalars(
        select(SecurityEvent).where(SecurityEvent.user_id == user.id)
        .order_by(SecurityEvent.created_at.desc(), SecurityEvent.id.desc()).limit(limit)
    ).all()

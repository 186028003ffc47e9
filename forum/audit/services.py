"""record(...) appends an audit entry in the caller's transaction; verify_chain() checks it."""
import hashlib
import json

from sqlalchemy import select, text

from forum.audit.models import AuditEntry
from forum.extensions import db
from forum.timeutil import utcnow

GENESIS = "0" * 64


def _entry_hash(entry: AuditEntry) -> str:
    payload = {
        "created_at": entry.created_at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "reason": entry.reason,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _lock_chain():
    """Serialise appends on PostgreSQL so two writers cannot fork the chain."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7401)"))


def record(actor, action, target_type, target_id, *, target_label="", reason="", details=None):
    """Add an entry after the newest one; flushes, never commits (the caller's commit saves it
    together with the change it describes). `actor` is a User or None for the system."""
    _lock_chain()
    previous = db.session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        created_at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_label=f"{actor.full_name} <{actor.email}>" if actor else "system",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_label=target_label or "",
        reason=reason or "",
        details=details or {},
        prev_hash=previous or GENESIS,
    )
    entry.entry_hash = _entry_hash(entry)
    db.session.add(entry)
    db.session.flush()
    return entry


def verify_chain():
    """Return (ok, first_bad_entry_id, checked_count) walking the chain oldest first."""
    previous = GENESIS
    count = 0
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        count += 1
        if entry.prev_hash != previous or _entry_hash(entry) != entry.entry_hash:
            return False, entry.id, count
        previous = entry.entry_hash
    return True, None, count

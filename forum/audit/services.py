"""record(...) appends an audit entry in the caller's transaction; verify_chain() checks it.

The chain shows an entry changed, removed or inserted before the newest; the newest entries
themselves are anchored outside the chain: in audit_head (the same database, same transaction)
and, outside the database, in the application log (one line per committed head, logger
`forum.audit`) and in whatever an operator keeps of `flask audit head`.
"""
import hashlib
import json
import logging

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from forum.audit.models import AuditEntry, AuditHead
from forum.extensions import db
from forum.timeutil import utcnow

GENESIS = "0" * 64
HEAD_ROW = 1
log = logging.getLogger(__name__)
_PENDING_HEAD = "curbside_audit_head"


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
    _move_head(entry)
    return entry


def _move_head(entry: AuditEntry):
    """Point audit_head at `entry` (same transaction); log it once the transaction commits."""
    head = db.session.get(AuditHead, HEAD_ROW)
    if head is None:
        head = AuditHead(id=HEAD_ROW)
        db.session.add(head)
    head.entry_id, head.entry_hash, head.updated_at = entry.id, entry.entry_hash, entry.created_at
    db.session.flush()
    db.session().info[_PENDING_HEAD] = (entry.id, entry.entry_hash)


@event.listens_for(Session, "after_commit")
def _log_head_after_commit(session):
    head = session.info.pop(_PENDING_HEAD, None)
    if head is not None:
        log.info("audit head: entry %s sha256 %s", *head)


@event.listens_for(Session, "after_rollback")
def _forget_head_after_rollback(session):
    session.info.pop(_PENDING_HEAD, None)


def current_head() -> tuple[int, str] | None:
    """(id, hash) of the newest entry, as the chain itself has it (None for an empty log)."""
    row = db.session.execute(select(AuditEntry.id, AuditEntry.entry_hash)
                             .order_by(AuditEntry.id.desc()).limit(1)).first()
    return (row.id, row.entry_hash) if row else None


class ChainCheck(tuple):
    """(ok, first_bad_entry_id, checked_count), and `problem`: what is wrong, in words."""

    def __new__(cls, ok, bad_id, count, problem=""):
        check = super().__new__(cls, (ok, bad_id, count))
        check.problem = problem
        return check


def verify_chain(expect_id: int | None = None, expect_hash: str | None = None) -> ChainCheck:
    """Walk the chain oldest first: ChainCheck (ok, first_bad_entry_id, checked_count).

    An entry whose hash or link is wrong is the first bad entry. The chain must also reach the
    head recorded in audit_head and, when given, the anchor an operator kept outside the
    database (`expect_id`, and `expect_hash` when known): a chain that ends before it lost its
    newest entries (first_bad_entry_id is then the missing entry's id), and an anchor entry
    with another hash was rewritten.
    """
    recorded_id, recorded_hash = _recorded_head()
    previous, count, hashes = GENESIS, 0, {}
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        count += 1
        if entry.prev_hash != previous or _entry_hash(entry) != entry.entry_hash:
            return ChainCheck(False, entry.id, count, "it was changed, removed or inserted after "
                                                      "it was written")
        previous = entry.entry_hash
        if entry.id in (expect_id, recorded_id):
            hashes[entry.id] = entry.entry_hash
    last = current_head()
    anchors = [("the head recorded beside the log", recorded_id, recorded_hash, True)]
    if expect_id is not None:
        anchors.append(("the head you gave", expect_id, expect_hash, False))
    for where, head_id, head_hash, newest in anchors:
        problem = _head_problem(head_id, head_hash, hashes, last, newest)
        if problem:
            return ChainCheck(False, head_id, count, f"{where} is entry {head_id}, but {problem}")
    return ChainCheck(True, None, count)


def _recorded_head():
    head = db.session.get(AuditHead, HEAD_ROW)
    return (head.entry_id, head.entry_hash) if head else (None, None)


def _head_problem(head_id, head_hash, hashes, last, newest: bool) -> str:
    """Why the chain does not reach the head (`newest`: it must end there), or ""."""
    if head_id is None:
        return ""
    if last is None or last[0] < head_id:
        end = f"entry {last[0]}" if last else "nothing"
        return f"the chain ends at {end}: its newest entries were removed"
    if head_id not in hashes:
        return "there is no such entry in the chain: it was removed"
    if head_hash and hashes[head_id] != head_hash:
        return f"that entry's hash is {hashes[head_id]}: the chain was rewritten from there"
    if newest and last[0] != head_id:
        return f"the chain goes on to entry {last[0]}: entries were added without being recorded"
    return ""

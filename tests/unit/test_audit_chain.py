"""The audit log is append-only and hash-chained; tampering is found by `flask audit verify`."""
from sqlalchemy import text

from forum.audit.services import GENESIS, record, verify_chain
from tests import factories


def test_entries_link_to_the_previous_hash(db):
    actor = factories.make_user(role="admin")
    first = record(actor, "account.approve", "user", 1, reason="ok")
    second = record(None, "account.reject", "user", 2, reason="no")
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.entry_hash
    assert second.actor_label == "system"
    assert verify_chain() == (True, None, 2)


def _tamper(db, sql):
    db.session.commit()
    db.session.execute(text(sql))
    db.session.commit()
    db.session.expire_all()


def test_direct_edit_is_detected_at_that_entry(db, runner):
    for n in range(4):
        record(None, "account.approve", "user", n, reason=f"reason {n}")
    _tamper(db, "UPDATE audit_entry SET reason = 'changed' WHERE id = 3")
    ok, bad_id, _ = verify_chain()
    assert (ok, bad_id) == (False, 3)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "broken at entry 3" in result.output


def test_deleted_entry_is_detected(db):
    for n in range(3):
        record(None, "account.approve", "user", n)
    _tamper(db, "DELETE FROM audit_entry WHERE id = 2")
    assert verify_chain()[:2] == (False, 3)


def test_empty_log_verifies(db, runner):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "0 entries" in result.output

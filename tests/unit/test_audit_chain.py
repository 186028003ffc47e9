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


def test_deleting_the_newest_entries_is_detected(db, runner):
    for n in range(4):
        record(None, "account.approve", "user", n)
    _tamper(db, "DELETE FROM audit_entry WHERE id >= 3")
    assert verify_chain()[:2] == (False, 4)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "broken at entry 4" in result.output and "newest entries were removed" in result.output


def test_the_head_kept_outside_the_database_catches_a_rewritten_head(db, runner):
    """Whoever deletes the newest entries and moves audit_head back as well is caught by the
    head an operator kept from `flask audit head`."""
    for n in range(3):
        record(None, "account.approve", "user", n)
    db.session.commit()
    result = runner.invoke(args=["audit", "head"])
    assert result.exit_code == 0
    head_id, head_hash = result.stdout.split("\n")[0].split()
    assert head_id == "3" and len(head_hash) == 64
    record(None, "account.approve", "user", 4)  # the chain may grow past the kept head
    db.session.commit()
    args = ["audit", "verify", "--expect-id", head_id, "--expect-hash", head_hash]
    assert runner.invoke(args=args).exit_code == 0
    second = db.session.execute(text("SELECT entry_hash FROM audit_entry WHERE id = 2")).scalar()
    _tamper(db, "DELETE FROM audit_entry WHERE id >= 3")
    _tamper(db, f"UPDATE audit_head SET entry_id = 2, entry_hash = '{second}'")
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # the database alone agrees
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "broken at entry 3" in result.output
    bad = runner.invoke(args=["audit", "verify", "--expect-id", "2", "--expect-hash", "f" * 64])
    assert bad.exit_code == 1 and "rewritten" in bad.output


def test_each_committed_head_is_written_to_the_log(db, caplog):
    caplog.set_level("INFO", logger="forum.audit.services")
    entry = record(None, "account.approve", "user", 1)
    assert "audit head" not in caplog.text  # not before the entry is saved
    db.session.commit()
    assert f"audit head: entry {entry.id} sha256 {entry.entry_hash}" in caplog.text
    caplog.clear()
    record(None, "account.approve", "user", 2)
    db.session.rollback()
    assert "audit head" not in caplog.text


def test_entries_added_without_moving_the_head_are_detected(db):
    first = record(None, "account.approve", "user", 1)
    db.session.commit()
    _tamper(db, "DELETE FROM audit_head")
    assert verify_chain()[0]  # a log from before the head existed
    record(None, "account.approve", "user", 2)
    db.session.commit()
    _tamper(db, f"UPDATE audit_head SET entry_id = 1, entry_hash = '{first.entry_hash}'")
    check = verify_chain()
    assert check[:2] == (False, 1) and "entries were added" in check.problem

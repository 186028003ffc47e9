"""Thread actions (lock, unlock, pin, unpin, move with counters) and member actions (warn,
suspend with sessions ended, private notes) without HTTP, each with its audit entry."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.auth import sessions
from forum.auth.models import AccountState, UserSession
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import ModerationEvent, ModerationNote
from forum.moderation.services import members, threads
from forum.security.permissions import is_member
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator"),
              "admin": factories.make_user(full_name="Ada Admin", role="admin")}
    db.session.commit()
    return people


@pytest.fixture
def thread(people):
    thread = df.start_thread(people["author"], df.make_category("Cardiology"), body="Opening post.")
    df.add_reply(people["moderator"], thread, body="A reply.")
    db.session.commit()
    return thread


@pytest.mark.parametrize("on, off, column, action_on, action_off", [
    (threads.lock_thread, threads.unlock_thread, "locked_at", "thread.lock", "thread.unlock"),
    (threads.pin_thread, threads.unpin_thread, "pinned_at", "thread.pin", "thread.unpin")])
def test_lock_and_pin_toggle_once(people, thread, on, off, column, action_on, action_off):
    on(people["moderator"], thread, "Reason one.")
    db.session.commit()
    assert getattr(thread, column) is not None
    assert mf.audit(action_on)[-1].actor_id == people["moderator"].id
    assert mf.audit(action_on)[-1].target_id == str(thread.id)
    with pytest.raises(InvalidState):
        on(people["moderator"], thread, "Again.")
    db.session.rollback()
    assert len(mf.audit(action_on)) == 1
    off(people["moderator2"], thread, "Reason two.")
    db.session.commit()
    assert getattr(thread, column) is None
    assert mf.audit(action_off)[-1].reason == "Reason two."
    with pytest.raises(InvalidState):
        off(people["moderator2"], thread, "Again.")
    assert len(mf.moderation_notices(people["author"])) == 2


def test_members_cannot_lock(people, thread):
    with pytest.raises(NotAllowed):
        threads.lock_thread(people["author"], thread, "Mine.")


def test_a_locked_thread_takes_no_replies(people, thread):
    from forum.discussion.services import posting
    threads.lock_thread(people["moderator"], thread, "Heated.")
    db.session.commit()
    assert mf.audit("thread.lock")[-1].reason == "Heated."
    with pytest.raises(InvalidState):
        posting.create_reply(people["author"], thread, df.draft("More."))


def test_move_updates_both_categories(people, thread):
    source = thread.category
    target = df.make_category("Nephrology")
    db.session.commit()
    assert (source.thread_count, source.post_count) == (1, 2)
    threads.move_thread(people["moderator"], thread, target, "Belongs in nephrology.")
    db.session.commit()
    db.session.refresh(source)
    db.session.refresh(target)
    assert thread.category_id == target.id
    assert (source.thread_count, source.post_count, source.last_post_at) == (0, 0, None)
    assert (target.thread_count, target.post_count) == (1, 2)
    assert target.last_post_at == thread.last_post_at
    entry = mf.audit("thread.move")[-1]
    assert entry.details == {"from_category_id": source.id, "to_category_id": target.id}


def test_move_refuses_the_same_or_an_archived_category(people, thread):
    archived = df.make_category("Old", archived=True)
    db.session.commit()
    with pytest.raises(InvalidState):
        threads.move_thread(people["moderator"], thread, thread.category, "Same.")
    with pytest.raises(InvalidState):
        threads.move_thread(people["moderator"], thread, archived, "Archived.")
    with pytest.raises(ValidationFailed):
        threads.move_thread(people["moderator"], thread, None, "Nowhere.")
    db.session.rollback()
    assert mf.audit("thread.move") == []


def test_warn_is_kept_in_the_history_and_sent(people, thread, outbox):
    post = mf.opening(thread)
    members.warn_member(people["moderator"], people["author"], "Keep it civil.", post=post)
    db.session.commit()
    event = db.session.scalars(select(ModerationEvent)).one()
    assert (event.action, event.subject_id, event.post_id) == ("warn", people["author"].id, post.id)
    entry = mf.audit("account.warn")[-1]
    assert entry.target_id == str(people["author"].id) and entry.details == {"post_id": post.id}
    assert len(mf.moderation_notices(people["author"])) == 1
    assert outbox()[-1]["Subject"] == "A warning from the Curbside moderators"
    with pytest.raises(Conflict):  # the same warning sent twice
        members.warn_member(people["moderator"], people["author"], "Keep it civil.")


def test_suspend_ends_every_session_at_once(people):
    author = people["author"]
    sessions.start_session(author, "10.0.0.1", "a")
    sessions.start_session(author, "10.0.0.2", "b")
    db.session.commit()
    members.suspend_member(people["moderator"], author, 7, "Repeated harassment.")
    db.session.commit()
    assert author.state == AccountState.SUSPENDED and author.state_reason == "Repeated harassment."
    assert timedelta(days=6, hours=23) < author.suspended_until - utcnow() <= timedelta(days=7)
    assert not is_member(author)
    assert db.session.scalar(select(func.count()).select_from(UserSession)
                             .where(UserSession.user_id == author.id)) == 0
    entry = mf.audit("account.suspend")[-1]
    assert entry.details["days"] == 7 and entry.details["sessions_ended"] == 2
    with pytest.raises(InvalidState):
        members.suspend_member(people["moderator"], author, 7, "Again.")


def test_an_expired_suspension_lets_the_member_back(people):
    author = people["author"]
    members.suspend_member(people["moderator"], author, 1, "Cool off.")
    db.session.commit()
    assert mf.audit("account.suspend")[-1].details["days"] == 1
    author.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert is_member(author)


@pytest.mark.parametrize("days", [0, 366, -1])
def test_suspension_lasts_one_day_to_one_year(people, days):
    with pytest.raises(ValidationFailed) as caught:
        members.suspend_member(people["moderator"], people["author"], days, "Too long or short.")
    assert caught.value.field == "days"


def test_who_may_act_on_whom(people):
    with pytest.raises(NotAllowed):
        members.warn_member(people["moderator"], people["moderator"], "Self.")
    with pytest.raises(NotAllowed):
        members.suspend_member(people["moderator"], people["admin"], 3, "An admin.")
    with pytest.raises(NotAllowed):
        members.warn_member(people["moderator"], people["moderator2"], "A peer.")
    with pytest.raises(NotAllowed):
        members.warn_member(people["author"], people["moderator"], "A member.")
    members.suspend_member(people["admin"], people["moderator2"], 3, "Admins act on moderators.")
    db.session.commit()
    assert people["moderator2"].state == AccountState.SUSPENDED


def test_notes_are_private_and_audited_without_their_text(people):
    note = members.add_note(people["moderator"], people["author"], "Third warning this month.")
    db.session.commit()
    assert db.session.get(ModerationNote, note.id).body == "Third warning this month."
    entry = mf.audit("member.note")[-1]
    assert entry.details == {"note_id": note.id} and "Third" not in entry.reason
    with pytest.raises(Conflict):
        members.add_note(people["moderator"], people["author"], "Third warning this month.")
    with pytest.raises(ValidationFailed):
        members.add_note(people["moderator"], people["author"], " ")
    assert not mf.moderation_notices(people["author"])  # the member is never told


def test_a_suspension_is_lifted_early_with_a_reason(people, outbox):
    author = people["author"]
    members.suspend_member(people["moderator"], author, 30, "Repeated harassment.")
    db.session.commit()
    with pytest.raises(ValidationFailed) as caught:
        members.lift_suspension(people["moderator2"], author, "  ")
    assert caught.value.field == "reason"
    db.session.rollback()
    members.lift_suspension(people["moderator2"], author, "Apologised to the colleague.")
    db.session.commit()
    assert author.state == AccountState.VERIFIED and author.suspended_until is None
    assert author.state_reason is None and is_member(author)
    entry = mf.audit("account.lift_suspension")[-1]
    assert entry.actor_id == people["moderator2"].id and entry.target_id == str(author.id)
    assert entry.reason == "Apologised to the colleague."
    assert entry.details["suspension_reason"] == "Repeated harassment." and entry.details["was_until"]
    event = db.session.scalars(select(ModerationEvent).order_by(ModerationEvent.id.desc())).first()
    assert event.action == "lift_suspension" and event.subject_id == author.id
    assert len(mf.moderation_notices(author)) == 2  # the suspension, then its lifting
    mail = [m for m in outbox() if m["To"] == author.email][-1]
    assert mail["Subject"] == "Your Curbside suspension was lifted"
    assert "Apologised to the colleague." in mail.get_content()
    with pytest.raises(InvalidState) as caught:  # idempotent: nothing left to lift
        members.lift_suspension(people["moderator"], author, "Again.")
    assert caught.value.status == 409
    db.session.rollback()
    assert len(mf.audit("account.lift_suspension")) == 1


def test_an_ended_suspension_cannot_be_lifted(people):
    author = people["author"]
    members.suspend_member(people["moderator"], author, 1, "Cool off.")
    db.session.commit()
    author.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(InvalidState):
        members.lift_suspension(people["moderator"], author, "Early.")


def test_who_may_lift_a_suspension(people):
    members.suspend_member(people["admin"], people["moderator2"], 3, "Abused the queue.")
    db.session.commit()
    with pytest.raises(NotAllowed):  # only admins act on moderators
        members.lift_suspension(people["moderator"], people["moderator2"], "A peer.")
    with pytest.raises(NotAllowed):
        members.lift_suspension(people["author"], people["moderator2"], "A member.")
    members.lift_suspension(people["admin"], people["moderator2"], "Reviewed.")
    db.session.commit()
    assert people["moderator2"].state == AccountState.VERIFIED

"""The accepted answer of a clinical case, the service rules: who marks it and on what, moving
and unmarking it, the moderator's audited path, and a reply that stops being published taking
the mark with it whatever took it out of sight."""
import pytest
from sqlalchemy import select

from forum.discussion.models import Thread, ThreadKind
from forum.discussion.services import answers, editing
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.services import posts as moderation
from forum.moderation.services import purge, threads
from forum.notifications.models import Notification, NotificationKind
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"asker": factories.make_user(full_name="Ada Asker"),
              "expert": factories.make_user(full_name="Eve Expert"),
              "other": factories.make_user(full_name="Otto Other"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def case(people):
    thread = df.start_thread(people["asker"], title="Refractory hyponatraemia", kind=ThreadKind.CLINICAL)
    first = df.add_reply(people["expert"], thread, "Check the urine osmolality.")
    second = df.add_reply(people["other"], thread, "Consider tolvaptan.")
    db.session.commit()
    return thread, first, second


def answer_of(thread):
    db.session.expire_all()
    return db.session.get(Thread, thread.id).answer_post_id


def test_the_author_marks_moves_and_unmarks_the_answer(people, case):
    thread, first, second = case
    assert answers.accept_answer(people["asker"], first) is True
    assert answers.accept_answer(people["asker"], first) is False  # resubmitted
    db.session.commit()
    assert answer_of(thread) == first.id
    assert answers.accept_answer(people["asker"], second) is True
    db.session.commit()
    assert answer_of(thread) == second.id
    assert answers.unmark_answer(people["asker"], first) is False  # not the answer any more
    assert answers.unmark_answer(people["asker"], second) is True
    db.session.commit()
    assert answer_of(thread) is None
    assert mf.audit() == []  # the author's own choice is not a moderation action


def test_only_the_author_of_the_case_marks_it(people, case):
    thread, first, _ = case
    for who in ("expert", "other", "moderator"):
        with pytest.raises(NotAllowed, match="Only the author of the case"):
            answers.accept_answer(people[who], first)
    assert answer_of(thread) is None


def test_the_opening_post_and_a_general_thread_take_no_answer(people, case):
    thread, _, _ = case
    with pytest.raises(InvalidState, match="opening post"):
        answers.accept_answer(people["asker"], mf.opening(thread))
    general = df.start_thread(people["asker"])
    reply = df.add_reply(people["expert"], general)
    db.session.commit()
    with pytest.raises(InvalidState, match="Only a clinical case"):
        answers.accept_answer(people["asker"], reply)


def unpublish(how, people, post):
    if how == "deleted":
        editing.delete_post(post.author, post)
    elif how == "removed":
        moderation.remove_post(people["moderator"], post, "misinformation", "Unsupported.")
    elif how == "purged":
        purge.purge_post(people["moderator"], post, "Names the patient.")
    elif how == "hidden":
        mf.report(people["asker"], post, reason="privacy")
    elif how == "held":
        draft = df.draft(mf.IDENTIFYING, disclosure=df.NO_CONFLICTS)
        draft.privacy_declared, draft.privacy_explanation = True, mf.EXPLANATION
        editing.edit_post(post.author, post, draft)
    db.session.commit()


@pytest.mark.parametrize("how", ["deleted", "removed", "purged", "hidden", "held"])
def test_an_answer_that_stops_being_published_is_no_longer_claimed(people, case, how):
    thread, first, second = case
    answers.accept_answer(people["asker"], second)
    db.session.commit()
    unpublish(how, people, second)
    assert answer_of(thread) is None


@pytest.mark.parametrize("how", ["deleted", "removed", "held"])
def test_a_reply_out_of_sight_cannot_become_the_answer(people, case, how):
    thread, first, _ = case
    unpublish(how, people, first)
    with pytest.raises(InvalidState, match="not published"):
        answers.accept_answer(people["asker"], first)
    assert answer_of(thread) is None


def test_unpublishing_another_reply_leaves_the_answer(people, case):
    thread, first, second = case
    answers.accept_answer(people["asker"], second)
    db.session.commit()
    unpublish("removed", people, first)
    assert answer_of(thread) == second.id


def test_a_moderator_marks_moves_and_unmarks_with_an_audit_entry(people, case):
    thread, first, second = case
    threads.set_answer(people["moderator"], thread, first.number, "The asker agreed in post #4.")
    threads.set_answer(people["moderator"], thread, second.number, "Corrected: #3 answered it.")
    db.session.commit()
    assert answer_of(thread) == second.id
    threads.clear_answer(people["moderator"], db.session.get(Thread, thread.id), "Disputed.")
    db.session.commit()
    assert answer_of(thread) is None
    entries = mf.audit()
    assert [e.action for e in entries] == ["thread.answer", "thread.answer", "thread.unanswer"]
    assert entries[1].details["previous_post_id"] == first.id and entries[1].reason == "Corrected: #3 answered it."
    assert entries[2].details == {"previous_post_id": second.id}
    assert len(mf.moderation_notices(people["asker"])) == 3


def test_the_moderators_refusals(people, case):
    thread, first, _ = case
    with pytest.raises(NotAllowed):
        threads.set_answer(people["expert"], thread, first.number, "I answered it.")
    with pytest.raises(ValidationFailed, match="no post with that number") as missing:
        threads.set_answer(people["moderator"], thread, 99, "Reason.")
    assert missing.value.field == "number"
    with pytest.raises(InvalidState, match="opening post"):
        threads.set_answer(people["moderator"], thread, 1, "Reason.")
    with pytest.raises(ValidationFailed):
        threads.set_answer(people["moderator"], thread, first.number, "   ")
    with pytest.raises(InvalidState, match="no accepted answer"):
        threads.clear_answer(people["moderator"], thread, "Reason.")
    db.session.rollback()
    assert answer_of(thread) is None and mf.audit() == []


def answer_notices(user):
    return db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == NotificationKind.ANSWER)).all()


def test_the_replys_author_is_told_once_per_marking(people, case, app):
    thread, first, second = case
    answers.accept_answer(people["asker"], first)
    answers.accept_answer(people["asker"], first)  # resubmitted: already the answer
    db.session.commit()
    [notice] = answer_notices(people["expert"])
    assert (notice.actor_id, notice.post_id, notice.thread_id) == (people["asker"].id, first.id, thread.id)
    answers.unmark_answer(people["asker"], first)
    db.session.commit()
    assert len(answer_notices(people["expert"])) == 1  # taking it back sends nothing
    threads.set_answer(people["moderator"], thread, second.number, "The asker agreed.")
    db.session.commit()
    assert answer_notices(people["other"])[0].actor_id == people["moderator"].id


def test_marking_ones_own_reply_notifies_nobody(people, case):
    thread, _, _ = case
    own = df.add_reply(people["asker"], thread, "Answering my own case after the work-up.")
    db.session.commit()
    answers.accept_answer(people["asker"], own)
    db.session.commit()
    assert answer_notices(people["asker"]) == []

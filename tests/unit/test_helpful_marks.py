"""Helpful marks, the service rules: who may mark what, the count kept in step with the rows,
one grouped notification per post for its author, and a purge that leaves no mark behind."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.auth.models import AccountState
from forum.discussion.models import HelpfulMark, Post
from forum.discussion.services import editing, helpful
from forum.errors import InvalidState, NotAllowed
from forum.extensions import db
from forum.moderation.services import posts as moderation
from forum.moderation.services import purge
from forum.notifications.models import Notification, NotificationKind
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reader": factories.make_user(full_name="Rex Reader"),
              "reader2": factories.make_user(full_name="Rose Reader"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def reply(people):
    thread = df.start_thread(people["reader"], title="Sodium on sertraline")
    post = df.add_reply(people["author"], thread, body="Check the urine osmolality first.")
    db.session.commit()
    return post


def marks(post):
    return db.session.scalar(select(func.count()).select_from(HelpfulMark)
                             .where(HelpfulMark.post_id == post.id))


def helpful_notices(user):
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == NotificationKind.HELPFUL)))


def count_of(post):
    db.session.expire(post)
    return db.session.get(Post, post.id).helpful_count


def test_marking_counts_once_and_taking_it_back_uncounts(people, reply):
    assert helpful.set_helpful(people["reader"], reply, True) is True
    assert helpful.set_helpful(people["reader"], reply, True) is False  # a resubmitted form
    db.session.commit()
    assert count_of(reply) == marks(reply) == 1
    assert helpful.set_helpful(people["reader"], reply, False) is True
    assert helpful.set_helpful(people["reader"], reply, False) is False
    db.session.commit()
    assert count_of(reply) == marks(reply) == 0


def test_own_post_is_refused(people, reply):
    with pytest.raises(NotAllowed, match="your own post"):
        helpful.set_helpful(people["author"], reply, True)
    assert marks(reply) == 0


def test_a_suspended_member_is_refused(people, reply):
    people["reader"].state = AccountState.SUSPENDED
    people["reader"].suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    with pytest.raises(NotAllowed, match="good standing"):
        helpful.set_helpful(people["reader"], reply, True)


@pytest.mark.parametrize("unpublish", ["deleted", "removed", "held"])
def test_a_post_that_is_not_published_is_refused(people, unpublish):
    thread = df.start_thread(people["reader"])
    if unpublish == "held":
        post = mf.held_reply(people["author"], thread)
    else:
        post = df.add_reply(people["author"], thread)
        if unpublish == "deleted":
            editing.delete_post(people["author"], post)
        else:
            moderation.remove_post(people["moderator"], post, "misinformation", "Unsupported.")
    db.session.commit()
    with pytest.raises(InvalidState, match="not published"):
        helpful.set_helpful(people["reader"], post, True)
    assert marks(post) == 0


def test_the_author_gets_one_notification_per_post_naming_the_latest_marker(people, reply):
    helpful.set_helpful(people["reader"], reply, True)
    db.session.commit()
    [first] = helpful_notices(people["author"])
    assert first.actor_id == people["reader"].id and first.post_id == reply.id
    first.read_at = utcnow()
    db.session.commit()
    first_id = first.id
    helpful.set_helpful(people["reader2"], reply, True)
    db.session.commit()
    [grouped] = helpful_notices(people["author"])
    assert grouped.actor_id == people["reader2"].id and grouped.is_unread
    assert grouped.id >= first_id  # a new row: back at the top of the list (SQLite may reuse the id)
    helpful.set_helpful(people["reader2"], reply, False)
    db.session.commit()
    [left] = helpful_notices(people["author"])
    assert left.actor_id == people["reader"].id
    helpful.set_helpful(people["reader"], reply, False)
    db.session.commit()
    assert helpful_notices(people["author"]) == []


def test_a_helpful_mark_is_never_emailed(people, reply, outbox):
    from forum.notifications.services import set_email_preference
    set_email_preference(people["author"], True)
    db.session.commit()
    helpful.set_helpful(people["reader"], reply, True)
    db.session.commit()
    assert outbox() == []


def test_a_purge_forgets_who_marked_the_post(people, reply):
    helpful.set_helpful(people["reader"], reply, True)
    helpful.set_helpful(people["reader2"], reply, True)
    db.session.commit()
    purge.purge_post(people["moderator"], reply, "Names the patient.")
    db.session.commit()
    assert marks(reply) == 0 and count_of(reply) == 0

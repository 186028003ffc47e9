"""The counters the lists show, without HTTP (forum.discussion.services.counters): a thread's
reply count and last activity, and a category's thread and post counts, follow what members
see through every change of a post's standing; a held reply approved later takes the next
number and the approval time, and a held new thread starts at its approval."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.discussion.models import Post, Thread
from forum.discussion.services import editing
from forum.extensions import db
from forum.moderation.services import posts, purge, reports, threads
from forum.privacy.holds import open_hold_for
from forum.privacy.models import HoldOrigin
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "bob": factories.make_user(full_name="Bob Replier"),
              "reporter": factories.make_user(full_name="Rita Reporter"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def thread(people):
    thread = df.start_thread(people["author"], title="Hyponatraemia on sertraline")
    earlier = thread.created_at - timedelta(hours=1)
    db.session.execute(update(Post).where(Post.thread_id == thread.id).values(created_at=earlier))
    db.session.execute(update(Thread).where(Thread.id == thread.id)
                       .values(created_at=earlier, last_post_at=earlier))
    db.session.commit()
    db.session.expire_all()
    return thread


def counts(thread):
    """(replies, last activity) of the thread, (threads, posts, last activity) of its category."""
    db.session.expire_all()
    category = thread.category
    return ((thread.reply_count, thread.last_post_at),
            (category.thread_count, category.post_count, category.last_post_at))


def declared(body):
    draft = df.draft(body)
    draft.privacy_declared, draft.privacy_explanation = True, mf.EXPLANATION
    return draft


def test_a_reply_held_by_an_edit_leaves_the_counts_until_approved(people, thread):
    reply = df.add_reply(people["bob"], thread, "Check the urine osmolality.")
    db.session.commit()
    published = counts(thread)
    assert published[0] == (1, reply.created_at)
    assert editing.edit_post(people["bob"], reply, declared(mf.IDENTIFYING))
    db.session.commit()
    opening_time = thread.created_at
    assert counts(thread) == ((0, opening_time), (1, 1, opening_time))
    assert [e.action for e in mf.audit()][-1] == "post.hold"
    posts.approve_held_post(people["moderator"], reply, "A published case report.")
    db.session.commit()
    assert open_hold_for(reply) is None
    # An edit approved keeps its place and its time: it was published before.
    assert (reply.number, reply.created_at) == (2, published[0][1])
    assert counts(thread) == published
    assert mf.audit("post.approve_held")[-1].details["origin"] == HoldOrigin.EDIT


def test_an_approved_held_reply_takes_the_next_number_and_the_approval_time(people, thread):
    held = mf.held_reply(people["bob"], thread)
    later = df.add_reply(people["author"], thread, "Any ideas?")
    db.session.commit()
    assert (held.number, later.number, thread.post_count) == (2, 3, 3)
    assert counts(thread)[0] == (1, later.created_at)
    posts.approve_held_post(people["moderator"], held, "A published case report.")
    db.session.commit()
    db.session.expire_all()
    assert held.number == 4 and thread.post_count == 4 and held.created_at > later.created_at
    assert counts(thread) == ((2, held.created_at), (1, 3, held.created_at))
    assert mf.audit("post.approve_held")[-1].target_label == f"post {held.id} (#4 in thread {thread.id})"


def test_delete_remove_and_purge_take_the_latest_reply_out_and_restore_puts_it_back(people, thread):
    first = df.add_reply(people["bob"], thread, "First reply.")
    second = df.add_reply(people["bob"], thread, "Second reply.")
    third = df.add_reply(people["bob"], thread, "Third reply.")
    db.session.commit()
    assert counts(thread)[0] == (3, third.created_at)
    editing.delete_post(people["bob"], third)
    db.session.commit()
    assert counts(thread) == ((2, second.created_at), (1, 3, second.created_at))
    posts.remove_post(people["moderator"], second, "misinformation", "Unsafe advice.")
    db.session.commit()
    assert counts(thread) == ((1, first.created_at), (1, 2, first.created_at))
    assert mf.audit("post.remove")[-1].target_id == str(second.id)
    posts.restore_post(people["moderator"], second, "Sound after all.")
    db.session.commit()
    assert counts(thread) == ((2, second.created_at), (1, 3, second.created_at))
    assert mf.audit("post.restore")[-1].target_id == str(second.id)
    purge.purge_post(people["moderator"], first, "Identified a patient.")
    db.session.commit()
    assert counts(thread) == ((1, second.created_at), (1, 2, second.created_at))
    assert mf.audit("post.purge")[-1].target_id == str(first.id)
    editing.delete_post(people["bob"], second)
    db.session.commit()
    assert counts(thread) == ((0, thread.created_at), (1, 1, thread.created_at))


def test_a_privacy_report_on_the_opening_post_takes_the_thread_out_of_its_category(people, thread):
    reply = df.add_reply(people["bob"], thread, "A reply.")
    db.session.commit()
    reports.create_report(people["reporter"], mf.opening(thread), "privacy")
    db.session.commit()
    assert counts(thread) == ((1, reply.created_at), (0, 0, None))
    # Its author may still reply there; members still do not see the thread, so it counts nowhere.
    own = df.add_reply(people["author"], thread, "More detail.")
    db.session.commit()
    assert counts(thread) == ((2, own.created_at), (0, 0, None))
    reports.dismiss_reports(people["moderator"], mf.opening(thread), "No identifier in it.")
    db.session.commit()
    assert counts(thread) == ((2, own.created_at), (1, 3, own.created_at))
    assert mf.audit("reports.dismiss")[-1].details["shown_again"] is True


def test_a_move_carries_the_published_posts_only(people, thread):
    df.add_reply(people["bob"], thread, "Kept.")
    withdrawn = df.add_reply(people["bob"], thread, "Withdrawn.")
    mf.held_reply(people["bob"], thread)
    editing.delete_post(people["bob"], withdrawn)
    target = df.make_category("Nephrology")
    db.session.commit()
    source = thread.category
    assert counts(thread)[1][:2] == (1, 2)
    threads.move_thread(people["moderator"], thread, target, "Belongs in nephrology.")
    db.session.commit()
    db.session.expire_all()
    assert (source.thread_count, source.post_count, source.last_post_at) == (0, 0, None)
    assert (target.thread_count, target.post_count, target.last_post_at) == (1, 2, thread.last_post_at)
    assert mf.audit("thread.move")[-1].details["to_category_id"] == target.id


def held_thread(author, category, *, sent):
    """A new thread held by the privacy screen, as if its author sent it at `sent`."""
    thread = mf.held_thread(author, category)
    db.session.execute(update(Post).where(Post.thread_id == thread.id).values(created_at=sent))
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(created_at=sent, last_post_at=sent))
    db.session.commit()
    db.session.expire_all()
    return thread


def test_an_approved_held_thread_starts_at_the_approval_time(people, thread):
    category = thread.category
    sent = thread.created_at - timedelta(days=2)  # before `thread`, which was published meanwhile
    held = held_thread(people["bob"], category, sent=sent)
    assert counts(thread)[1][:2] == (1, 1)  # the held thread counts nowhere
    posts.approve_held_post(people["moderator"], mf.opening(held), "A published case report.")
    db.session.commit()
    db.session.expire_all()
    opening = mf.opening(held)
    approved_at = mf.audit("post.approve_held")[-1].created_at
    assert held.created_at == opening.created_at == held.last_post_at
    assert held.created_at > thread.created_at and abs(held.created_at - approved_at) < timedelta(seconds=5)
    assert (opening.number, held.post_count, held.reply_count) == (1, 1, 0)
    assert counts(held)[1] == (2, 2, held.created_at)
    # the thread it overtook keeps its own times
    assert counts(thread)[0] == (0, thread.created_at)

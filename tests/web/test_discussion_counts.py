"""Reply counts, unread markers and last activity in the thread lists and the category index
match what the reader can see: posts held for review, deleted, removed or hidden are not
counted and are no news; a held reply approved later is new to everyone who had not seen it."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.discussion.models import Post, Thread
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "bob": factories.make_user(full_name="Bob Replier"),
              "carol": factories.make_user(full_name="Carol Reader"),
              "dave": factories.make_user(full_name="Dave Latecomer"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def category(db):
    category = df.make_category("Nephrology")
    db.session.commit()
    return category


@pytest.fixture
def thread(people, category):
    """A thread started an hour ago: its last activity is distinguishable from any reply's."""
    thread = df.start_thread(people["author"], category, title="Sodium on sertraline")
    backdate(thread, hours=1)
    db.session.commit()
    return thread


def backdate(thread, hours):
    earlier = thread.created_at - timedelta(hours=hours)
    db.session.execute(update(Post).where(Post.thread_id == thread.id).values(created_at=earlier))
    db.session.execute(update(Thread).where(Thread.id == thread.id)
                       .values(created_at=earlier, last_post_at=earlier))
    db.session.expire_all()


def row_of(page, href):
    for row in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S):
        if f'href="{href}"' in row:
            return row
    raise AssertionError(f"{href} not listed")


def replies_in(row):
    return int(re.search(r"<td>(\d+)<span class=\"cell-label\"> repl", row).group(1))


def unread_in(row):
    found = re.search(r"(\d+) unread", row)
    return int(found.group(1)) if found else 0


def activity_in(row):
    return re.search(r'<time datetime="([^"]+)"', row).group(1)


def index_counts(client, category):
    """(threads, posts) in the category's row of the index."""
    row = row_of(client.get("/forum").get_data(as_text=True), f"/c/{category.id}")
    threads = int(re.search(r"(\d+)<span class=\"cell-label\"> threads", row).group(1))
    posts = int(re.search(r"(\d+)<span class=\"cell-label\"> posts", row).group(1))
    return threads, posts


def listed(client, thread, where=None):
    """The thread's row in its category list (or at `where`)."""
    page = client.get(where or f"/c/{thread.category_id}").get_data(as_text=True)
    return row_of(page, f"/t/{thread.id}")


def header_replies(client, thread):
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    return int(re.search(r"(\d+) repl(?:y|ies) · started", page).group(1))


def as_shown(moment):
    """A time as the page's <time> carries it: UTC to the millisecond."""
    return moment.isoformat(timespec="milliseconds") + "Z"


def opening_time(thread):
    return as_shown(db.session.scalar(select(Post.created_at).where(Post.thread_id == thread.id,
                                                                    Post.number == 1)))


def test_held_reply_is_counted_for_nobody_and_moves_no_activity(people, clients, thread, category):
    clients("carol").get(f"/t/{thread.id}")
    mf.held_reply(people["bob"], thread)
    db.session.commit()
    for name in ("carol", "bob", "moderator"):
        for where in (None, "/forum/latest"):
            row = listed(clients(name), thread, where)
            assert replies_in(row) == 0, (name, row)
            assert activity_in(row) == opening_time(thread), name
        assert header_replies(clients(name), thread) == 0, name
    assert unread_in(listed(clients("carol"), thread)) == 0
    assert 'class="unread"' not in listed(clients("carol"), thread)
    assert index_counts(clients("carol"), category) == (1, 1)


def test_deleted_latest_reply_leaves_counts_unread_and_last_activity(people, clients, thread, category):
    clients("carol").get(f"/t/{thread.id}")
    reply = df.add_reply(people["bob"], thread, "Posted in haste.")
    db.session.commit()
    row = listed(clients("carol"), thread)
    assert (replies_in(row), unread_in(row)) == (1, 1)
    assert index_counts(clients("carol"), category) == (1, 2)
    assert clients("bob").post(f"/posts/{reply.id}/delete").status_code == 302
    for name in ("carol", "dave", "bob"):
        row = listed(clients(name), thread)
        assert replies_in(row) == 0, name
        assert activity_in(row) == opening_time(thread), name
    assert unread_in(listed(clients("carol"), thread)) == 0
    assert 'class="unread"' not in listed(clients("carol"), thread)
    assert header_replies(clients("carol"), thread) == 0
    assert index_counts(clients("carol"), category) == (1, 1)


def test_a_deleted_reply_in_the_middle_is_no_news(people, clients, thread):
    clients("carol").get(f"/t/{thread.id}")
    withdrawn = df.add_reply(people["bob"], thread, "Withdrawn.")
    df.add_reply(people["dave"], thread, "Still here.")
    db.session.commit()
    assert clients("bob").post(f"/posts/{withdrawn.id}/delete").status_code == 302
    row = listed(clients("carol"), thread)
    assert (replies_in(row), unread_in(row)) == (1, 1)
    page = clients("carol").get(f"/t/{thread.id}").get_data(as_text=True)
    assert page.count('badge-new">new') == 1
    assert unread_in(listed(clients("carol"), thread)) == 0


def test_removed_then_restored_reply(people, clients, thread, category):
    clients("carol").get(f"/t/{thread.id}")
    reply = df.add_reply(people["bob"], thread, "Fluid restrict first.")
    db.session.commit()
    reply_time = as_shown(reply.created_at)
    clients("carol").get(f"/t/{thread.id}")  # carol has read the reply
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/remove", data={
        "remove-category": "misinformation", "remove-reason": "Unsafe advice."})
    assert response.status_code == 302
    for name in ("carol", "dave", "bob", "moderator"):
        row = listed(clients(name), thread)
        assert replies_in(row) == 0, name
        assert activity_in(row) == opening_time(thread), name
    assert index_counts(clients("dave"), category) == (1, 1)
    clients("dave").get(f"/t/{thread.id}")  # dave reads the thread while the reply is removed
    assert unread_in(listed(clients("dave"), thread)) == 0
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/restore",
                                         data={"restore-reason": "The advice is sound."})
    assert response.status_code == 302
    for name in ("carol", "dave"):
        row = listed(clients(name), thread)
        assert replies_in(row) == 1 and activity_in(row) == reply_time, name
    assert index_counts(clients("dave"), category) == (1, 2)
    # Carol had read it before it was removed: nothing new. Dave read past its tombstone: the
    # restored post keeps its place, so it is not news either (its place is read).
    assert unread_in(listed(clients("carol"), thread)) == 0
    assert unread_in(listed(clients("dave"), thread)) == 0


def test_approved_held_reply_is_new_to_readers_who_read_past_it(people, clients, thread, category):
    clients("carol").get(f"/t/{thread.id}")
    held = mf.held_reply(people["bob"], thread)
    df.add_reply(people["dave"], thread, "A later reply.")
    db.session.commit()
    clients("carol").get(f"/t/{thread.id}")  # carol reads past the held reply's place
    assert unread_in(listed(clients("carol"), thread)) == 0
    response = clients("moderator").post(f"/moderation/posts/{held.id}/approve",
                                         data={"approve-reason": "A published case report."})
    assert response.status_code == 302
    row = listed(clients("carol"), thread)
    assert (replies_in(row), unread_in(row)) == (2, 1), row
    assert 'class="unread"' in row
    page = clients("carol").get(f"/t/{thread.id}").get_data(as_text=True)
    assert page.count('badge-new">new') == 1
    new_article = page[page.index('badge-new">new') - 2000:page.index('badge-new">new')]
    assert "Bob Replier" in new_article
    assert page.index("A later reply.") < page.index("Mrs. Jones")  # published last, shown last
    assert unread_in(listed(clients("carol"), thread)) == 0
    db.session.expire_all()
    published = db.session.get(Post, held.id)
    assert published.number == 4  # the next number: #2, the place it was held at, stays unused
    assert activity_in(listed(clients("dave"), thread)) == as_shown(published.created_at)
    assert index_counts(clients("carol"), category) == (1, 3)


def test_approved_held_reply_is_not_news_to_its_author(people, clients, thread):
    held = mf.held_reply(people["bob"], thread)
    df.add_reply(people["dave"], thread, "A later reply.")
    db.session.commit()
    response = clients("moderator").post(f"/moderation/posts/{held.id}/approve",
                                         data={"approve-reason": "A published case report."})
    assert response.status_code == 302
    row = listed(clients("bob"), thread)
    assert (replies_in(row), unread_in(row)) == (2, 1), row  # dave's reply, not his own
    page = clients("bob").get(f"/t/{thread.id}").get_data(as_text=True)
    assert page.count('badge-new">new') == 1
    assert page.index('badge-new">new') < page.index("A later reply.") < page.index("Mrs. Jones")


def test_privacy_hidden_thread_leaves_the_category_counts_until_dismissed(people, clients, thread, category):
    df.add_reply(people["bob"], thread, "A visible reply.")
    other = df.start_thread(people["bob"], category, title="Another thread")
    db.session.commit()
    assert index_counts(clients("carol"), category) == (2, 3)
    response = clients("carol").post(f"/posts/{mf.opening(thread).id}/report", data={"reason": "privacy"})
    assert response.status_code == 302
    # members list only the other thread: the index counts it and its post, and its activity
    assert index_counts(clients("dave"), category) == (1, 1)
    page = clients("dave").get("/forum").get_data(as_text=True)
    assert "Another thread" in page and "Sodium on sertraline" not in page
    assert listed(clients("dave"), other)
    response = clients("moderator").post(f"/moderation/posts/{mf.opening(thread).id}/dismiss",
                                         data={"dismiss-reason": "No identifier in it."})
    assert response.status_code == 302
    assert index_counts(clients("dave"), category) == (2, 3)

"""Helpful marks through the pages: the button on each post, the count and the reader's own
mark, every refusal, the author's grouped notification, the profile's total, a racing double
submission, and a cached post never showing one reader's mark to another."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.auth.models import AccountState
from forum.discussion import queries
from forum.discussion.models import HelpfulMark, Post
from forum.extensions import db
from forum.moderation.services import posts as moderation
from forum.moderation.services import purge
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import moderation_factories as mf
from tests.race import meeting_after, run_together
from tests.unit.test_helpful_marks import people, reply  # noqa: F401  (fixtures)


class Target:
    """A post id to mark, with no database object behind it (a request thread reads it)."""

    def __init__(self, post_id):
        self.id = post_id


def mark(client, post, value="yes"):
    return client.post(f"/posts/{post.id}/helpful", data={"helpful": value})


def article(html, number):
    found = re.search(rf'<article class="post[^"]*" id="post-{number}">(.*?)</article>', html, re.S)
    assert found, f"post #{number} not on the page"
    return found.group(1)


def thread_page(client, post):
    response = client.get(f"/t/{post.thread_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def marks_on(post):
    return db.session.scalar(select(func.count()).select_from(HelpfulMark)
                             .where(HelpfulMark.post_id == post.id))


def test_mark_a_post_helpful_from_the_thread_page_and_take_it_back(people, clients, reply):
    reader = clients("reader")
    html = thread_page(reader, reply)
    assert 'form="post-action-form"' in article(html, 2) and 'aria-pressed="false"' in article(html, 2)
    assert 'id="post-action-form"' in html and 'name="csrf_token"' in html
    response = mark(reader, reply)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{reply.thread_id}#post-2")
    html = reader.get(response.headers["Location"]).get_data(as_text=True)
    assert "You marked post #2 by Ann Author helpful." in html
    post = article(html, 2)
    # a toggle button keeps its name; aria-pressed says it is on
    assert 'aria-pressed="true">Helpful</button>' in post and "You found this helpful" in post
    response = mark(reader, reply, "no")
    html = reader.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your helpful mark on post #2 is taken back." in html
    assert "found this helpful" not in article(html, 2) and marks_on(reply) == 0


def test_the_count_shows_to_everyone_and_the_mark_only_to_the_marker(people, clients, reply):
    """The post's article is cached: the second reader must get their own button state."""
    assert mark(clients("reader"), reply).status_code == 302
    thread_page(clients("reader"), reply)  # the reply was new to its reader: now it is not
    reader_view = article(thread_page(clients("reader"), reply), 2)
    other_view = article(thread_page(clients("reader2"), reply), 2)
    author_view = article(thread_page(clients("author"), reply), 2)
    assert 'aria-pressed="true"' in reader_view
    assert 'aria-pressed="false"' in other_view and "1 found this helpful" in other_view
    assert 'aria-pressed="true"' not in other_view and "You found" not in other_view
    assert "1 found this helpful" in author_view and 'name="helpful"' not in author_view
    assert mark(clients("reader2"), reply).status_code == 302
    assert "You and 1 other found this helpful" in article(thread_page(clients("reader2"), reply), 2)
    assert "You and 1 other found this helpful" in article(thread_page(clients("reader"), reply), 2)


def test_own_post_is_refused(people, clients, reply):
    response = mark(clients("author"), reply)
    assert response.status_code == 403
    assert "You cannot mark your own post helpful." in response.get_data(as_text=True)
    assert marks_on(reply) == 0


@pytest.mark.parametrize("state", ["deleted", "removed", "purged"])
def test_a_post_members_cannot_read_is_refused(people, clients, reply, state):
    if state == "deleted":
        from forum.discussion.services import editing
        editing.delete_post(people["author"], reply)
    elif state == "removed":
        moderation.remove_post(people["moderator"], reply, "misinformation", "Unsupported.")
    else:
        purge.purge_post(people["moderator"], reply, "Names the patient.")
    db.session.commit()
    response = mark(clients("reader"), reply)
    assert response.status_code == 409
    assert "This post is not published" in response.get_data(as_text=True)
    assert marks_on(reply) == 0


def test_a_held_post_is_not_found_by_others_and_refused_to_its_author(people, clients, reply):
    held = mf.held_reply(people["author"], reply.thread)
    db.session.commit()
    assert mark(clients("reader"), held).status_code == 404
    assert mark(clients("author"), held).status_code == 403  # own post
    held_of_other = mf.held_reply(people["reader2"], reply.thread)
    db.session.commit()
    moderator = clients("moderator")
    response = mark(moderator, held_of_other)
    assert response.status_code == 409 and "not published" in response.get_data(as_text=True)
    assert marks_on(held) == marks_on(held_of_other) == 0


def test_a_thread_out_of_the_members_sight_is_not_found(people, clients):
    thread = mf.held_thread(people["author"], df.make_category())
    db.session.commit()
    opening = mf.opening(thread)
    assert mark(clients("reader"), opening).status_code == 404
    assert mark(clients("reader"), Target(10**6)).status_code == 404
    assert marks_on(opening) == 0


def test_a_suspended_member_is_sent_to_the_status_page(people, clients, reply):
    reader = clients("reader")
    people["reader"].state = AccountState.SUSPENDED
    people["reader"].suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    response = mark(reader, reply)
    assert response.status_code == 302 and "/status" in response.headers["Location"]
    assert marks_on(reply) == 0


def test_a_double_submission_counts_once(people, clients, reply):
    assert mark(clients("reader"), reply).status_code == 302
    assert mark(clients("reader"), reply).status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, reply.id).helpful_count == marks_on(reply) == 1


def test_two_racing_submissions_count_once_and_neither_fails(people, app, reply):
    from tests.conftest import login
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        assert login(client, people["reader"]).status_code == 302
    target = Target(reply.id)
    with meeting_after((queries, "get_post_or_404")):
        answers = run_together(lambda: mark(first, target), lambda: mark(second, target))
    assert [answer.status_code for answer in answers] == [302, 302]
    db.session.expire_all()
    assert db.session.get(Post, reply.id).helpful_count == marks_on(reply) == 1


def test_the_author_is_notified_once_per_post(people, clients, reply):
    mark(clients("reader"), reply)
    mark(clients("reader2"), reply)
    html = clients("author").get("/notifications").get_data(as_text=True)
    assert html.count("marked your post helpful in") == 1
    assert "Rose Reader</strong> and 1 other" in html and "Sodium on sertraline" in html
    assert "Check the urine" not in html


def test_the_settings_page_lists_helpful_marks(people, clients):
    html = clients("reader").get("/notifications/settings").get_data(as_text=True)
    assert "Colleagues mark one of your posts helpful" in html and "in the app only, never emailed" in html


def test_the_profile_shows_marks_received_and_a_removal_takes_them_away(people, clients, reply):
    second = df.add_reply(people["author"], reply.thread, body="And a second thought.")
    db.session.commit()
    for name in ("reader", "reader2"):
        mark(clients(name), reply)
    mark(clients("reader"), second)
    profile = f"/members/{people['author'].handle}"
    assert re.search(r"Helpful marks received</dt><dd>3<", clients("reader").get(profile).get_data(as_text=True))
    moderation.remove_post(people["moderator"], reply, "misinformation", "Unsupported.")
    db.session.commit()
    assert re.search(r"Helpful marks received</dt><dd>1<", clients("reader").get(profile).get_data(as_text=True))
    html = thread_page(clients("reader"), reply)
    assert "2 found this helpful" not in html and "You found this helpful" in article(html, 3)
    notifications = clients("author").get("/notifications").get_data(as_text=True)
    assert notifications.count("marked your post helpful in") == 1  # the removed post's is gone


def test_a_purged_post_keeps_no_marks(people, clients, reply):
    mark(clients("reader"), reply)
    purge.purge_post(people["moderator"], reply, "Names the patient.")
    db.session.commit()
    assert marks_on(reply) == 0
    html = thread_page(clients("reader"), reply)
    assert "found this helpful" not in html and 'aria-pressed="true"' not in html
    assert "marked your post helpful" not in clients("author").get("/notifications").get_data(as_text=True)


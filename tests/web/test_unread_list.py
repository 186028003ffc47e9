"""The Unread list (Discourse's "Unread" tab): threads the reader has opened that have posts
they have not read, newest activity first; muted threads, held posts and one's own posts are
no news; "Dismiss" marks every opened thread read, up to what the list showed."""
import re

import pytest
from sqlalchemy import select

from forum.discussion.models import NotificationLevel, ThreadRead
from forum.discussion.services.reading import mark_read, set_notification_level
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"reader": factories.make_user(full_name="Rex Reader"),
              "colleague": factories.make_user(full_name="Cal Colleague"),
              "other": factories.make_user(full_name="Oda Other")}
    db.session.commit()
    return people


def titles(page):
    return re.findall(r'class="thread-title" href="/t/\d+">([^<]+)</a>', page)


def unread_titles(client, **args):
    response = client.get("/forum/unread", query_string=args)
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def shown_at(page):
    return re.search(r'name="shown_at" value="(\d+)"', page).group(1)


def dismiss(client, **kwargs):
    """Open the Unread list and press its Dismiss, as a member does."""
    page = client.get("/forum/unread").get_data(as_text=True)
    return client.post("/forum/unread/dismiss", data={"shown_at": shown_at(page)}, **kwargs)


def opened(reader, *threads):
    for thread in threads:
        mark_read(reader, thread, thread.post_count)
    db.session.commit()


def test_only_opened_threads_with_news_from_others_are_listed_newest_first(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    category = df.make_category()
    quiet = df.start_thread(colleague, category, title="Quiet thread")
    busy = df.start_thread(colleague, category, title="Busy thread")
    later = df.start_thread(colleague, category, title="Later thread")
    never = df.start_thread(colleague, category, title="Never opened")
    mine = df.start_thread(reader, category, title="My own thread")
    db.session.commit()
    opened(reader, quiet, busy, later, mine)
    df.add_reply(colleague, busy, "News one")
    df.add_reply(colleague, later, "News two")
    df.add_reply(reader, mine, "Only my own words")
    db.session.commit()
    page = clients("reader").get("/forum/unread").get_data(as_text=True)
    assert titles(page) == ["Later thread", "Busy thread"]
    assert ">1 unread</a>" in page and 'aria-current="page"' in page
    assert "Never opened" not in page and "Quiet thread" not in page and "My own thread" not in page


def test_muted_threads_and_posts_members_cannot_see_are_no_news(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    muted = df.start_thread(colleague, title="Muted thread")
    held = df.start_thread(colleague, title="Held reply thread")
    db.session.commit()
    opened(reader, muted, held)
    set_notification_level(reader, muted, NotificationLevel.MUTED)
    df.add_reply(colleague, muted, "Muted news")
    mf.held_reply(colleague, held)
    db.session.commit()
    assert unread_titles(clients("reader")) == []
    assert "Nothing unread" in clients("reader").get("/forum/unread").get_data(as_text=True)


def test_a_thread_that_leaves_members_sight_leaves_the_list(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    thread = df.start_thread(colleague, title="Soon out of sight")
    db.session.commit()
    opened(reader, thread)
    df.add_reply(colleague, thread, "News")
    db.session.commit()
    assert unread_titles(clients("reader")) == ["Soon out of sight"]
    _remove_opening(thread)
    db.session.commit()
    assert unread_titles(clients("reader")) == []


def _remove_opening(thread):
    from forum.moderation.services import posts

    moderator = factories.make_user(role="moderator")
    db.session.flush()
    posts.remove_post(moderator, mf.opening(thread), "privacy", "Names the patient.")


def test_the_list_pages_25_at_a_time(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    threads = df.bulk_threads(df.make_category(), colleague, 30)
    db.session.commit()
    opened(reader, *threads)
    for thread in threads:
        df.add_reply(colleague, thread, "News")
    db.session.commit()
    page = clients("reader").get("/forum/unread").get_data(as_text=True)
    first = titles(page)
    assert len(first) == 25
    older = re.search(r'href="(/forum/unread\?before=[^"]+)"', page).group(1)
    rest = titles(clients("reader").get(older.replace("&amp;", "&")).get_data(as_text=True))
    assert len(rest) == 5 and not set(first) & set(rest)


def test_dismiss_marks_every_opened_thread_read_and_leaves_new_ones_new(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    category = df.make_category()
    one = df.start_thread(colleague, category, title="First with news")
    two = df.start_thread(colleague, category, title="Second with news")
    fresh = df.start_thread(colleague, category, title="Never opened")
    db.session.commit()
    opened(reader, one, two)
    df.add_reply(colleague, one, "News")
    df.add_reply(colleague, two, "News")
    db.session.commit()
    listed = clients("reader").get("/forum/unread").get_data(as_text=True)
    response = clients("reader").post("/forum/unread/dismiss", data={"shown_at": shown_at(listed)})
    assert response.status_code == 302 and response.location.endswith("/forum/unread")
    page = clients("reader").get(response.location).get_data(as_text=True)
    assert "2 threads marked as read." in page and "Nothing unread" in page
    latest = clients("reader").get(f"/c/{category.id}").get_data(as_text=True)
    assert "unread</a>" not in latest
    row = latest[latest.index("Never opened"):latest.index("Never opened") + 200]
    assert 'badge-new">new</span>' in row
    assert db.session.scalar(select(ThreadRead).where(ThreadRead.thread_id == fresh.id,
                                                      ThreadRead.user_id == reader.id)) is None
    again = clients("reader").post("/forum/unread/dismiss", data={"shown_at": shown_at(listed)},
                                   follow_redirects=True)
    assert "There was nothing unread to dismiss." in again.get_data(as_text=True)


def test_dismiss_touches_only_the_readers_own_markers(people, clients):
    reader, colleague, other = people["reader"], people["colleague"], people["other"]
    thread = df.start_thread(colleague, title="Shared thread")
    db.session.commit()
    opened(reader, thread)
    opened(other, thread)
    df.add_reply(colleague, thread, "News")
    db.session.commit()
    assert unread_titles(clients("reader")) == ["Shared thread"]
    dismiss(clients("reader"))
    assert unread_titles(clients("reader")) == []
    assert unread_titles(clients("other")) == ["Shared thread"]


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_dismiss_needs_the_forms_token(app, people, app_overrides):
    from tests.web.test_discussion_csrf import signed_in, token_in

    reader, colleague = people["reader"], people["colleague"]
    thread = df.start_thread(colleague, title="Shared thread")
    db.session.commit()
    opened(reader, thread)
    df.add_reply(colleague, thread, "News")
    db.session.commit()
    client = signed_in(app.test_client(), reader)
    assert client.post("/forum/unread/dismiss").status_code == 400
    assert unread_titles(client) == ["Shared thread"]
    listed = client.get("/forum/unread").get_data(as_text=True)
    token = token_in(listed)
    assert client.post("/forum/unread/dismiss", data={"csrf_token": token.group(1) or token.group(2),
                                                      "shown_at": shown_at(listed)}).status_code == 302
    assert unread_titles(client) == []


def test_dismiss_leaves_posts_written_after_the_list_was_shown_unread(people, clients):
    """The member looks at the list; a colleague replies; the member presses Dismiss: the reply
    they never saw counted stays unread, the posts the list counted are marked read."""
    reader, colleague = people["reader"], people["colleague"]
    category = df.make_category()
    busy = df.start_thread(colleague, category, title="Busy thread")
    calm = df.start_thread(colleague, category, title="Calm thread")
    db.session.commit()
    opened(reader, busy, calm)
    df.add_reply(colleague, busy, "Seen in the list")
    df.add_reply(colleague, calm, "Seen in the list too")
    db.session.commit()
    listed = clients("reader").get("/forum/unread").get_data(as_text=True)
    assert titles(listed) == ["Calm thread", "Busy thread"]
    df.add_reply(colleague, busy, "Written after the list was shown")
    db.session.commit()
    response = clients("reader").post("/forum/unread/dismiss", data={"shown_at": shown_at(listed)},
                                      follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 threads marked as read." in page
    assert titles(page) == ["Busy thread"] and ">1 unread</a>" in page
    first_unread = clients("reader").get(f"/t/{busy.id}/unread")
    assert first_unread.headers["Location"] == f"/t/{busy.id}#post-3"  # the reply written after


def test_dismiss_without_the_time_of_the_list_marks_nothing(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    thread = df.start_thread(colleague, title="Shared thread")
    db.session.commit()
    opened(reader, thread)
    df.add_reply(colleague, thread, "News")
    db.session.commit()
    for data in ({}, {"shown_at": "yesterday"}, {"shown_at": "9" * 40}):
        response = clients("reader").post("/forum/unread/dismiss", data=data, follow_redirects=True)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Nothing was marked as read" in page
        assert titles(page) == ["Shared thread"]


def test_the_unread_list_runs_a_fixed_number_of_queries(people, clients):
    from tests.web.test_discussion_queries import LIST_BUDGET, statements_for

    reader, colleague = people["reader"], people["colleague"]
    threads = df.bulk_threads(df.make_category(), colleague, 12)
    db.session.commit()
    opened(reader, *threads[:2])
    df.add_reply(colleague, threads[0], "News")
    db.session.commit()
    few, page = statements_for(clients("reader"), "/forum/unread")
    assert len(titles(page)) == 1
    opened(reader, *threads)
    for thread in threads:
        df.add_reply(colleague, thread, "More news")
    db.session.commit()
    many, page = statements_for(clients("reader"), "/forum/unread")
    assert len(titles(page)) == 12
    assert len(many) == len(few) <= LIST_BUDGET

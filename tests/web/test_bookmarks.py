"""Bookmarks: a member keeps threads to come back to; the list is theirs alone, and a thread
that leaves members' sight leaves it."""
import pytest
from sqlalchemy import select

from forum.discussion.models import NotificationLevel, ThreadRead
from forum.discussion.services.reading import mark_read, set_notification_level
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf
from tests.web.test_discussion_queries import LIST_BUDGET, statements_for
from tests.web.test_unread_list import people, titles  # noqa: F401  (people: a fixture)




def bookmarked(client):
    response = client.get("/forum/bookmarks")
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def test_bookmark_from_the_thread_page_and_find_it_in_the_list(people, clients):
    thread = df.start_thread(people["colleague"], title="Refractory hypokalaemia")
    df.start_thread(people["colleague"], title="Not bookmarked")
    db.session.commit()
    reader = clients("reader")
    assert "Bookmark this thread" in reader.get(f"/t/{thread.id}").get_data(as_text=True)
    response = reader.post(f"/t/{thread.id}/bookmark", data={"saved": "yes"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "“Refractory hypokalaemia” is in your bookmarks." in html and "Remove bookmark" in html
    assert bookmarked(reader) == ["Refractory hypokalaemia"]
    assert bookmarked(clients("colleague")) == []
    response = reader.post(f"/t/{thread.id}/bookmark", data={"saved": "no"}, follow_redirects=True)
    assert "is no longer bookmarked." in response.get_data(as_text=True)
    assert bookmarked(reader) == []
    assert "No bookmarks yet." in reader.get("/forum/bookmarks").get_data(as_text=True)


def test_a_bookmark_keeps_the_read_marker_and_the_notification_level(people, clients):
    thread = df.start_thread(people["colleague"], title="Long case")
    df.add_reply(people["colleague"], thread, "Second post")
    db.session.commit()
    mark_read(people["reader"], thread, 2)
    set_notification_level(people["reader"], thread, NotificationLevel.WATCHING)
    db.session.commit()
    clients("reader").post(f"/t/{thread.id}/bookmark", data={"saved": "yes"})
    row = db.session.scalars(select(ThreadRead).where(ThreadRead.user_id == people["reader"].id)).one()
    db.session.refresh(row)
    assert row.last_read_number == 2 and row.notification_level == NotificationLevel.WATCHING
    assert row.bookmarked_at is not None


def row_of(page, title):
    start = page.index(f">{title}</a>")
    return page[start:start + 400]


@pytest.mark.parametrize("how", ["bookmark", "watch"])
def test_bookmarking_a_thread_never_opened_leaves_it_new(people, clients, how):
    """A bookmark (or watching) is no reading: the thread stays "new" in every list, in the New
    list too, stays out of the Unread list when colleagues reply, and Dismiss leaves it new."""
    from tests.web.test_new_list import new_titles
    from tests.web.test_unread_list import dismiss

    category = df.make_category()
    thread = df.start_thread(people["colleague"], category, title="Unopened")
    opened = df.start_thread(people["colleague"], category, title="Opened")
    db.session.commit()
    mark_read(people["reader"], opened, 1)
    db.session.commit()
    if how == "bookmark":
        clients("reader").post(f"/t/{thread.id}/bookmark", data={"saved": "yes"})
    else:
        set_notification_level(people["reader"], thread, NotificationLevel.WATCHING)
        db.session.commit()
    df.add_reply(people["colleague"], thread, "A reply to the unopened thread")
    df.add_reply(people["colleague"], opened, "A reply to the opened thread")
    db.session.commit()
    for url in ("/forum/bookmarks", "/forum/latest", f"/c/{category.id}")[0 if how == "bookmark" else 1:]:
        row = row_of(clients("reader").get(url).get_data(as_text=True), "Unopened")
        assert 'badge-new">new</span>' in row and "unread</a>" not in row, url
    assert "Unopened" in new_titles(clients("reader"))
    listed = titles(clients("reader").get("/forum/unread").get_data(as_text=True))
    assert listed == ["Opened"]
    dismiss(clients("reader"))
    row = row_of(clients("reader").get("/forum/latest").get_data(as_text=True), "Unopened")
    assert 'badge-new">new</span>' in row
    page = clients("reader").get(f"/t/{thread.id}").get_data(as_text=True)  # opened at last
    assert "A reply to the unopened thread" in page
    row = row_of(clients("reader").get("/forum/latest").get_data(as_text=True), "Unopened")
    assert 'badge-new">new</span>' not in row and "unread</a>" not in row


def test_the_page_you_were_on_is_kept(people, clients):
    thread = df.start_thread(people["colleague"], title="Many pages")
    for n in range(2, 26):
        df.add_reply(people["colleague"], thread, f"Post {n}")
    db.session.commit()
    response = clients("reader").post(f"/t/{thread.id}/bookmark", data={"saved": "yes", "page": "2"})
    assert response.location.endswith(f"/t/{thread.id}?page=2")


def test_a_thread_out_of_sight_leaves_the_list_and_cannot_be_bookmarked(people, clients):
    from forum.moderation.services import posts

    thread = df.start_thread(people["colleague"], title="Names the patient")
    db.session.commit()
    clients("reader").post(f"/t/{thread.id}/bookmark", data={"saved": "yes"})
    assert bookmarked(clients("reader")) == ["Names the patient"]
    moderator = factories.make_user(role="moderator")
    db.session.flush()
    posts.remove_post(moderator, mf.opening(thread), "privacy", "Names the patient.")
    db.session.commit()
    assert bookmarked(clients("reader")) == []
    assert clients("reader").post(f"/t/{thread.id}/bookmark", data={"saved": "yes"}).status_code == 404
    assert clients("reader").post("/t/999999/bookmark", data={"saved": "yes"}).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(people, clients):
    threads = df.bulk_threads(df.make_category(), people["colleague"], 12)
    db.session.commit()
    clients("reader").post(f"/t/{threads[0].id}/bookmark", data={"saved": "yes"})
    few, page = statements_for(clients("reader"), "/forum/bookmarks")
    assert len(titles(page)) == 1
    for thread in threads[1:]:
        clients("reader").post(f"/t/{thread.id}/bookmark", data={"saved": "yes"})
    many, page = statements_for(clients("reader"), "/forum/bookmarks")
    assert len(titles(page)) == 12 and len(many) == len(few) <= LIST_BUDGET

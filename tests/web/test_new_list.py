"""The New list (Discourse's "New" tab): threads colleagues started in the last two weeks that
the reader has not opened yet."""
from datetime import timedelta

from sqlalchemy import update

from forum.discussion import queries
from forum.discussion.models import Thread
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf
from tests.web.test_discussion_queries import LIST_BUDGET, statements_for
from tests.web.test_unread_list import people, titles  # noqa: F401  (people: a fixture)




def new_titles(client):
    response = client.get("/forum/new")
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def started_days_ago(thread, days):
    then = utcnow() - timedelta(days=days)
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(created_at=then, last_post_at=then))
    db.session.commit()


def test_threads_by_others_not_yet_opened_and_recent(people, clients):
    reader, colleague = people["reader"], people["colleague"]
    category = df.make_category()
    fresh = df.start_thread(colleague, category, title="Fresh question")
    df.start_thread(colleague, category, title="Second fresh question")
    old = df.start_thread(colleague, category, title="Old question")
    df.start_thread(reader, category, title="My own question")
    db.session.commit()
    started_days_ago(old, queries.NEW_DAYS + 1)
    page = clients("reader").get("/forum/new").get_data(as_text=True)
    assert titles(page) == ["Second fresh question", "Fresh question"]
    assert 'aria-current="page" class="current">New</a>' in page
    clients("reader").get(f"/t/{fresh.id}")
    assert new_titles(clients("reader")) == ["Second fresh question"]


def test_an_old_thread_with_new_replies_is_not_new(people, clients):
    colleague = people["colleague"]
    old = df.start_thread(colleague, title="Revived question")
    db.session.commit()
    started_days_ago(old, queries.NEW_DAYS + 5)
    df.add_reply(colleague, old, "Bumping this.")
    db.session.commit()
    assert new_titles(clients("reader")) == []
    assert "Nothing new" in clients("reader").get("/forum/new").get_data(as_text=True)


def test_threads_out_of_sight_are_not_listed(people, clients):
    from forum.moderation.services import posts

    thread = df.start_thread(people["colleague"], title="Names the patient")
    db.session.commit()
    assert new_titles(clients("reader")) == ["Names the patient"]
    moderator = factories.make_user(role="moderator")
    db.session.flush()
    posts.remove_post(moderator, mf.opening(thread), "privacy", "Names the patient.")
    db.session.commit()
    assert new_titles(clients("reader")) == []


def test_the_new_list_pages_and_runs_a_fixed_number_of_queries(people, clients):
    colleague = people["colleague"]
    df.bulk_threads(df.make_category(), colleague, 3, start=utcnow() - timedelta(hours=5))
    db.session.commit()
    few, page = statements_for(clients("reader"), "/forum/new")
    assert len(titles(page)) == 3
    df.bulk_threads(df.make_category(), colleague, 27, start=utcnow() - timedelta(hours=3))
    db.session.commit()
    many, page = statements_for(clients("reader"), "/forum/new")
    assert len(titles(page)) == 25 and 'rel="next"' in page
    assert len(many) == len(few) <= LIST_BUDGET

"""The Open cases list: clinical cases no reply has answered yet (no accepted answer), where a
colleague's view may still help; general threads, answered cases and threads out of sight are
left out."""
from datetime import timedelta

from sqlalchemy import update

from forum.discussion.models import Thread, ThreadKind
from forum.discussion.services import answers
from forum.extensions import db
from forum.moderation.services import posts
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf
from tests.web.test_discussion_queries import LIST_BUDGET, statements_for
from tests.web.test_unread_list import people, titles  # noqa: F401  (people: a fixture)


def open_titles(client):
    response = client.get("/forum/open-cases")
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def test_unanswered_clinical_cases_newest_activity_first(people, clients):
    colleague, other = people["colleague"], people["other"]
    category = df.make_category()
    older = df.start_thread(colleague, category, title="Older open case", kind=ThreadKind.CLINICAL)
    answered = df.start_thread(colleague, category, title="Answered case", kind=ThreadKind.CLINICAL)
    df.start_thread(colleague, category, title="A general question")
    newer = df.start_thread(other, category, title="Newer open case", kind=ThreadKind.CLINICAL)
    reply = df.add_reply(other, answered, "Check the urine osmolality.")
    answers.accept_answer(colleague, reply)
    db.session.commit()
    page = clients("reader").get("/forum/open-cases").get_data(as_text=True)
    assert titles(page) == ["Newer open case", "Older open case"]
    assert 'aria-current="page" class="current">Open cases</a>' in page
    df.add_reply(other, older, "Any thyroid results?")
    db.session.commit()
    assert open_titles(clients("reader")) == ["Older open case", "Newer open case"]
    answers.unmark_answer(colleague, reply)
    db.session.commit()
    assert "Answered case" in open_titles(clients("reader"))


def test_a_case_out_of_sight_is_not_listed(people, clients):
    thread = df.start_thread(people["colleague"], title="Names the patient", kind=ThreadKind.CLINICAL)
    db.session.commit()
    assert open_titles(clients("reader")) == ["Names the patient"]
    moderator = factories.make_user(role="moderator")
    db.session.flush()
    posts.remove_post(moderator, mf.opening(thread), "privacy", "Names the patient.")
    db.session.commit()
    assert open_titles(clients("reader")) == []
    assert "No open cases" in clients("reader").get("/forum/open-cases").get_data(as_text=True)


def test_the_open_cases_list_pages_and_runs_a_fixed_number_of_queries(people, clients):
    colleague = people["colleague"]
    category = df.make_category()

    def clinical(threads):
        db.session.execute(update(Thread).where(Thread.id.in_([t.id for t in threads]))
                           .values(kind=ThreadKind.CLINICAL))
        db.session.commit()

    clinical(df.bulk_threads(category, colleague, 3, start=utcnow() - timedelta(hours=5)))
    few, page = statements_for(clients("reader"), "/forum/open-cases")
    assert len(titles(page)) == 3
    clinical(df.bulk_threads(category, colleague, 27, start=utcnow() - timedelta(hours=3)))
    many, page = statements_for(clients("reader"), "/forum/open-cases")
    assert len(titles(page)) == 25 and 'rel="next"' in page
    assert len(many) == len(few) <= LIST_BUDGET
    following = clients("reader").get("/forum/open-cases?" + page.split('rel="next" href="/forum/open-cases?')[1]
                                      .split('"')[0].replace("&amp;", "&"))
    assert len(titles(following.get_data(as_text=True))) == 5

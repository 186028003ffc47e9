"""Watching a category: every thread published in it notifies the watcher (in-app, and by
mail for those who opted in), held threads only once a moderator approves them."""
import pytest
from sqlalchemy import select

from forum.discussion.drafts import ThreadDraft
from forum.discussion.models import CategoryWatch, ThreadKind
from forum.discussion.services import posting
from forum.extensions import db
from forum.notifications.models import Notification, NotificationKind
from forum.notifications.services import set_email_preference
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"watcher": factories.make_user(full_name="Wanda Watcher"),
              "author": factories.make_user(full_name="Ann Author"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def category(db):
    category = df.make_category("Nephrology cases")
    db.session.commit()
    return category


def new_thread_notices(user):
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == NotificationKind.NEW_THREAD)))


def test_watch_from_the_category_page_then_hear_of_each_new_thread(people, clients, category, outbox):
    watcher = clients("watcher")
    page = watcher.get(f"/c/{category.id}").get_data(as_text=True)
    assert "Watch new threads" in page
    response = watcher.post(f"/c/{category.id}/watch", data={"watch": "yes"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "You will be told of every new thread in “Nephrology cases”." in html and "Stop watching" in html
    set_email_preference(people["watcher"], True)
    db.session.commit()
    thread = df.start_thread(people["author"], category, title="Hyperkalaemia after ACE inhibitor")
    df.add_reply(people["author"], thread, "Any thoughts?")
    db.session.commit()
    [notice] = new_thread_notices(people["watcher"])
    assert notice.thread_id == thread.id
    listing = watcher.get("/notifications").get_data(as_text=True)
    assert "started a thread in a category you watch:" in listing and "Hyperkalaemia after ACE inhibitor" in listing
    [mail] = [m for m in outbox() if m["To"] == people["watcher"].email]
    assert mail["Subject"] == "New thread in a Curbside category you watch"
    body = mail.get_content()
    assert "Any thoughts?" not in body and "Stop watching" in body and "Hyperkalaemia after ACE" in body
    settings = watcher.get("/notifications/settings").get_data(as_text=True)
    assert "Nephrology cases" in settings


def test_stop_watching_and_no_more_notices(people, clients, category):
    watcher = clients("watcher")
    watcher.post(f"/c/{category.id}/watch", data={"watch": "yes"})
    response = watcher.post(f"/c/{category.id}/watch", data={"watch": "no"}, follow_redirects=True)
    assert "You no longer hear of new threads in “Nephrology cases”." in response.get_data(as_text=True)
    df.start_thread(people["author"], category)
    db.session.commit()
    assert new_thread_notices(people["watcher"]) == []
    assert db.session.scalars(select(CategoryWatch)).all() == []


def test_watching_twice_keeps_one_row_and_other_categories_stay_quiet(people, clients, category):
    other = df.make_category("Other")
    db.session.commit()
    for _ in range(2):
        clients("watcher").post(f"/c/{category.id}/watch", data={"watch": "yes"})
    assert len(db.session.scalars(select(CategoryWatch)).all()) == 1
    df.start_thread(people["author"], other)
    db.session.commit()
    assert new_thread_notices(people["watcher"]) == []


def test_a_held_thread_notifies_watchers_only_when_approved(people, clients, category):
    clients("watcher").post(f"/c/{category.id}/watch", data={"watch": "yes"})
    draft = df.draft(mf.IDENTIFYING)
    draft.privacy_declared, draft.privacy_explanation = True, mf.EXPLANATION
    thread = posting.create_thread(people["author"], ThreadDraft(category.id, "Held case", ThreadKind.GENERAL, draft))
    db.session.commit()
    assert new_thread_notices(people["watcher"]) == []
    opening = mf.opening(thread)
    response = clients("moderator").post(f"/moderation/posts/{opening.id}/approve",
                                         data={"approve-reason": "A drug name, not a person."})
    assert response.status_code == 302
    assert len(new_thread_notices(people["watcher"])) == 1


def test_ones_own_thread_does_not_notify_oneself(people, clients, category):
    clients("author").post(f"/c/{category.id}/watch", data={"watch": "yes"})
    df.start_thread(people["author"], category)
    db.session.commit()
    assert new_thread_notices(people["author"]) == []


def test_an_archived_category_cannot_be_watched(people, clients, category):
    from forum.timeutil import utcnow

    category.archived_at = utcnow()
    db.session.commit()
    assert "Watch new threads" not in clients("watcher").get(f"/c/{category.id}").get_data(as_text=True)
    response = clients("watcher").post(f"/c/{category.id}/watch", data={"watch": "yes"})
    assert response.status_code == 409
    assert "archived" in response.get_data(as_text=True)
    assert db.session.scalars(select(CategoryWatch)).all() == []


def test_an_unknown_category_is_a_404(clients, people):
    assert clients("watcher").post("/c/999999/watch", data={"watch": "yes"}).status_code == 404

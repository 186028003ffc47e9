"""Watching and muting a thread: the control on the thread page, and who is notified of replies."""
import re

import pytest
from sqlalchemy import select

from forum.discussion.models import Post, PostStatus, ThreadRead
from forum.discussion.services import reading
from forum.errors import ValidationFailed
from forum.extensions import db
from forum.notifications.models import Notification
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login

SECRET_BODY = "A detail that must stay inside the forum"


@pytest.fixture
def colleague(db):
    user = factories.make_user(full_name="Mei Lin Colleague", handle="mei.colleague")
    db.session.commit()
    return user


@pytest.fixture
def third(db):
    user = factories.make_user(full_name="Tomas Third", handle="tomas.third")
    db.session.commit()
    return user


def kinds_for(user):
    return [n.kind for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def checked_level(page):
    return re.search(r'<input type="radio" name="level" id="level-(\w+)" value="\w+" '
                     r'aria-describedby="[^"]+" checked>', page)[1]


def test_the_thread_page_offers_the_three_levels_with_normal_chosen(member_client, colleague):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Notifications for this thread" in page
    assert f'action="/t/{thread.id}/notifications"' in page
    for label in ("Watching", "Normal", "Muted"):
        assert f">{label}</label>" in page
    assert checked_level(page) == "normal"


def test_a_watcher_is_told_of_every_reply_in_app_and_by_mail_without_its_text(
        member_client, member, colleague, third, outbox):
    member_client.post("/notifications/settings", data={"email_enabled": "y"})
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    response = member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching"},
                                  follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are watching" in page and checked_level(page) == "watching"
    df.add_reply(third, thread, SECRET_BODY)
    df.add_reply(colleague, thread, "Another view")
    db.session.commit()
    assert kinds_for(member) == ["watched", "watched"]
    listing = member_client.get("/notifications").get_data(as_text=True)
    assert "replied in a thread you watch" in listing and SECRET_BODY not in listing
    mails = [m for m in outbox() if m["To"] == member.email]
    assert len(mails) == 2
    assert mails[0]["Subject"] == "New reply in a Curbside thread you watch"
    body = mails[0].get_content()
    assert "a thread you watch" in body and "Resistant hypertension" in body and SECRET_BODY not in body


def test_a_watcher_is_not_told_of_their_own_reply_and_a_mention_stays_a_mention(
        member_client, member, colleague, third):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching"})
    df.add_reply(member, thread, "My own reply")
    db.session.commit()
    assert kinds_for(member) == []
    df.add_reply(third, thread, f"What would @{member.handle} add?")
    db.session.commit()
    assert kinds_for(member) == ["mention"]  # one notification, of the most specific kind


def test_an_author_who_mutes_their_thread_hears_only_mentions_and_quotes(
        app, colleague, third):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    author = app.test_client()
    login(author, colleague)
    response = author.post(f"/t/{thread.id}/notifications", data={"level": "muted"}, follow_redirects=True)
    assert "is muted" in response.get_data(as_text=True)
    df.add_reply(third, thread, "A reply the author does not want to hear of")
    db.session.commit()
    assert kinds_for(colleague) == []
    df.add_reply(third, thread, f"But @{colleague.handle}, one question for you")
    db.session.commit()
    assert kinds_for(colleague) == ["mention"]
    author.post(f"/t/{thread.id}/notifications", data={"level": "normal"})
    df.add_reply(third, thread, "Back to normal")
    db.session.commit()
    assert kinds_for(colleague) == ["mention", "reply"]


def test_back_to_normal_a_reader_hears_of_replies_no_more(member_client, member, colleague, third):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching"})
    member_client.post(f"/t/{thread.id}/notifications", data={"level": "normal"})
    df.add_reply(third, thread, "Quiet reply")
    db.session.commit()
    assert kinds_for(member) == []
    row = db.session.get(ThreadRead, (member.id, thread.id))
    assert row.notification_level is None  # normal is not stored


def test_a_watcher_is_not_told_of_a_reply_held_for_review(member_client, member, colleague, third):
    from tests import moderation_factories as mf

    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching"})
    held = mf.held_reply(third, thread)
    db.session.commit()
    assert held.status == PostStatus.HELD
    assert kinds_for(member) == []


def test_setting_a_level_keeps_the_read_marker_and_the_page(member_client, member, colleague):
    thread = df.start_thread(colleague, title="Long case")
    for n in range(2, 26):
        df.add_reply(colleague, thread, f"Post body {n}")
    db.session.commit()
    member_client.get(f"/t/{thread.id}?page=2")
    response = member_client.post(f"/t/{thread.id}/notifications", data={"level": "muted", "page": "2"})
    assert response.headers["Location"].endswith(f"/t/{thread.id}?page=2")
    row = db.session.get(ThreadRead, (member.id, thread.id))
    assert (row.last_read_number, row.notification_level) == (25, "muted")
    response = member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching", "page": "99"})
    assert response.headers["Location"].endswith(f"/t/{thread.id}")


def test_watching_before_reading_leaves_every_post_unread(member_client, member, colleague):
    thread = df.start_thread(colleague, title="Not read yet")
    db.session.commit()
    member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching"})
    row = db.session.get(ThreadRead, (member.id, thread.id))
    assert (row.last_read_number, row.notification_level) == (0, "watching")
    listing = member_client.get(f"/c/{thread.category_id}").get_data(as_text=True)
    row = listing[listing.index(">Not read yet</a>"):][:300]
    assert 'badge-new">new</span>' in row and "unread" not in row  # new, as any thread never opened


@pytest.mark.parametrize("form", [{"level": "everything"}, {"level": ""}, {}])
def test_an_unknown_level_is_refused_and_nothing_is_stored(member_client, member, colleague, form):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    response = member_client.post(f"/t/{thread.id}/notifications", data=form)
    assert response.status_code == 400
    assert "Choose Watching, Normal or Muted." in response.get_data(as_text=True)
    assert db.session.get(ThreadRead, (member.id, thread.id)) is None


def test_a_thread_out_of_sight_or_unknown_cannot_be_watched(member_client, member, colleague):
    from tests import moderation_factories as mf

    thread = df.start_thread(colleague, title="Under review")
    db.session.flush()
    opening = mf.opening(thread)  # removed by a moderator for patient privacy: out of sight
    opening.status, opening.removal_category = PostStatus.REMOVED, "privacy"
    db.session.commit()
    assert member_client.post(f"/t/{thread.id}/notifications", data={"level": "watching"}).status_code == 404
    assert member_client.post("/t/999999/notifications", data={"level": "watching"}).status_code == 404
    assert db.session.get(ThreadRead, (member.id, thread.id)) is None


def test_a_get_is_not_allowed(member_client, colleague):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    assert member_client.get(f"/t/{thread.id}/notifications").status_code == 405


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_the_level_needs_a_csrf_token(app, member, colleague):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    db.session.commit()
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True))[1]
    client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD,
                                "csrf_token": token})
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert f'action="/t/{thread.id}/notifications"' in page  # signed in
    assert client.post(f"/t/{thread.id}/notifications", data={"level": "watching"}).status_code == 400
    assert db.session.get(ThreadRead, (member.id, thread.id)).notification_level is None
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(f"/t/{thread.id}/notifications",
                           data={"level": "watching", "csrf_token": form_token})
    assert response.status_code == 302


def test_the_service_refuses_an_unknown_level(db, member, colleague):
    thread = df.start_thread(colleague, title="Resistant hypertension")
    with pytest.raises(ValidationFailed):
        reading.set_notification_level(member, thread, "loud")

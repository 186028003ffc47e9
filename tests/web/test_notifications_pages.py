"""Notification pages through the test client: list, unread count in the nav, mark read,
open, other people's ids, email settings and CSRF."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.notifications import services
from forum.notifications.models import Notification
from forum.notifications.services import notify_new_post
from tests import factories
from tests.conftest import login
from tests.search_factories import make_post, make_thread

SECRET_BODY = "A detail that must stay inside the forum"


@pytest.fixture
def replied(member):
    """A thread of `member` with two replies by someone else, each notified."""
    other = factories.make_user(full_name="Dr Replier", handle="replier")
    thread = make_thread(member, title="Hypertension in CKD")
    notes = [notify_new_post(make_post(thread, other, f"{SECRET_BODY} {i}"), [], [])[0] for i in range(2)]
    db.session.commit()
    return thread, notes


def test_the_list_shows_who_did_what_where(member_client, replied):
    thread, notes = replied
    page = member_client.get("/notifications").get_data(as_text=True)
    assert "Dr Replier" in page and "replied in your thread" in page and thread.title in page
    assert f'href="/notifications/{notes[0].id}"' in page
    assert SECRET_BODY not in page


def test_the_nav_shows_the_unread_count(member_client, replied):
    page = member_client.get("/search").get_data(as_text=True)
    assert 'badge-unread">2<span class="visually-hidden"> unread' in page


def test_the_empty_list(member_client):
    page = member_client.get("/notifications").get_data(as_text=True)
    assert "Nothing yet" in page and "badge-unread" not in page


def test_mark_one_read(member_client, member, replied):
    _, notes = replied
    response = member_client.post(f"/notifications/{notes[0].id}/read")
    assert response.status_code == 302
    assert services.unread_count(member) == 1


def test_another_users_notification_is_not_found(app, replied):
    _, notes = replied
    stranger = factories.make_user()
    db.session.commit()
    client = app.test_client()
    login(client, stranger)
    assert client.post(f"/notifications/{notes[0].id}/read").status_code == 404
    assert client.get(f"/notifications/{notes[0].id}").status_code == 404
    assert client.post("/notifications/999999/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, notes[0].id).read_at is None


def test_mark_all_read(member_client, member, replied):
    response = member_client.post("/notifications/read-all", follow_redirects=True)
    assert "All notifications are marked read" in response.get_data(as_text=True)
    assert services.unread_count(member) == 0


def test_opening_marks_read_and_goes_to_the_post(member_client, member, replied):
    _, notes = replied
    response = member_client.get(f"/notifications/{notes[1].id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/posts/{notes[1].post_id}")
    db.session.expire_all()
    assert db.session.get(Notification, notes[1].id).read_at is not None


def test_settings_turn_email_on_and_off(member_client, member):
    page = member_client.get("/notifications/settings").get_data(as_text=True)
    assert 'for="email_enabled"' in page and "checked" not in page
    response = member_client.post("/notifications/settings", data={"email_enabled": "y"},
                                  follow_redirects=True)
    assert "Email notifications are on" in response.get_data(as_text=True)
    assert services.email_enabled(member) is True
    assert "checked" in member_client.get("/notifications/settings").get_data(as_text=True)
    member_client.post("/notifications/settings", data={})
    db.session.expire_all()
    assert services.email_enabled(member) is False


def test_opted_in_email_carries_title_and_link_only(member_client, member, outbox):
    member_client.post("/notifications/settings", data={"email_enabled": "y"})
    other = factories.make_user()
    thread = make_thread(member, title="Lithium levels")
    reply = make_post(thread, other, SECRET_BODY)
    notify_new_post(reply, [], [])
    db.session.commit()
    [message] = [m for m in outbox() if m["To"] == member.email]
    body = message.get_content()
    assert "Lithium levels" in body and SECRET_BODY not in body
    link = next(line for line in body.splitlines() if "/notifications/" in line and "settings" not in line)
    path = link.strip().replace("http://localhost", "")
    assert member_client.get(path).headers["Location"].endswith(f"/posts/{reply.id}")


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_posts_need_a_csrf_token(app, member, replied):
    _, notes = replied
    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD,
                                "csrf_token": token})
    assert client.post(f"/notifications/{notes[0].id}/read").status_code == 400
    assert client.post("/notifications/read-all").status_code == 400
    assert client.post("/notifications/settings", data={"email_enabled": "y"}).status_code == 400
    db.session.expire_all()
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == notes[0].id)) is None


def test_pages_are_for_members_only(client):
    for path in ("/notifications", "/notifications/settings", "/notifications/1"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def mailed(member, outbox):
    """The notification mail `member` (opted in) got about a reply."""
    services.set_email_preference(member, True)
    thread = make_thread(member, title="Lithium levels")
    notify_new_post(make_post(thread, factories.make_user(), SECRET_BODY), [], [])
    db.session.commit()
    [message] = [m for m in outbox() if m["To"] == member.email]
    return message


def _unsubscribe_path(message):
    header = message["List-Unsubscribe"]
    assert header.startswith("<http://localhost/notifications/unsubscribe/") and header.endswith(">")
    return header[1:-1].replace("http://localhost", "")


def test_a_notification_mail_offers_one_click_unsubscribe(app, member, mailed):
    """RFC 8058: the provider POSTs "List-Unsubscribe=One-Click" to the link, with no cookie
    and no form token; mail stops, in-app notifications go on."""
    assert mailed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = _unsubscribe_path(mailed)
    assert path in mailed.get_content()  # the same link in the text, for people
    response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Email notifications are off" in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.email_enabled(member) is False


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_the_unsubscribe_link_asks_first_and_needs_no_login_or_form_token(app, member, mailed):
    client = app.test_client()
    page = client.get(_unsubscribe_path(mailed))
    assert page.status_code == 200 and "Turn email notifications off" in page.get_data(as_text=True)
    assert member.email not in page.get_data(as_text=True)
    db.session.expire_all()
    assert services.email_enabled(member) is True  # a GET (a link scanner) changes nothing
    assert client.post(_unsubscribe_path(mailed)).status_code == 200
    db.session.expire_all()
    assert services.email_enabled(member) is False


def test_a_forged_or_outdated_unsubscribe_link_changes_nothing(app, member, mailed):
    client = app.test_client()
    path = _unsubscribe_path(mailed)
    forged = client.post(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert forged.status_code == 400
    member.email = "moved@example.org"  # a link made for the old address is no longer valid
    db.session.commit()
    outdated = client.post(path)
    assert outdated.status_code == 400 and "not valid any more" in outdated.get_data(as_text=True)
    db.session.expire_all()
    assert services.email_enabled(member) is True


def test_mark_all_read_leaves_a_notification_that_arrived_after_the_page(member_client, member, replied):
    """The list was drawn, then a colleague replied: "Mark all read" marks what the member was
    shown, not the reply they never saw (it stays unread, and the answer says so)."""
    import re

    thread, _ = replied
    page = member_client.get("/notifications").get_data(as_text=True)
    up_to = re.search(r'name="up_to" value="(\d+)"', page).group(1)
    late = notify_new_post(make_post(thread, factories.make_user(full_name="Dr Late"), "Late reply"), [], [])[0]
    db.session.commit()
    response = member_client.post("/notifications/read-all", data={"up_to": up_to}, follow_redirects=True)
    assert "1 more arrived since, still unread" in response.get_data(as_text=True)
    assert services.unread_count(member) == 1
    db.session.expire_all()
    assert db.session.get(Notification, late.id).read_at is None

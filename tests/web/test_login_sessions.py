"""Login, throttling, `next`, server-side sessions, logout and session management."""
import re

from sqlalchemy import func, select

from forum.auth.models import AccountState, UserSession
from forum.auth.services import GENERIC_LOGIN_FAILURE
from forum.security import passwords
from tests import factories
from tests.conftest import login


def session_count(db, user):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id))


def test_member_logs_in_and_reaches_the_forum(client, member):
    response = login(client, member)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_answer(client, member):
    wrong = login(client, member, "not the right password at all")
    unknown = login(client, "nobody@example.org", "not the right password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert GENERIC_LOGIN_FAILURE in wrong.get_data(as_text=True)
    assert GENERIC_LOGIN_FAILURE in unknown.get_data(as_text=True)


def test_email_is_case_insensitive(client, member):
    assert login(client, member.email.upper()).status_code == 302


def test_revoked_account_cannot_log_in(client, db):
    user = factories.make_user(state=AccountState.REVOKED)
    db.session.commit()
    response = login(client, user)
    assert response.status_code == 401
    assert GENERIC_LOGIN_FAILURE in response.get_data(as_text=True)


def test_login_records_a_server_session_with_ip_and_agent(client, db, member):
    client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD},
                headers={"User-Agent": "TestBrowser/1.0"})
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == member.id))
    assert row.user_agent == "TestBrowser/1.0"
    assert row.ip_address == "127.0.0.1"


def test_logout_ends_the_session_and_a_replayed_cookie_is_refused(app, client, db, member):
    login(client, member)
    cookie = client.get_cookie("curbside_session").value
    assert client.post("/logout").status_code == 302
    assert session_count(db, member) == 0
    replay = app.test_client()
    replay.set_cookie("curbside_session", cookie)
    response = replay.get("/")
    assert response.status_code == 200
    assert "Apply to join" in response.get_data(as_text=True)
    assert replay.get("/account").headers["Location"].startswith("/login")


def test_next_accepts_local_paths_only(client, member):
    ok = client.post("/login?next=/account", data={"email": member.email, "password": factories.DEFAULT_PASSWORD})
    assert ok.headers["Location"] == "/account"


def test_next_to_another_host_is_ignored(app, member):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        client = app.test_client()
        response = client.post("/login", query_string={"next": target},
                               data={"email": member.email, "password": factories.DEFAULT_PASSWORD})
        assert response.headers["Location"] == "/", target


def test_gate_redirect_carries_next(client):
    response = client.get("/account")
    assert response.headers["Location"] == "/login?next=/account"


def test_login_is_throttled_per_account_and_address(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"] = "3 per 15 minutes"
    for _ in range(3):
        assert login(client, member, "wrong password number one").status_code == 401
    blocked = login(client, member)  # even the right password waits
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    page = blocked.get_data(as_text=True)
    assert re.search(r'id="password-error">\s*<li>Too many wrong passwords for this email from your device or '
                     r"network. Wait 15 minutes and try again, or reset your password.</li>", page)
    assert 'value="member@example.org"' in page  # the form is kept
    other = factories.make_user()
    from forum.extensions import db
    db.session.commit()
    assert login(client, other).status_code == 302


def test_login_is_throttled_per_ip(app, client, member):
    app.config["LOGIN_LIMIT_PER_IP"] = "4 per 15 minutes"
    for n in range(4):
        assert login(client, f"someone{n}@example.org", "wrong password number one").status_code == 401
    blocked = login(client, member)
    assert blocked.status_code == 429
    assert "Too many failed logins from your network. Wait 15 minutes and try again." in blocked.get_data(as_text=True)


def test_successful_logins_do_not_count_against_the_throttle(app, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"] = "2 per 15 minutes"
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    for _ in range(4):
        client = app.test_client()
        assert login(client, member).status_code == 302


def test_member_sees_and_ends_another_session(app, db, member):
    first, second = app.test_client(), app.test_client()
    login(first, member)
    login(second, member)
    page = first.get("/account").get_data(as_text=True)
    assert page.count("End session") == 2
    other = db.session.scalars(select(UserSession).order_by(UserSession.id.desc())).first()
    assert first.post(f"/account/sessions/{other.id}/end").status_code == 302
    assert second.get("/account").status_code == 302
    assert first.get("/account").status_code == 200


def test_cannot_end_someone_elses_session(app, db, member):
    stranger = factories.make_user()
    db.session.commit()
    theirs, mine = app.test_client(), app.test_client()
    login(theirs, stranger)
    login(mine, member)
    their_row = db.session.scalar(select(UserSession).where(UserSession.user_id == stranger.id))
    mine.post(f"/account/sessions/{their_row.id}/end")
    assert session_count(db, stranger) == 1


def test_end_all_other_sessions(app, db, member):
    clients = [app.test_client() for _ in range(3)]
    for c in clients:
        login(c, member)
    clients[0].post("/account/sessions/end-others")
    assert session_count(db, member) == 1
    assert clients[0].get("/account").status_code == 200
    assert clients[1].get("/account").status_code == 302


def test_password_change_ends_other_sessions(app, db, member):
    mine, other = app.test_client(), app.test_client()
    login(mine, member)
    login(other, member)
    new = "lantern quarry mosaic 2210 fjord"
    response = mine.post("/account/password", data={
        "current_password": factories.DEFAULT_PASSWORD, "new_password": new, "new_password_confirm": new})
    assert response.status_code == 302
    assert other.get("/account").status_code == 302
    assert mine.get("/account").status_code == 200
    assert login(app.test_client(), member, new).status_code == 302


def test_password_change_needs_the_current_password(member_client, db, member):
    new = "lantern quarry mosaic 2210 fjord"
    response = member_client.post("/account/password", data={
        "current_password": "wrong wrong wrong wrong", "new_password": new, "new_password_confirm": new})
    assert response.status_code == 400
    assert "current password is not correct" in response.get_data(as_text=True)


def test_idle_sessions_expire(app, db, member_client, member):
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == member.id))
    from datetime import timedelta
    row.last_seen_at -= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()
    assert member_client.get("/account").headers["Location"].startswith("/login")
    assert session_count(db, member) == 0


def _expire_sessions(app, db, member):
    from datetime import timedelta

    for row in db.session.scalars(select(UserSession).where(UserSession.user_id == member.id)):
        row.last_seen_at -= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()


def test_a_post_sent_after_the_session_ended_is_shown_back(app, db, member_client, member):
    """An hour's write-up must not vanish with the session: nothing is stored, the words are
    shown back (never a password) beside a login that returns to the composer."""
    from forum.discussion.models import Post
    from tests import discussion_factories as df

    category = df.make_category()
    db.session.commit()
    key = df.composer_form(member_client, "/threads/new")
    _expire_sessions(app, db, member)
    response = member_client.post("/threads/new", headers={"Origin": "http://localhost"}, data={
        "category": str(category.id), "kind": "general", "title": "Sodium <b>falling</b>",
        "body": "Day 3 of SIADH.\nFluid restriction failed.", "citations-0-value": "PMID 123",
        "submission_key": key, "action": "post", "password": "never shown"})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Your session ended before this was sent" in page
    assert "Sodium &lt;b&gt;falling&lt;/b&gt;" in page and "Day 3 of SIADH.\nFluid restriction failed." in page
    assert "Citations 1: citation" in page and "PMID 123" in page
    assert "never shown" not in page and key not in page
    assert 'action="/login?next=/threads/new"' in page
    assert df.count_rows(Post) == 0
    login_again = member_client.post("/login?next=/threads/new", data={
        "email": member.email, "password": factories.DEFAULT_PASSWORD})
    assert login_again.headers["Location"] == "/threads/new"


def test_the_session_ended_page_shows_back_no_more_than_a_composer_holds(client):
    """Answered without a login, so its cost is bounded: 100,000 fields are not 100,000 boxes."""
    data = {f"f{n}": "v" for n in range(100_000)}
    response = client.post("/threads/new", headers={"Sec-Fetch-Site": "same-origin"}, data=data)
    assert response.status_code == 401
    assert response.get_data(as_text=True).count("<textarea") == 80
    big = {"title": "t" * 50_000, "body": "b" * 50_000}
    shown = client.post("/threads/new", headers={"Sec-Fetch-Site": "same-origin"}, data=big)
    assert "t" * 50_000 in shown.get_data(as_text=True) and "b" * 50_000 not in shown.get_data(as_text=True)


def test_another_site_cannot_put_words_on_the_session_ended_page(app, db, client):
    """A cross-site POST comes without the session cookie: shown back, its text would be words
    of another site's choosing on a forum page."""
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {}):
        response = client.post("/threads/new", headers=headers, data={"body": "Call 555-0100 now"})
        assert response.status_code == 302 and response.headers["Location"] == "/login"
    # a form with nothing typed (log out, a code) just goes to the login page, as before
    response = client.post("/logout", headers={"Origin": "http://localhost"}, data={"csrf_token": "x"})
    assert response.headers["Location"] == "/login"


def test_login_rehashes_when_parameters_change(client, db, member):
    from argon2 import PasswordHasher

    member.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(factories.DEFAULT_PASSWORD)
    db.session.commit()
    assert passwords.needs_rehash(member.password_hash)
    assert login(client, member).status_code == 302
    db.session.expire_all()
    assert not passwords.needs_rehash(db.session.get(type(member), member.id).password_hash)


def test_suspended_member_logs_in_to_the_status_page(client, db):
    user = factories.make_user(state=AccountState.SUSPENDED, state_reason="Repeated incivility.")
    db.session.commit()
    response = login(client, user)
    assert response.headers["Location"].endswith("/status")
    page = client.get("/status").get_data(as_text=True)
    assert "suspended until" in page and "Repeated incivility." in page


def test_expired_suspension_is_lifted_at_login(client, db):
    from datetime import timedelta

    from forum.timeutil import utcnow
    user = factories.make_user(state=AccountState.SUSPENDED, suspended_until=utcnow() - timedelta(hours=1))
    db.session.commit()
    assert login(client, user).headers["Location"] == "/"


def _cookie_session(app, client):
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else {}


def test_nothing_in_the_cookie_carries_across_login_or_logout(app, client, member):
    """A form-token secret known before login (an earlier user of the browser, or a planted
    cookie) must not stay valid for the signed-in account, nor outlive its logout."""
    with client.session_transaction() as cookie:
        cookie["csrf_token"] = "planted-before-login"
        cookie["leftover"] = "anything"
    assert login(client, member).status_code == 302
    inside = _cookie_session(app, client)
    assert "leftover" not in inside and inside.get("csrf_token") != "planted-before-login"
    with client.session_transaction() as cookie:
        cookie["csrf_token"] = "issued-while-signed-in"
    client.post("/logout")
    after = _cookie_session(app, client)
    assert after.get("csrf_token") != "issued-while-signed-in"
    assert "_user_id" not in after and after.get("_flashes")  # "You are logged out." still shown

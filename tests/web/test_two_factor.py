"""Two-factor authentication: enrolment, login with a code or a recovery code, staff enforcement."""
import re
import time

import pyotp
import pytest
from sqlalchemy import select

from forum.auth.models import Role, SecurityEvent, TwoFactorCredential
from tests import factories
from tests.conftest import link_in, login


SECRET = re.compile(r'<code class="secret">([A-Z2-7]+)</code>')


def start(client, password=factories.DEFAULT_PASSWORD):
    """Press "Set up two-factor authentication" with the password: the response."""
    return client.post("/account/two-factor/setup", data={"password": password})


def enrol(client, db, user):
    """Walk through set-up in the browser; returns the recovery codes shown."""
    started = start(client)
    page = started.get_data(as_text=True)
    assert started.status_code == 200 and "<svg" in page and "qr-code" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD,
                                                              "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))


def password_only(client, user):
    return client.post("/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD})


def test_member_enrols_and_then_needs_a_code(app, db, member_client, member):
    codes = enrol(member_client, db, member)
    assert len(codes) == 10 and len(set(codes)) == 10
    client = app.test_client()
    response = password_only(client, member)
    assert response.headers["Location"] == "/login/verify"
    assert client.get("/account").headers["Location"].startswith("/login")  # not logged in yet
    # the code typed at enrolment is spent; the app's next code (30 s on) is accepted
    code = factories.current_code(member.id, at=time.time() + 30)
    assert client.post("/login/verify", data={"code": code}).status_code == 302
    assert client.get("/account").status_code == 200


def test_turning_two_factor_on_ends_the_sessions_that_began_without_it(app, db):
    """A session opened with the password alone (a stolen one, say) must not pass the staff
    pages' "two-factor is on" check once the account enrols; the enrolling session stays."""
    moderator = factories.make_user(role="moderator", two_factor=False)
    db.session.commit()
    enrolling, earlier = app.test_client(), app.test_client()
    assert login(enrolling, moderator).status_code == login(earlier, moderator).status_code == 302
    assert earlier.get("/account").status_code == 200
    enrol(enrolling, db, moderator)
    assert enrolling.get("/moderation").status_code == 200
    response = earlier.get("/moderation")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_wrong_first_code_does_not_enable(member_client, db, member):
    secret = SECRET.search(start(member_client).get_data(as_text=True)).group(1)
    response = member_client.post("/account/two-factor/setup",
                                  data={"password": factories.DEFAULT_PASSWORD, "code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.get_data(as_text=True)
    assert SECRET.search(response.get_data(as_text=True)).group(1) == secret  # the password was right
    credential = db.session.get(TwoFactorCredential, member.id)
    assert credential.confirmed_at is None


def _pending_secret(client):
    started = start(client)
    assert started.status_code == 200
    return SECRET.search(started.get_data(as_text=True)).group(1)


def test_turning_two_factor_on_needs_the_password(db, member_client, member):
    """A stolen session alone must not turn two-factor on with the thief's authenticator app
    (which would lock the owner out): the set-up asks for the account's password."""
    page = start(member_client).get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    assert 'id="password"' in page and 'autocomplete="current-password"' in page
    code = pyotp.TOTP(secret).now()
    response = member_client.post("/account/two-factor/setup", data={"password": "a stolen session's guess",
                                                                       "code": code})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert re.search(r'id="password-error">\s*<li>Your password is not correct.</li>', body)
    assert "recovery-codes" not in body and secret not in body and "start the set-up again" in body
    db.session.expire_all()
    credential = db.session.get(TwoFactorCredential, member.id)
    assert credential.confirmed_at is None and credential.last_used_step == 0  # the code is not spent
    assert db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == member.id)).all().count(
        "password_check_failed") == 1
    missing = member_client.post("/account/two-factor/setup", data={"password": "", "code": code})
    assert missing.status_code == 400 and "Enter your password." in missing.get_data(as_text=True)
    ok = member_client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD, "code": code})
    assert ok.status_code == 200 and "recovery" in ok.get_data(as_text=True).lower()
    db.session.expire_all()
    assert db.session.get(TwoFactorCredential, member.id).confirmed_at is not None


def test_starting_set_up_needs_the_password_and_shows_the_secret_only_to_it(db, member_client, member):
    """The set-up page shows a new secret: a stolen session that learnt it could read the codes
    of the authenticator the member then turns on. Starting asks for the password; afterwards
    the secret is shown only in answer to the password, never on a plain visit."""
    page = member_client.get("/account/two-factor").get_data(as_text=True)
    assert 'id="start-password"' in page and "enter your password first" in page
    missing = start(member_client, "")
    assert missing.status_code == 400
    assert re.search(r'id="start-password-error">\s*<li>Enter your password.</li>', missing.get_data(as_text=True))
    wrong = start(member_client, "a stolen session's guess")
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and not SECRET.search(body) and "<svg" not in body
    assert re.search(r'id="start-password-error">\s*<li>Your password is not correct.</li>', body)
    assert db.session.get(TwoFactorCredential, member.id) is None
    assert db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == member.id)).all().count(
        "password_check_failed") == 1
    secret = _pending_secret(member_client)
    visit = member_client.get("/account/two-factor/setup")
    assert visit.status_code == 302 and visit.location == "/account/two-factor"
    assert secret not in member_client.get("/account/two-factor").get_data(as_text=True)
    guess = member_client.post("/account/two-factor/setup", data={"password": "another guess", "code": "123456"})
    assert guess.status_code == 400 and secret not in guess.get_data(as_text=True)


def test_wrong_passwords_at_set_up_count_with_the_account_pages(app, db, member_client, member):
    """Each is a password guess: they share the allowance of the password change, so a stolen
    session cannot use the set-up page to guess the password without end."""
    app.config["TWO_FACTOR_LIMIT"] = "100 per 5 minutes"  # the set-up's own limit is not the one tested
    secret = _pending_secret(member_client)
    statuses = [member_client.post("/account/two-factor/setup", data={
        "password": f"guess number {i} abcdef", "code": pyotp.TOTP(secret).now()}).status_code for i in range(5)]
    statuses += [member_client.post("/account/password", data={
        "current_password": f"guess number {i} abcdef", "new_password": "granite marmalade ocelot 7781",
        "new_password_confirm": "granite marmalade ocelot 7781"}).status_code for i in range(3)]
    assert statuses == [400] * 8
    refused = member_client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD,
                                                                     "code": pyotp.TOTP(secret).now()})
    assert refused.status_code == 429
    db.session.expire_all()
    assert db.session.get(TwoFactorCredential, member.id).confirmed_at is None


def test_a_wrong_first_code_is_not_a_password_guess(app, db, member_client, member):
    _pending_secret(member_client)
    for _ in range(4):
        member_client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD,
                                                               "code": "000000"})
    kinds = db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == member.id)).all()
    assert "password_check_failed" not in kinds and "two_factor_failed" not in kinds


def test_new_recovery_codes_need_the_password(app, db, member_client, member):
    old = enrol(member_client, db, member)
    page = member_client.get("/account/two-factor").get_data(as_text=True)
    assert 'id="new-codes-password"' in page and page.count('id="password"') == 1  # the "turn off" form's
    code = factories.current_code(member.id, at=time.time() + 30)
    response = member_client.post("/account/two-factor/recovery-codes", data={"password": "not my password at all",
                                                                                 "code": code})
    assert response.status_code == 400
    assert re.search(r'id="new-codes-password-error">\s*<li>Your password is not correct.</li>',
                     response.get_data(as_text=True))
    assert not re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))
    missing = member_client.post("/account/two-factor/recovery-codes", data={"code": code})
    assert missing.status_code == 400 and "Enter your password." in missing.get_data(as_text=True)
    client = app.test_client()
    password_only(client, member)
    assert client.post("/login/verify", data={"code": old[0]}).status_code == 302  # the old codes still work
    kinds = db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == member.id)).all()
    assert kinds.count("password_check_failed") == 1 and "recovery_codes_regenerated" not in kinds


def test_recovery_code_logs_in_once(app, db, member_client, member):
    codes = enrol(member_client, db, member)
    first = app.test_client()
    password_only(first, member)
    assert first.post("/login/verify", data={"code": codes[0].upper()}).status_code == 302
    second = app.test_client()
    password_only(second, member)
    reused = second.post("/login/verify", data={"code": codes[0]})
    assert reused.status_code == 401
    events = db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == member.id)).all()
    assert "recovery_code_used" in events and "two_factor_failed" in events


def test_a_code_cannot_be_replayed(app, db, member):
    factories.enable_two_factor(member)
    db.session.commit()
    code = factories.current_code(member.id)
    first, second = app.test_client(), app.test_client()
    password_only(first, member)
    assert first.post("/login/verify", data={"code": code}).status_code == 302
    password_only(second, member)
    assert second.post("/login/verify", data={"code": code}).status_code == 401


def test_second_step_is_throttled(app, db, member):
    app.config["TWO_FACTOR_LIMIT"] = "3 per 5 minutes"
    factories.enable_two_factor(member)
    db.session.commit()
    client = app.test_client()
    password_only(client, member)
    for _ in range(3):
        assert client.post("/login/verify", data={"code": "123456"}).status_code == 401
    assert client.post("/login/verify", data={"code": factories.current_code(member.id)}).status_code == 429


def test_a_wrong_code_after_the_right_password_is_mailed_to_the_member_once_an_hour(app, db, member, outbox):
    """Whoever gets past the password knows it, and may go on trying codes (a few every five
    minutes, for as long as it takes): the member hears of it at once, to change the password."""
    from datetime import timedelta
    factories.enable_two_factor(member)
    db.session.commit()
    client = app.test_client()
    password_only(client, member)
    for _ in range(2):
        assert client.post("/login/verify", data={"code": "123456"}).status_code == 401
    told = [mail for mail in outbox() if mail["Subject"] == "Someone used your Curbside password"]
    assert len(told) == 1 and told[0]["To"] == member.email
    assert "127.0.0.1" in told[0].get_content() and "/reset" in told[0].get_content()
    for event in db.session.scalars(select(SecurityEvent).where(SecurityEvent.user_id == member.id)):
        event.created_at -= timedelta(hours=2)
    db.session.commit()
    password_only(client, member)
    client.post("/login/verify", data={"code": "123456"})
    assert len([mail for mail in outbox() if mail["Subject"] == "Someone used your Curbside password"]) == 2


def test_second_step_expires(app, db, member, monkeypatch):
    factories.enable_two_factor(member)
    db.session.commit()
    client = app.test_client()
    password_only(client, member)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 301)
    response = client.post("/login/verify", data={"code": "123456"})
    assert response.headers["Location"] == "/login"


def test_verify_page_without_a_password_step_sends_to_login(client):
    assert client.get("/login/verify").headers["Location"] == "/login"


def test_password_reset_does_not_bypass_two_factor(app, db, outbox, member):
    factories.enable_two_factor(member)
    db.session.commit()
    client = app.test_client()
    client.post("/reset", data={"email": member.email})
    new = "granite marmalade ocelot 7781 dune"
    client.post(link_in(outbox()[-1], "/reset/"), data={"password": new, "password_confirm": new})
    response = client.post("/login", data={"email": member.email, "password": new})
    assert response.headers["Location"] == "/login/verify"
    assert client.get("/account").headers["Location"].startswith("/login")


def test_staff_without_two_factor_are_sent_to_enrol(app, db):
    admin = factories.make_user(role=Role.ADMIN, two_factor=False)
    db.session.commit()
    client = app.test_client()
    login(client, admin)
    response = client.get("/admin/applications")
    assert response.headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "must turn on two-factor" in page
    enrol(client, db, admin)
    assert client.get("/admin/applications").status_code == 200


def test_staff_cannot_turn_two_factor_off(admin_client, db, admin):
    response = admin_client.post("/account/two-factor/disable", data={
        "password": factories.DEFAULT_PASSWORD, "code": factories.current_code(admin.id)})
    assert response.status_code == 409
    assert db.session.get(TwoFactorCredential, admin.id) is not None


def test_member_turns_two_factor_off_with_password_and_code(app, db, member_client, member):
    enrol(member_client, db, member)
    wrong = member_client.post("/account/two-factor/disable", data={"password": "nope nope nope nope", "code": "1"})
    assert wrong.status_code == 400
    # the code used at enrolment cannot be reused; take the next step's code
    code = factories.current_code(member.id, at=time.time() + 30)
    ok = member_client.post("/account/two-factor/disable", data={"password": factories.DEFAULT_PASSWORD, "code": code})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(TwoFactorCredential, member.id) is None
    assert password_only(app.test_client(), member).headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old(app, db, member_client, member):
    old = enrol(member_client, db, member)
    code = factories.current_code(member.id, at=time.time() + 30)
    response = member_client.post("/account/two-factor/recovery-codes",
                                  data={"password": factories.DEFAULT_PASSWORD, "code": code})
    new = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client = app.test_client()
    password_only(client, member)
    assert client.post("/login/verify", data={"code": old[1]}).status_code == 401
    assert client.post("/login/verify", data={"code": new[1]}).status_code == 302


# Staff powers need the second factor everywhere, not only on staff pages.

def test_a_moderator_without_two_factor_reads_as_a_member(app, db):
    """Held posts (patient identifiers the screen stopped) and moderators-only revisions are
    staff powers: a moderator who has not enrolled sees the thread as a member does, and the
    nav still shows the way to the staff pages, which send them to enrol."""
    from forum.discussion.models import PostRevision
    from forum.moderation.services import posts as moderation_posts
    from tests import discussion_factories as df
    from tests import moderation_factories as mf

    author = factories.make_user(full_name="Alice Author")
    enrolled = factories.make_user(full_name="Enrolled Mod", role=Role.MODERATOR)
    moderator = factories.make_user(full_name="Mo Derator", role=Role.MODERATOR, two_factor=False)
    thread = df.start_thread(author, title="Hyponatraemia question")
    held = mf.held_reply(author, thread)
    reply = df.add_reply(author, thread, body="Original wording with the word xyzzyplugh in it.")
    db.session.flush()
    moderation_posts.redact_post(enrolled, reply, "Redacted text.", "Identifier in the post")
    db.session.commit()
    assert db.session.scalar(select(PostRevision).where(PostRevision.moderator_only.is_(True)))
    client = app.test_client()
    assert login(client, moderator).status_code == 302
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "MRN 4432190" not in page and 'href="/moderation"' in page
    assert client.get(f"/posts/{held.id}").status_code == 404
    assert "xyzzyplugh" not in client.get(f"/posts/{reply.id}/revisions").get_data(as_text=True)
    assert client.get("/moderation").headers["Location"] == "/account/two-factor"
    staff = app.test_client()
    login(staff, enrolled)
    assert "MRN 4432190" in staff.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "xyzzyplugh" in staff.get(f"/posts/{reply.id}/revisions").get_data(as_text=True)


# Every form that checks a code or the password shares the login's allowance for guesses.

def _signed_in_with_two_factor(app, db, member):
    factories.enable_two_factor(member)
    db.session.commit()
    client = app.test_client()
    login(client, member)
    return client


def test_new_recovery_codes_are_throttled_like_the_login_code(app, db, member):
    """With a stolen session, this form was a way to guess a code without limit, and the prize
    was ten fresh recovery codes."""
    client = _signed_in_with_two_factor(app, db, member)
    statuses = [client.post("/account/two-factor/recovery-codes",
                            data={"password": factories.DEFAULT_PASSWORD, "code": f"{i:06d}"}).status_code
                for i in range(6)]
    assert statuses == [400] * 5 + [429]
    kinds = db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == member.id)).all()
    assert kinds.count("two_factor_failed") == 5


def test_code_guesses_count_across_forms(app, db, member):
    """The allowance is the account's: guesses on the account pages and at the login's second
    step are counted together."""
    client = _signed_in_with_two_factor(app, db, member)
    for i in range(3):
        assert client.post("/account/two-factor/disable",
                           data={"password": factories.DEFAULT_PASSWORD, "code": f"{i:06d}"}).status_code == 400
    other = app.test_client()
    assert password_only(other, member).headers["Location"] == "/login/verify"
    assert [other.post("/login/verify", data={"code": f"{i:06d}"}).status_code for i in range(3)] == [401, 401, 429]


def test_changing_the_password_is_limited_like_the_login(app, db, member):
    client = app.test_client()
    login(client, member)
    statuses = [client.post("/account/password", data={
        "current_password": f"guess number {i} abcdef", "new_password": "granite marmalade ocelot 7781",
        "new_password_confirm": "granite marmalade ocelot 7781"}).status_code for i in range(9)]
    assert statuses == [400] * 8 + [429]
    page = client.get("/account/security-log").get_data(as_text=True)
    assert "Wrong password given on the account pages" in page


def test_strangers_guessing_at_the_login_cannot_lock_a_member_out_of_their_settings(app, db, member):
    """The login's allowance is spent by anyone who knows the email; the account pages have
    their own, which only the member's session can spend."""
    client = app.test_client()
    login(client, member)
    stranger = app.test_client()
    for _ in range(10):
        stranger.post("/login", data={"email": member.email, "password": "wrong password guess"})
    assert stranger.post("/login", data={"email": member.email, "password": "x" * 14}).status_code == 429
    new = "granite marmalade ocelot 7781"
    response = client.post("/account/password", data={
        "current_password": factories.DEFAULT_PASSWORD, "new_password": new, "new_password_confirm": new})
    assert response.status_code == 302


def test_a_weak_new_password_is_not_counted_as_a_guess(app, db, member):
    client = app.test_client()
    login(client, member)
    for _ in range(10):
        response = client.post("/account/password", data={
            "current_password": factories.DEFAULT_PASSWORD, "new_password": "short",
            "new_password_confirm": "short"})
        assert response.status_code == 400


def _race_second_step(app, member, code, monkeypatch, slowed):
    """Two logins that passed the password step send the same code at the same moment; a
    barrier holds both until each has checked the code, so both reach the write."""
    import threading

    from forum.auth import two_factor

    barrier = threading.Barrier(2)
    real = getattr(two_factor, slowed)

    def waiting(*args, **kwargs):
        result = real(*args, **kwargs)
        try:
            barrier.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass
        return result

    monkeypatch.setattr(two_factor, slowed, waiting)
    clients = [app.test_client() for _ in range(2)]
    for client in clients:
        assert password_only(client, member).status_code == 302
    results = [None, None]

    def send(index):
        results[index] = clients[index].post("/login/verify", data={"code": code}).status_code

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_one_code_in_two_racing_logins_logs_in_once(app, db, member, monkeypatch):
    """The loser is refused (PostgreSQL: its UPDATE matches nothing once the winner commits)
    or asked to send again (SQLite: one writer at a time); never a second login, never a 500."""
    factories.enable_two_factor(member)
    db.session.commit()
    results = _race_second_step(app, member, factories.current_code(member.id), monkeypatch,
                                "_matching_step")
    assert results.count(302) == 1 and set(results) <= {302, 401, 503}, results


def test_one_recovery_code_in_two_racing_logins_logs_in_once(app, db, member, monkeypatch):
    from forum.auth import two_factor

    two_factor.begin_enrolment(member, factories.DEFAULT_PASSWORD)
    credential = db.session.get(TwoFactorCredential, member.id)
    codes = two_factor.confirm_enrolment(member, factories.DEFAULT_PASSWORD,
                                         pyotp.TOTP(two_factor.seed_of(credential)).now())
    db.session.commit()
    results = _race_second_step(app, member, codes[0], monkeypatch, "_hash_code")
    assert results.count(302) == 1 and set(results) <= {302, 401, 503}, results


def _rotate_secret_key(app, keep_old):
    old = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "the-next-secret-key-after-rotation-0123456789abcdef"
    app.config["SECRET_KEY_FALLBACKS"] = [old] if keep_old else []


def test_the_database_holds_no_seed_in_clear(app, db, member_client, member):
    enrol(member_client, db, member)
    page = member_client.get("/account/two-factor").get_data(as_text=True)
    stored = db.session.scalar(select(TwoFactorCredential.sealed_secret)
                               .where(TwoFactorCredential.user_id == member.id))
    seed = factories.two_factor_service.seed_of(db.session.get(TwoFactorCredential, member.id))
    assert stored.startswith("v1.") and seed not in stored and seed not in page


def test_a_rotated_secret_key_kept_as_fallback_still_accepts_codes_and_reseals(app, db, member):
    factories.enable_two_factor(member)
    db.session.commit()
    before = db.session.get(TwoFactorCredential, member.id).sealed_secret
    _rotate_secret_key(app, keep_old=True)
    client = app.test_client()
    assert password_only(client, member).headers["Location"] == "/login/verify"
    assert client.post("/login/verify", data={"code": factories.current_code(member.id)}).status_code == 302
    db.session.expire_all()
    after = db.session.get(TwoFactorCredential, member.id).sealed_secret
    assert after != before
    app.config["SECRET_KEY_FALLBACKS"] = []  # re-sealed: the new key alone opens it now
    factories.current_code(member.id)


def test_a_secret_key_changed_without_fallback_refuses_codes_but_not_recovery_codes(
        app, db, member_client, member, caplog):
    codes = enrol(member_client, db, member)
    code = factories.current_code(member.id, at=time.time() + 30)
    _rotate_secret_key(app, keep_old=False)
    client = app.test_client()
    password_only(client, member)
    response = client.post("/login/verify", data={"code": code})
    assert response.status_code == 401 and "not right" in response.get_data(as_text=True)
    assert "FORUM_SECRET_KEY_FALLBACKS" in caplog.text and "Traceback" not in response.get_data(as_text=True)
    assert client.post("/login/verify", data={"code": codes[0]}).status_code == 302
    assert client.get("/account").status_code == 200


def test_the_operator_resets_a_moderators_two_factor_who_lost_their_phone(app, db, runner, outbox, moderator):
    from forum.audit.models import AuditEntry

    signed_in = app.test_client()
    password_only(signed_in, moderator)
    assert signed_in.post("/login/verify", data={"code": factories.current_code(moderator.id)}).status_code == 302
    result = runner.invoke(args=["two-factor", "reset", "--email", f" {moderator.email.upper()} ",
                                 "--reason", "Lost phone; identity checked by a call to the ward", "--yes"])
    assert result.exit_code == 0, result.output
    assert "was reset" in result.output
    db.session.expire_all()
    assert db.session.get(TwoFactorCredential, moderator.id) is None
    assert signed_in.get("/account").status_code == 302  # every session ended
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "account.two_factor_reset" and "Lost phone" in entry.reason
    assert db.session.scalar(select(SecurityEvent.kind).where(SecurityEvent.user_id == moderator.id)
                             .order_by(SecurityEvent.id.desc())) == "two_factor_reset"
    mail = outbox()[-1]
    assert mail["To"] == moderator.email and "set it up again when you next log in" in mail.get_content()
    # the next login goes through the password to enrolment, not to a code nobody has
    client = app.test_client()
    response = password_only(client, moderator)
    assert response.status_code == 302 and "/login/verify" not in response.headers["Location"]
    assert client.get("/moderation").headers["Location"].startswith("/account/two-factor")


@pytest.mark.parametrize("args, message", [
    (["--email", "nobody@example.org", "--reason", "x"], "No account has the email"),
    (["--email", "MEMBER", "--reason", "  "], "Give the reason"),
    (["--email", "MEMBER", "--reason", "Lost phone"], "has no two-factor authentication set up"),
])
def test_a_reset_that_cannot_be_done_says_why(runner, db, member, args, message):
    args = [member.email if arg == "MEMBER" else arg for arg in args]
    result = runner.invoke(args=["two-factor", "reset", *args, "--yes"])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_reset_asks_before_it_acts(runner, db, moderator):
    result = runner.invoke(args=["two-factor", "reset", "--email", moderator.email, "--reason", "Lost phone"],
                           input="n\n")
    assert result.exit_code == 1
    assert db.session.get(TwoFactorCredential, moderator.id) is not None


def test_an_enrolment_started_before_the_key_changed_starts_again_with_a_new_seed(app, db, member_client, member):
    first = _pending_secret(member_client)
    _rotate_secret_key(app, keep_old=False)
    login(member_client, member)  # the session cookie was signed with the old key
    page = member_client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD,
                                                                  "code": pyotp.TOTP(first).now()})
    assert page.status_code == 400 and "That code is not right" in page.get_data(as_text=True)
    second = SECRET.search(page.get_data(as_text=True)).group(1)
    assert second != first
    confirmed = member_client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD,
                                                                       "code": pyotp.TOTP(second).now()})
    assert confirmed.status_code == 200 and "recovery" in confirmed.get_data(as_text=True).lower()


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_turning_two_factor_on_needs_a_csrf_token(app, db, member):
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True))[1]
    assert client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD,
                                       "csrf_token": token}).status_code == 302
    page = client.get("/account/two-factor").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD}).status_code == 400
    started = client.post("/account/two-factor/setup", data={"csrf_token": token, "password": factories.DEFAULT_PASSWORD})
    secret = SECRET.search(started.get_data(as_text=True)).group(1)
    forged = client.post("/account/two-factor/setup", data={"password": factories.DEFAULT_PASSWORD,
                                                             "code": pyotp.TOTP(secret).now()})
    assert forged.status_code == 400 and "form expired" in forged.get_data(as_text=True)
    assert db.session.get(TwoFactorCredential, member.id).confirmed_at is None

"""Two-factor authentication: enrolment, login with a code or a recovery code, staff enforcement."""
import re
import time

import pyotp
from sqlalchemy import select

from forum.auth.models import Role, SecurityEvent, TwoFactorCredential
from tests import factories
from tests.conftest import link_in, login


def enrol(client, db, user):
    """Walk through set-up in the browser; returns the recovery codes shown."""
    assert client.post("/account/two-factor/setup").status_code == 302
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    assert "<svg" in page and "qr-code" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
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


def test_wrong_first_code_does_not_enable(member_client, db, member):
    member_client.post("/account/two-factor/setup")
    response = member_client.post("/account/two-factor/setup", data={"code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.get_data(as_text=True)
    credential = db.session.get(TwoFactorCredential, member.id)
    assert credential.confirmed_at is None


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
    response = member_client.post("/account/two-factor/recovery-codes", data={"code": code})
    new = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client = app.test_client()
    password_only(client, member)
    assert client.post("/login/verify", data={"code": old[1]}).status_code == 401
    assert client.post("/login/verify", data={"code": new[1]}).status_code == 302

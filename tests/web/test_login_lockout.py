"""Wrong passwords at the login: guessing stays bounded, yet a stranger who knows a member's
email cannot keep the member out. Counted per account and client address, under a much larger
per-account ceiling; a browser that logged in to the account before is counted on its own."""
import json
import re

import pytest
from itsdangerous.encoding import base64_decode
from sqlalchemy import select

from forum.auth import known_devices
from forum.auth.models import User
from forum.extensions import db
from tests import factories
from tests.conftest import link_in, login

WRONG = "not the right password at all"
NEW_PASSWORD = "granite marmalade ocelot 7781"
CEILING_MESSAGE = ("Too many wrong passwords have been tried for this email, from many places. If it is your "
                   "account, log in from a device you have logged in from before, or reset your password; "
                   "otherwise wait up to an hour.")


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def known_client(app, member, address="192.0.2.10"):
    """The member's own browser: it has logged in before (and logged out since)."""
    client = client_at(app, address)
    assert login(client, member).status_code == 302
    assert client.get_cookie(known_devices.COOKIE_NAME) is not None
    assert client.post("/logout").status_code == 302
    return client


def password_error(response):
    match = re.search(r'id="password-error">\s*<li>([^<]*)</li>', response.get_data(as_text=True))
    return match.group(1) if match else None


def test_a_stranger_cannot_lock_the_member_out(app, member):
    """The finding: 8 wrong passwords from anywhere used to refuse the member for 15 minutes."""
    own = known_client(app, member)
    stranger = client_at(app, "203.0.113.66")
    statuses = [login(stranger, member, f"{WRONG} {n}").status_code for n in range(10)]
    assert statuses == [401] * 8 + [429, 429]  # the stranger is still bounded
    assert login(own, member).status_code == 302  # the member's browser
    assert login(client_at(app, "198.51.100.7"), member).status_code == 302  # and a new one elsewhere


def test_a_known_browser_on_the_strangers_address_still_logs_in(app, member):
    """A hospital's machines share one address: a guesser there spends the address's
    allowances, not the member's own browser's."""
    app.config["LOGIN_LIMIT_PER_IP"] = "5 per 15 minutes"
    own = known_client(app, member, address="192.0.2.44")
    stranger = client_at(app, "192.0.2.44")
    assert [login(stranger, member, f"{WRONG} {n}").status_code for n in range(6)] == [401] * 5 + [429]
    assert login(client_at(app, "192.0.2.44"), member).status_code == 429  # a new browser there waits
    assert login(own, member).status_code == 302


def test_a_known_browser_has_the_tight_limit_of_its_own(app, member):
    own = known_client(app, member)
    assert [login(own, member, f"{WRONG} {n}").status_code for n in range(9)] == [401] * 8 + [429]
    assert login(client_at(app, "192.0.2.10"), member).status_code == 302  # its address is not spent


def test_guessing_from_many_addresses_meets_the_ceiling(app, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "10 per hour"
    own = known_client(app, member)
    for n in range(5):
        guesser = client_at(app, f"203.0.113.{n + 1}")
        assert [login(guesser, member, f"{WRONG} {m}").status_code for m in range(2)] == [401, 401]
    refused = login(client_at(app, "203.0.113.99"), member, WRONG)
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert password_error(refused) == CEILING_MESSAGE
    new_browser = login(client_at(app, "198.51.100.7"), member)  # even with the right password
    assert new_browser.status_code == 429 and password_error(new_browser) == CEILING_MESSAGE
    assert login(own, member).status_code == 302  # the member's browser is not held back


def test_an_email_without_an_account_is_refused_in_the_same_words(app, member):
    """Neither limit tells whether an email has an account."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "4 per hour"
    answers = {}
    for email in (member.email, "nobody@example.org"):
        for n in range(4):
            assert login(client_at(app, f"203.0.113.{n + 1}"), email, WRONG).status_code == 401
        refused = login(client_at(app, "203.0.113.50"), email, WRONG)
        answers[email] = (refused.status_code, password_error(refused))
    assert answers[member.email] == answers["nobody@example.org"] == (429, CEILING_MESSAGE)


def test_a_password_reset_starts_the_count_again(app, member, outbox):
    """The ceiling counts guesses at one password: once the member resets it (the link proves
    the inbox is theirs), a new browser may log in with the new one."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per hour"
    for n in range(3):
        login(client_at(app, f"203.0.113.{n + 1}"), member, WRONG)
    new_browser = client_at(app, "198.51.100.7")
    assert login(new_browser, member).status_code == 429
    new_browser.post("/reset", data={"email": member.email})
    reset = new_browser.post(link_in(outbox()[-1], "/reset/"),
                             data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert reset.status_code == 302
    assert login(new_browser, member, NEW_PASSWORD).status_code == 302


def test_the_known_device_cookie_is_signed_httponly_and_per_account(app, member):
    client = client_at(app, "192.0.2.10")
    response = login(client, member)
    header = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith(known_devices.COOKIE_NAME + "="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Max-Age=7776000" in header and "Secure" not in header  # 90 days; plain http in tests
    value = client.get_cookie(known_devices.COOKIE_NAME).value
    payload = json.loads(base64_decode(value.split(".")[0]))
    assert set(payload) == {"d", "a"} and [tag for tag, _seen in payload["a"]] == [known_devices.password_tag(member)]
    assert member.email not in value
    other = factories.make_user(email="other@example.org")
    db.session.commit()
    client.post("/logout")
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per hour"
    for n in range(2):
        login(client_at(app, f"203.0.113.{n + 1}"), other, WRONG)
    assert login(client, other).status_code == 429  # known to the member's account only
    assert login(client, member).status_code == 302


def test_a_forged_or_foreign_cookie_counts_for_nothing(app, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per hour"
    for n in range(2):
        login(client_at(app, f"203.0.113.{n + 1}"), member, WRONG)
    forged = client_at(app, "198.51.100.7")
    forged.set_cookie(known_devices.COOKIE_NAME, "eyJkIjoieCIsImEiOnt9fQ.forged")
    assert login(forged, member).status_code == 429
    other_app_cookie = client_at(app, "198.51.100.8")
    with app.test_request_context():
        app.config["SECRET_KEY"], real = "another-forums-secret-key-0123456789abcdef", app.config["SECRET_KEY"]
        response = app.make_response("")
        known_devices.remember(response, member)
        app.config["SECRET_KEY"] = real
    other_app_cookie.set_cookie(known_devices.COOKIE_NAME,
                                re.search(known_devices.COOKIE_NAME + r"=([^;]+)", response.headers["Set-Cookie"])[1])
    assert login(other_app_cookie, member).status_code == 429


def test_a_password_change_forgets_the_other_browsers(app, member):
    """A thief who logged in with a stolen password keeps no known browser once the member
    changes it; the member's own browser stays known."""
    thief = known_client(app, member, address="203.0.113.5")
    own = client_at(app, "192.0.2.10")
    login(own, member)
    changed = own.post("/account/password", data={"current_password": factories.DEFAULT_PASSWORD,
                                                   "new_password": NEW_PASSWORD,
                                                   "new_password_confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    own.post("/logout")
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per hour"
    for n in range(2):
        login(client_at(app, f"198.51.100.{n + 1}"), member, WRONG)
    assert login(thief, member, NEW_PASSWORD).status_code == 429
    assert login(own, member, NEW_PASSWORD).status_code == 302


def test_the_known_device_is_set_only_once_the_second_factor_is_given(app, member):
    factories.enable_two_factor(member)
    db.session.commit()
    client = client_at(app, "192.0.2.10")
    first = client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD})
    assert first.headers["Location"] == "/login/verify"
    assert client.get_cookie(known_devices.COOKIE_NAME) is None
    assert client.post("/login/verify", data={"code": factories.current_code(member.id)}).status_code == 302
    assert client.get_cookie(known_devices.COOKIE_NAME) is not None


@pytest.mark.parametrize("app_overrides", [{"SESSION_COOKIE_SECURE": True}])
def test_the_cookie_is_secure_where_the_session_cookie_is(app, member):
    response = login(client_at(app, "192.0.2.10"), member)
    header = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith(known_devices.COOKIE_NAME + "="))
    assert "Secure" in header


def test_known_browsers_are_remembered_per_account_up_to_a_limit(app, db):
    users = [factories.make_user(email=f"shared{n}@example.org") for n in range(known_devices.MAX_ACCOUNTS + 1)]
    db.session.commit()
    workstation = client_at(app, "192.0.2.10")
    for user in users:
        assert login(workstation, user).status_code == 302
        workstation.post("/logout")
    with app.test_request_context(headers={"Cookie": f"{known_devices.COOKIE_NAME}="
                                           f"{workstation.get_cookie(known_devices.COOKIE_NAME).value}"}):
        known = [known_devices.device_id_for(db.session.scalar(select(User).where(User.id == user.id)))
                 for user in users]
    assert known[0] is None and all(known[1:]) and len(set(known[1:])) == 1  # the oldest dropped

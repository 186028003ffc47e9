"""The known-device cookie and the words of the login limits, without HTTP."""
import time

import pytest

from forum.auth import known_devices
from forum.auth.throttles import wait_phrase
from forum.security import passwords
from tests import factories


def _cookie_from(response) -> str:
    header = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith(known_devices.COOKIE_NAME + "="))
    return header.split(";")[0].split("=", 1)[1]


def _remembered(app, user, cookie=None):
    headers = {"Cookie": f"{known_devices.COOKIE_NAME}={cookie}"} if cookie else {}
    with app.test_request_context(headers=headers):
        response = app.make_response("")
        known_devices.remember(response, user)
    return _cookie_from(response)


def _device_for(app, user, cookie):
    with app.test_request_context(headers={"Cookie": f"{known_devices.COOKIE_NAME}={cookie}"}):
        return known_devices.device_id_for(user)


def test_a_remembered_browser_is_known_to_that_account_only(app, db):
    mine, other = factories.make_user(), factories.make_user()
    db.session.commit()
    cookie = _remembered(app, mine)
    assert _device_for(app, mine, cookie) is not None and _device_for(app, other, cookie) is None
    with app.test_request_context():
        assert known_devices.device_id_for(mine) is None  # no cookie


def test_the_browser_keeps_its_id_across_accounts(app, db):
    first, second = factories.make_user(), factories.make_user()
    db.session.commit()
    cookie = _remembered(app, second, _remembered(app, first))
    assert _device_for(app, first, cookie) == _device_for(app, second, cookie) is not None


def test_a_new_password_forgets_the_browser(app, db):
    user = factories.make_user()
    db.session.commit()
    cookie = _remembered(app, user)
    before = known_devices.password_tag(user)
    user.password_hash = passwords.hash_password("granite marmalade ocelot 7781")
    assert known_devices.password_tag(user) != before
    assert _device_for(app, user, cookie) is None


def test_a_browser_is_forgotten_after_the_configured_days(app, db, monkeypatch):
    user = factories.make_user()
    db.session.commit()
    cookie = _remembered(app, user)
    later = time.time() + app.config["KNOWN_DEVICE_DAYS"] * 86400 + 60
    monkeypatch.setattr(known_devices.time, "time", lambda: later)
    assert _device_for(app, user, cookie) is None


def test_a_cookie_signed_with_a_fallback_key_still_counts(app, db):
    user = factories.make_user()
    db.session.commit()
    cookie = _remembered(app, user)
    old = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = "the-next-secret-key-0123456789abcdefgh", [old]
    assert _device_for(app, user, cookie) is not None
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert _device_for(app, user, cookie) is None


@pytest.mark.parametrize("payload", [[], {"d": 1, "a": []}, {"d": "x", "a": {"t": 1}}, {"d": "x", "a": [["t"]]},
                                     {"d": "x", "a": [[1, 2]]}, {"d": "x", "a": [["t", "soon"]]}])
def test_a_signed_cookie_of_the_wrong_shape_counts_for_nothing(app, db, payload):
    user = factories.make_user()
    db.session.commit()
    with app.test_request_context():
        cookie = known_devices._serializer().dumps(payload)
    assert _device_for(app, user, cookie) is None
    assert _device_for(app, user, _remembered(app, user, cookie)) is not None  # and is replaced


@pytest.mark.parametrize("limit, words", [("8 per 15 minutes", "15 minutes"), ("100 per hour; 1000 per day", "a day"),
                                          ("5 per 2 hours", "2 hours"), ("3 per 30 seconds", "30 seconds"),
                                          ("30 per minute", "a minute")])
def test_the_wait_is_the_longest_window_of_the_limit(limit, words):
    assert wait_phrase(limit) == words

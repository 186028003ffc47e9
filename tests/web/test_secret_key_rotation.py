"""Rotating FORUM_SECRET_KEY: with the old key in FORUM_SECRET_KEY_FALLBACKS, members stay
signed in and mailed links still work; without it, both stop (two-factor seeds: test_two_factor)."""
import pytest

from tests.conftest import link_in, login

NEW_KEY = "the-next-secret-key-after-rotation-0123456789abcdef"


def _rotate(app, keep_old):
    old = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = NEW_KEY
    app.config["SECRET_KEY_FALLBACKS"] = [old] if keep_old else []


@pytest.mark.parametrize("keep_old, signed_in", [(True, 200), (False, 302)])
def test_a_session_outlives_the_rotation_only_with_the_old_key_as_fallback(app, member_client, keep_old,
                                                                          signed_in):
    assert member_client.get("/account").status_code == 200
    _rotate(app, keep_old)
    assert member_client.get("/account").status_code == signed_in


@pytest.mark.parametrize("keep_old, status", [(True, 200), (False, 400)])
def test_a_reset_link_outlives_the_rotation_only_with_the_old_key_as_fallback(app, client, outbox, member,
                                                                             keep_old, status):
    client.post("/reset", data={"email": member.email})
    path = link_in(outbox()[0], "/reset/")
    _rotate(app, keep_old)
    assert client.get(path).status_code == status


def test_the_fallbacks_are_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_SECRET_KEY_FALLBACKS", " old-key-one-0123456789abcdef0123456789 ,, old-key-two ")
    from forum.config import BaseConfig

    assert BaseConfig(tmp_path).SECRET_KEY_FALLBACKS == ["old-key-one-0123456789abcdef0123456789", "old-key-two"]

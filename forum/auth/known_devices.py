"""The "known device" cookie: the accounts this browser has signed in to lately.

Set at every completed login (after the second factor, when the account has one) and after a
password change. At the login it lets the account's owner past the per-account ceiling on wrong
passwords, which strangers guessing from many addresses could otherwise spend to keep the owner
out, and it counts that browser's own wrong passwords apart from those of its address (a
hospital's shared address, say).

The cookie is signed with the secret key (FORUM_SECRET_KEY_FALLBACKS also open it). It holds one
random id for the browser and, for each account, an opaque tag with the time of its last login.
The tag is derived from the account id and a fingerprint of the current password hash: a
password change or reset forgets every device, a thief's too, and the cookie does not say which
accounts used the browser. (A rehash at login after the hashing parameters change forgets them
too; each browser is known again after its next login.) HttpOnly, SameSite=Lax, Secure wherever
the session cookie is.
"""
import hashlib
import secrets
import time

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from forum.auth.tokens import password_fingerprint

COOKIE_NAME = "curbside_device"
SALT = "curbside-known-device"
MAX_ACCOUNTS = 10  # a shared workstation keeps the newest ten


def _serializer() -> URLSafeSerializer:
    config = current_app.config
    keys = [*reversed(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]  # newest last
    return URLSafeSerializer(keys, salt=SALT)


def _max_age() -> int:
    return current_app.config["KNOWN_DEVICE_DAYS"] * 86400


def password_tag(user) -> str:
    """Stands for the account with its current password (changes when the password does)."""
    material = f"{user.id}:{password_fingerprint(user.password_hash)}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def _read() -> tuple[str | None, dict[str, int]]:
    """(browser id, {tag: last login}, oldest login first) from the request's cookie; (None, {})
    when it is missing, forged or malformed. Expired entries are left out."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return None, {}
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None, {}
    if not isinstance(data, dict) or not isinstance(data.get("d"), str) or not isinstance(data.get("a"), list):
        return None, {}
    horizon = time.time() - _max_age()
    accounts = {}
    for entry in data["a"]:
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], int) \
                and entry[1] >= horizon:
            accounts[entry[0]] = entry[1]
    return data["d"], accounts


def device_id_for(user) -> str | None:
    """This browser's id when it completed a login to `user` (with the current password) within
    FORUM_KNOWN_DEVICE_DAYS, else None."""
    device, accounts = _read()
    return device if device and password_tag(user) in accounts else None


def remember(response, user) -> None:
    """Mark this browser as known to `user` on `response`, refreshing the date; keeps the
    MAX_ACCOUNTS accounts that logged in most lately and drops expired ones."""
    device, accounts = _read()
    tag = password_tag(user)
    accounts.pop(tag, None)
    accounts[tag] = int(time.time())  # the newest last
    entries = [[tag, seen] for tag, seen in accounts.items()][-MAX_ACCOUNTS:]
    value = _serializer().dumps({"d": device or secrets.token_urlsafe(12), "a": entries})
    response.set_cookie(COOKIE_NAME, value, max_age=_max_age(), path="/", httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))

"""Signed, expiring, single-use links for email confirmation and password reset.

Single use without a table: each token binds to state that its use changes. A confirmation
token is only honoured while the account still awaits confirmation; a reset token carries a
fingerprint of the current password hash, which the reset replaces.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_SALT = "curbside-confirm-email"
RESET_SALT = "curbside-password-reset"
UNSUBSCRIBE_SALT = "curbside-unsubscribe"


class TokenInvalid(Exception):
    """The link is forged, mangled, expired or already used; the message says which."""


def _serializer(salt):
    """Signs with the current secret key; also accepts links signed with a fallback key."""
    config = current_app.config
    keys = [*reversed(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]  # newest last
    return URLSafeTimedSerializer(keys, salt=salt)


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:20]


def make_confirm_token(user) -> str:
    return _serializer(CONFIRM_SALT).dumps({"uid": user.id, "email": user.email})


def make_reset_token(user) -> str:
    return _serializer(RESET_SALT).dumps({"uid": user.id, "fp": password_fingerprint(user.password_hash)})


def make_unsubscribe_token(user) -> str:
    """The link in every notification mail that turns those mails off without a login. It can
    do nothing else, and stops working once the account's email changes."""
    return _serializer(UNSUBSCRIBE_SALT).dumps({"uid": user.id, "email": user.email})


def read_token(token: str, salt: str, max_age_seconds: int) -> dict:
    try:
        return _serializer(salt).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise TokenInvalid("This link has expired. Request a new one.") from exc
    except BadSignature as exc:
        raise TokenInvalid("This link is not valid. Check that you copied all of it.") from exc

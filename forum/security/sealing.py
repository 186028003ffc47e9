"""Secrets the server must read back (two-factor seeds) are stored sealed, not in clear.

A copy of the database (a backup, a dump handed to support, a stolen disk) then does not let
anyone compute a member's codes: that also needs the server's FORUM_SECRET_KEY, which lives in
the environment, not in the database. Sealing is AES-256-GCM under a key derived from the secret
key with HKDF, and each value is bound to its row (the `context`), so a sealed value copied onto
another account does not open.

Rotating FORUM_SECRET_KEY: put the old key in FORUM_SECRET_KEY_FALLBACKS. Values sealed under a
fallback still open, and `unseal` says so, so that callers re-seal them under the current key.
"""
import base64
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PREFIX = "v1."
_NONCE_BYTES = 12
_PURPOSE = b"curbside sealed value v1"


class SealBroken(Exception):
    """The value does not open under the current key or any fallback: the secret key changed
    without the old one kept in FORUM_SECRET_KEY_FALLBACKS, or the value was altered."""


@functools.lru_cache(maxsize=8)
def _aead(secret_key: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key.encode())
    return AESGCM(key)


def _keys():
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


def seal(value: str, context: str) -> str:
    """`value` sealed under the current secret key, as printable text."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _aead(_keys()[0]).encrypt(nonce, value.encode(), context.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(token: str, context: str) -> tuple[str, bool]:
    """The value and whether it was sealed under a fallback key (then re-seal it). Raises
    SealBroken when no key opens it."""
    if not token.startswith(PREFIX):
        raise SealBroken("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX):].encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise SealBroken("not a sealed value") from exc
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    if len(sealed) < 16:  # shorter than GCM's tag: cut off
        raise SealBroken("not a sealed value")
    for index, key in enumerate(_keys()):
        try:
            return _aead(key).decrypt(nonce, sealed, context.encode()).decode(), index > 0
        except InvalidTag:
            continue
    raise SealBroken("no configured secret key opens this value")

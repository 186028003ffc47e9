"""Plain functions that make accounts and records in every state and role."""
import itertools
import time
from datetime import timedelta

import pyotp

from forum.auth import two_factor as two_factor_service
from forum.auth.models import AccountState, Role, TwoFactorCredential, User
from forum.extensions import db
from forum.security import passwords
from forum.timeutil import utcnow

DEFAULT_PASSWORD = "correct horse battery staple 42"
_counter = itertools.count(1)
_hash_cache = {}


def password_hash(password=DEFAULT_PASSWORD):
    """Argon2 is slow by design; tests reuse one hash per password."""
    if password not in _hash_cache:
        _hash_cache[password] = passwords.hash_password(password)
    return _hash_cache[password]


def make_user(state=AccountState.VERIFIED, role=Role.MEMBER, *, email=None, full_name=None,
              password=DEFAULT_PASSWORD, registry="npi", identifier="1234567893", jurisdiction="US-MA",
              specialty="207R00000X", suspended_until=None, state_reason=None, two_factor=None, **extra):
    """A user in any state and role. Staff get two-factor authentication unless two_factor=False
    (their pages need it); members only with two_factor=True."""
    n = next(_counter)
    now = utcnow()
    user = User(
        email=email or f"user{n}@example.org", handle=extra.pop("handle", f"user{n}"),
        full_name=full_name or f"Test Physician {n}", password_hash=password_hash(password),
        state=state, role=role, registry_code=registry, registry_identifier=identifier,
        jurisdiction=jurisdiction, specialty=specialty,
        email_confirmed_at=None if state == AccountState.PENDING_EMAIL else now,
        submitted_at=None if state == AccountState.PENDING_EMAIL else now - timedelta(minutes=n),
        verified_at=now if state in (AccountState.VERIFIED, AccountState.SUSPENDED) else None,
        suspended_until=suspended_until or (now + timedelta(days=3) if state == AccountState.SUSPENDED else None),
        state_reason=state_reason, **extra,
    )
    db.session.add(user)
    db.session.flush()
    if two_factor if two_factor is not None else role in (Role.MODERATOR, Role.ADMIN):
        enable_two_factor(user)
    return user


def enable_two_factor(user):
    """Confirmed TOTP for `user`; tests compute codes with current_code(user)."""
    credential = TwoFactorCredential(user_id=user.id, confirmed_at=utcnow())
    two_factor_service.set_seed(credential, pyotp.random_base32())
    db.session.add(credential)
    db.session.flush()


def current_code(user_id, at=None):
    credential = db.session.get(TwoFactorCredential, user_id)
    db.session.refresh(credential)
    return pyotp.TOTP(two_factor_service.seed_of(credential)).at(at if at is not None else time.time())

"""TOTP two-factor authentication: enrolment, verification with replay protection, recovery codes.

Codes from an authenticator app are accepted one step either side of now (clock drift), and a
code's time step can be used once only, so a shoulder-surfed code cannot be replayed.
"""
import hashlib
import logging
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select, update

from forum.audit.services import record
from forum.auth import sessions
from forum.auth.models import RecoveryCode, TwoFactorCredential, User
from forum.auth.security_log import EventKind, log_event
from forum.errors import InvalidState, ValidationFailed
from forum.extensions import db
from forum.mail.services import queue_mail
from forum.security import passwords, sealing
from forum.security.permissions import forget_two_factor_answers, requires_two_factor
from forum.text import clean_reason
from forum.timeutil import utcnow

ISSUER = "Curbside"
RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30
REASON_LIMIT = 1000

log = logging.getLogger(__name__)


def credential_of(user: User) -> TwoFactorCredential | None:
    return db.session.get(TwoFactorCredential, user.id)


def is_enabled(user: User) -> bool:
    credential = credential_of(user)
    return credential is not None and credential.confirmed_at is not None


def begin_enrolment(user: User, password: str) -> TwoFactorCredential:
    """A fresh unconfirmed secret (replacing an earlier unconfirmed one), for the password: the
    set-up page shows it, and a stolen session that learnt it could read the member's codes
    once the member turned it on. Raises InvalidState when two-factor is already on, and
    ValidationFailed(field="password") on a wrong password (nothing changes)."""
    credential = credential_of(user)
    if credential is not None and credential.confirmed_at is not None:
        raise InvalidState("Two-factor authentication is already on.")
    _check_password(user, password)
    if credential is None:
        credential = TwoFactorCredential(user_id=user.id)
        db.session.add(credential)
    else:
        credential.created_at = utcnow()
    set_seed(credential, pyotp.random_base32())
    db.session.flush()
    return credential


def _seal_context(user_id: int) -> str:
    return f"two-factor seed of user {user_id}"


def set_seed(credential: TwoFactorCredential, seed: str) -> None:
    """Store the TOTP seed sealed (forum.security.sealing): a copy of the database alone
    cannot compute a member's codes."""
    credential.sealed_secret = sealing.seal(seed, _seal_context(credential.user_id))


def seed_of(credential: TwoFactorCredential) -> str:
    """The TOTP seed in clear. A seed sealed under a key now in FORUM_SECRET_KEY_FALLBACKS is
    re-sealed under the current key (saved with the request's commit). Raises SealBroken
    when no configured key opens it."""
    seed, stale = sealing.unseal(credential.sealed_secret, _seal_context(credential.user_id))
    if stale:
        set_seed(credential, seed)
    return seed


def pending_seed(user: User, credential: TwoFactorCredential) -> str:
    """The seed of an enrolment not yet confirmed, for the set-up page, only in answer to a
    request that gave the password. One that no configured key opens (the secret key changed
    meanwhile) is replaced: nothing depends on it yet."""
    try:
        return seed_of(credential)
    except sealing.SealBroken:
        seed = pyotp.random_base32()
        set_seed(credential, seed)
        return seed


def provisioning_uri(user: User, seed: str) -> str:
    return pyotp.TOTP(seed).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG drawn on the server: no outside service sees the secret."""
    return segno.make(uri, error="m").svg_inline(scale=4, omitsize=True, title="QR code for your authenticator app",
                                                 svgclass="qr-code", lineclass="qr-line")


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def verify_totp(credential: TwoFactorCredential, code: str, now: float | None = None) -> bool:
    """True for a current, unused code; records its step so it cannot be used again."""
    code = _normalise(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    try:
        seed = seed_of(credential)
    except sealing.SealBroken:
        # Not the member's fault and not theirs to fix: the operator changed FORUM_SECRET_KEY
        # without keeping the old one as a fallback. Recovery codes still work.
        log.error("The two-factor seed of user %s does not open with the configured secret keys: "
                  "was FORUM_SECRET_KEY changed without FORUM_SECRET_KEY_FALLBACKS?", credential.user_id)
        return False
    step = _matching_step(seed, code, time.time() if now is None else now)
    if step is None or step <= credential.last_used_step:
        return False
    # Claimed in one conditional UPDATE: of two requests racing with the same code, only one
    # finds the step still unused (the other's UPDATE waits for the first, then matches nothing).
    claimed = db.session.execute(
        update(TwoFactorCredential)
        .where(TwoFactorCredential.user_id == credential.user_id,
               TwoFactorCredential.last_used_step < step)
        .values(last_used_step=step)).rowcount
    return claimed == 1


WRONG_PASSWORD = "Your password is not correct."


def _check_password(user: User, password: str) -> None:
    """The account's own password, asked again before two-factor settings change: a stolen
    session alone must not be able to lock the owner out (turn it on with the thief's app) or
    take fresh recovery codes. Raises ValidationFailed(field="password"), checked before any
    code so that a wrong password spends nothing."""
    if not passwords.verify_password(user.password_hash, password or ""):
        raise ValidationFailed(WRONG_PASSWORD, field="password")


def confirm_enrolment(user: User, password: str, code: str, keep_session=None) -> list[str]:
    """Turn two-factor on after the password and a first good code; returns the recovery codes
    to show once. Every session but `keep_session` (the member's own) ends: they began without
    the second factor, and staff pages trust that a session of an account with two-factor
    passed it. Raises InvalidState without a pending enrolment, ValidationFailed(field="password")
    on a wrong password (nothing changes) and ValidationFailed(field="code") on a bad code."""
    credential = credential_of(user)
    if credential is None:
        raise InvalidState("Start the set-up again: no enrolment is waiting.")
    if credential.confirmed_at is not None:
        raise InvalidState("Two-factor authentication is already on.")
    _check_password(user, password)
    if not verify_totp(credential, code):
        raise ValidationFailed("That code is not right. Check the time on your phone and try the newest code.",
                               field="code")
    credential.confirmed_at = utcnow()
    sessions.end_all_sessions(user, keep=keep_session)
    forget_two_factor_answers()
    return replace_recovery_codes(user)


def _hash_code(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def replace_recovery_codes(user: User) -> list[str]:
    """Issue ten new single-use codes, invalidating the old ones; only hashes are stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)  # 40 bits of randomness, shown as xxxxx-xxxxx
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    db.session.flush()
    return codes


def regenerate_recovery_codes(user: User, password: str, code: str) -> list[str]:
    """New recovery codes (the old ones stop working) for the password and a current code from
    the app. Raises InvalidState when two-factor is off, ValidationFailed(field="password") or
    ValidationFailed(field="code")."""
    credential = credential_of(user)
    if credential is None or credential.confirmed_at is None:
        raise InvalidState("Two-factor authentication is not on.")
    _check_password(user, password)
    if not verify_totp(credential, code):
        raise ValidationFailed("That code is not right.", field="code")
    return replace_recovery_codes(user)


def use_recovery_code(user: User, code: str) -> bool:
    """Spend a recovery code; False if it is wrong or was already used."""
    spent = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_code(code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())).rowcount
    return spent == 1  # one conditional UPDATE: two racing requests cannot both spend it


def remaining_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def check_second_factor(user: User, code: str) -> str | None:
    """'totp' or 'recovery' for an accepted code, else None."""
    credential = credential_of(user)
    if credential is None or credential.confirmed_at is None:
        return None
    if verify_totp(credential, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


def disable(user: User, password: str, code: str) -> None:
    """Turn two-factor off: needs the password and a current code (or a recovery code).
    Staff may not turn it off: their role requires it. Raises ValidationFailed or InvalidState."""
    if not is_enabled(user):
        raise InvalidState("Two-factor authentication is not on.")
    if requires_two_factor(user):
        raise InvalidState("Moderators and admins must keep two-factor authentication on.")
    _check_password(user, password)
    if check_second_factor(user, code) is None:
        raise ValidationFailed("That code is not right.", field="code")
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.delete(credential_of(user))
    forget_two_factor_answers()
    db.session.flush()


def reset_by_operator(user: User, reason: str) -> None:
    """Remove a member's two-factor set-up at the operator's word: a lost phone, or a seed no
    configured secret key opens any more. Staff cannot turn it off themselves, so without this
    they would be locked out for good. Every session of the member ends (whoever holds one may be
    the person who took the phone); a member whose role needs two-factor enrols again at the next
    login. The member is told by mail, and the reset is in the audit log and their security log.
    Raises InvalidState when the member has no two-factor set-up, ValidationFailed without a reason."""
    reason = clean_reason(reason, limit=REASON_LIMIT,
                          missing="Give the reason for the reset: it goes into the audit log.")
    credential = credential_of(user)
    if credential is None:
        raise InvalidState(f"{user.email} has no two-factor authentication set up.")
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.delete(credential)
    ended = sessions.end_all_sessions(user)
    forget_two_factor_answers()
    log_event(user, EventKind.TWO_FACTOR_RESET)
    record(None, "account.two_factor_reset", "user", user.id, target_label=f"{user.full_name} <{user.email}>",
           reason=reason, details={"sessions_ended": ended})
    queue_mail(user.email, "Two-factor authentication was reset on your Curbside account",
               "two_factor_reset", user=user, must_enrol=requires_two_factor(user))
    db.session.flush()

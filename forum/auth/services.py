"""Account services: register, confirm, authenticate, change and reset passwords.

Services flush and never commit; the caller commits once. Mail is queued and leaves only
when that commit succeeds.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from forum.auth import sessions, tokens
from forum.auth.models import AccountState, Role, SecurityEvent, User
from forum.auth.security_log import EventKind, RequestInfo, log_event
from forum.database import lock_for_update, lock_name
from forum.errors import InvalidState, ValidationFailed
from forum.extensions import db
from forum.mail.services import absolute_url, queue_mail
from forum.registry import identifiers, jurisdictions, specialties
from forum.security import passwords
from forum.text import clean_line, clean_text, is_visible
from forum.timeutil import utcnow

NEW_ACCOUNT_LOCK = 7402  # lock_name key: one new account at a time (email and handle checks)
FULL_NAME_MIN = 3
FULL_NAME_MIN_CJK = 2  # 王伟, 이준: a family and a given name of one syllable each
# Scripts in which one character is a syllable of a name, so two make a full legal name.
_SYLLABIC_NAME_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HANGUL SYLLABLE",
                          "HIRAGANA LETTER", "KATAKANA LETTER")


@dataclass
class Registration:
    full_name: str
    email: str
    password: str
    registry: str
    identifier: str
    jurisdiction: str
    specialty: str
    institution: str | None = None
    coi_statement: str | None = None


def normalize_email(email: str) -> str:
    """The form every email is stored and compared in: trimmed, lower case, Unicode NFC (an
    accented letter typed precomposed or as letter + combining mark is the same address)."""
    return unicodedata.normalize("NFC", (email or "").strip().lower())


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_full_name(full_name: str) -> str:
    """The name as stored (control and direction-override characters removed, single spaces),
    or ValidationFailed(field="full_name") when a reader would not see a full name in it.

    Counted in visible characters, so zero-width spaces, soft hyphens, Hangul fillers or blank
    Braille make no name. At least 3, one of them a letter; 2 suffice when every visible
    character is a Chinese, Japanese or Korean syllable, where two make a full legal name.
    """
    name = clean_line(full_name)
    visible = [character for character in name if is_visible(character)]
    if not any(unicodedata.category(character).startswith("L") for character in visible):
        raise ValidationFailed("Enter your full name, exactly as the registry lists it.", field="full_name")
    syllabic = all(unicodedata.name(character, "").startswith(_SYLLABIC_NAME_SCRIPTS)
                   for character in visible)
    if len(visible) < (FULL_NAME_MIN_CJK if syllabic else FULL_NAME_MIN):
        raise ValidationFailed(f"Enter your full name as the registry lists it: at least {FULL_NAME_MIN} "
                               f"characters ({FULL_NAME_MIN_CJK} in Chinese, Japanese or Korean script).",
                               field="full_name")
    return name


def check_registration(data: Registration) -> Registration:
    """Validate the rules a form cannot and clean the texts to store; raise ValidationFailed
    naming the field."""
    data.full_name = check_full_name(data.full_name)
    data.institution = clean_line(data.institution) or None
    data.coi_statement = clean_text(data.coi_statement).strip() or None
    problems = passwords.password_problems(data.password, (data.full_name, data.email))
    if problems:
        raise ValidationFailed(problems[0], field="password")
    try:
        data.identifier = identifiers.normalize(data.registry, data.identifier)
    except identifiers.InvalidIdentifier as exc:
        raise ValidationFailed(str(exc), field="identifier") from exc
    if not jurisdictions.fits(data.registry, data.jurisdiction):
        raise ValidationFailed(
            f"Choose a jurisdiction that belongs to the {jurisdictions.REGISTRY_LABELS[data.registry]}.",
            field="jurisdiction",
        )
    if data.specialty not in specialties.SPECIALTIES:
        raise ValidationFailed("Choose a specialty from the list.", field="specialty")
    return data


def make_handle(full_name: str) -> str:
    """A unique @handle from the name: ascii, lower case, dots between names."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", ".", ascii_name.lower()).strip(".")[:30] or "member"
    candidate, n = base, 1
    while db.session.scalar(select(func.count()).select_from(User).where(User.handle == candidate)):
        n += 1
        candidate = f"{base}{n}"
    return candidate


def register_applicant(data: Registration) -> User | None:
    """Create an applicant awaiting email confirmation and send the link.

    An email that already has an account gets a notice instead, and None is returned, so the
    page shown is the same either way (registration never reveals who has an account).
    Raises ValidationFailed(field=...) for full_name, password, identifier, jurisdiction or
    specialty.
    """
    data = check_registration(data)
    email = normalize_email(data.email)
    # Hashed whether or not the email has an account: the hash is most of the request's time, so
    # skipping it for a known email would tell by timing what the page does not say.
    password_hash = passwords.hash_password(data.password)
    # Two registrations at once (a double click, or two people of the same name) must not both
    # find the email or the handle free and then collide on the unique index (a server error).
    lock_name(NEW_ACCOUNT_LOCK)
    existing = find_user_by_email(email)
    if existing is not None:
        queue_mail(email, "Someone tried to register with your email", "already_registered",
                   user=existing, login_url=absolute_url("auth.login"),
                   reset_url=absolute_url("auth.request_reset"))
        return None
    user = User(
        email=email, handle=make_handle(data.full_name), full_name=data.full_name,
        password_hash=password_hash, state=AccountState.PENDING_EMAIL,
        role=Role.MEMBER, registry_code=data.registry, registry_identifier=data.identifier,
        jurisdiction=data.jurisdiction, specialty=data.specialty,
        institution=data.institution, coi_statement=data.coi_statement,
    )
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = tokens.make_confirm_token(user)
    queue_mail(user.email, "Confirm your email for Curbside", "confirm_email", user=user,
               confirm_url=absolute_url("auth.confirm_email", token=token),
               hours=current_app.config["TOKEN_MAX_AGE_HOURS"])


def resend_confirmation(email: str) -> None:
    """Send a fresh link if the account still awaits confirmation; silent otherwise."""
    user = find_user_by_email(email)
    if user is not None and user.state == AccountState.PENDING_EMAIL:
        send_confirmation(user)


def confirm_email(token: str) -> User:
    """Move the applicant into the admin queue and run the registry checks.

    Raises tokens.TokenInvalid for a bad, expired or already used link.
    """
    from forum.admin import services as admin_services
    from forum.registry import services as registry_services

    max_age = current_app.config["TOKEN_MAX_AGE_HOURS"] * 3600
    payload = tokens.read_token(token, tokens.CONFIRM_SALT, max_age)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise tokens.TokenInvalid("This link is not valid. Check that you copied all of it.")
    lock_for_update(user)  # the same link confirmed twice at once: the second finds it used
    if user.state != AccountState.PENDING_EMAIL:
        raise tokens.TokenInvalid("This link has already been used. Log in to see where your "
                                  "application stands.")
    now = utcnow()
    user.email_confirmed_at = now
    user.submitted_at = now
    user.state = AccountState.PENDING_REVIEW
    check = registry_services.run_checks(user, trigger="registration")
    admin_services.auto_approve_if_configured(user, check)
    db.session.flush()
    return user


class LoginRefused(Exception):
    """Wrong email or password, or a revoked account; the message is safe to show."""


GENERIC_LOGIN_FAILURE = "That email and password do not match an account that can log in."


def authenticate(email: str, password: str, origin: RequestInfo | None = None) -> User:
    """The user for these credentials, rehashing the password if the parameters changed.

    Raises LoginRefused with one generic message whatever went wrong, so the answer never
    reveals whether an email has an account; a wrong password is logged in the account's
    security log (the caller commits that). Revoked accounts cannot log in.
    """
    user = find_user_by_email(email)
    if not passwords.verify_password(user.password_hash if user else None, password or ""):
        if user is not None:
            log_event(user, EventKind.LOGIN_FAILED, origin)
        raise LoginRefused(GENERIC_LOGIN_FAILURE)
    if user.state == AccountState.REVOKED:
        raise LoginRefused(GENERIC_LOGIN_FAILURE)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    _lift_expired_suspension(user)
    db.session.flush()
    return user


def record_login(user: User, origin: RequestInfo, method: str = "password") -> str:
    """Open a server session for a fully authenticated user; returns the cookie token."""
    user.last_login_at = utcnow()
    token = sessions.start_session(user, origin.ip_address, origin.user_agent)
    log_event(user, EventKind.RECOVERY_CODE_USED if method == "recovery" else EventKind.LOGIN, origin,
              method=method)
    return token


WRONG_CODE_MAIL_EVERY = timedelta(hours=1)


def note_wrong_second_factor(user: User, origin: RequestInfo | None = None) -> None:
    """A wrong two-factor code at login, after the right password: logged, and the member told
    by mail (at most once an hour), since whoever typed it knows their password and may go on
    trying codes, a few every five minutes, until the password is changed. Flushes."""
    since = utcnow() - WRONG_CODE_MAIL_EVERY
    told_lately = db.session.scalar(select(func.count()).select_from(SecurityEvent).where(
        SecurityEvent.user_id == user.id, SecurityEvent.kind == EventKind.TWO_FACTOR_FAILED,
        SecurityEvent.created_at >= since))
    log_event(user, EventKind.TWO_FACTOR_FAILED, origin)
    if not told_lately:
        queue_mail(user.email, "Someone used your Curbside password", "wrong_second_factor", user=user,
                   ip_address=(origin.ip_address if origin else None) or "unknown",
                   reset_url=absolute_url("auth.request_reset"))


def _lift_expired_suspension(user: User) -> None:
    if user.state == AccountState.SUSPENDED and not user.is_suspended_at(utcnow()):
        user.end_suspension()


def change_password(user: User, current_password: str, new_password: str, keep_session=None,
                    origin: RequestInfo | None = None) -> None:
    """Replace the password and end every other session. Raises ValidationFailed."""
    if not passwords.verify_password(user.password_hash, current_password or ""):
        raise ValidationFailed("Your current password is not correct.", field="current_password")
    problems = passwords.password_problems(new_password, (user.full_name, user.email))
    if problems:
        raise ValidationFailed(problems[0], field="new_password")
    _set_password(user, new_password)
    sessions.end_all_sessions(user, keep=keep_session)
    log_event(user, EventKind.PASSWORD_CHANGED, origin)
    queue_mail(user.email, "Your Curbside password was changed", "password_changed", user=user,
               reset_url=absolute_url("auth.request_reset"))


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()


def request_password_reset(email: str, origin: RequestInfo | None = None) -> None:
    """Mail a reset link to an account that may log in; silent for unknown emails.
    The link sets a password only: an account with two-factor still needs its code to log in."""
    user = find_user_by_email(email)
    if user is None or user.state == AccountState.REVOKED:
        return
    log_event(user, EventKind.PASSWORD_RESET_REQUESTED, origin)
    token = tokens.make_reset_token(user)
    minutes = current_app.config["RESET_TOKEN_MAX_AGE_MINUTES"]
    queue_mail(user.email, "Reset your Curbside password", "reset_password", user=user,
               reset_url=absolute_url("auth.reset_password", token=token), minutes=minutes)


def user_for_reset_token(token: str) -> User:
    """The account a reset link belongs to; raises tokens.TokenInvalid if unusable."""
    max_age = current_app.config["RESET_TOKEN_MAX_AGE_MINUTES"] * 60
    payload = tokens.read_token(token, tokens.RESET_SALT, max_age)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.state == AccountState.REVOKED or payload.get("fp") != \
            tokens.password_fingerprint(user.password_hash):
        raise tokens.TokenInvalid("This link has already been used or is no longer valid. "
                                  "Request a new one.")
    return user


def reset_password(token: str, new_password: str, origin: RequestInfo | None = None) -> User:
    """Set a new password from a reset link; ends every session. Raises TokenInvalid or
    ValidationFailed(field="password")."""
    user = user_for_reset_token(token)
    problems = passwords.password_problems(new_password, (user.full_name, user.email))
    if problems:
        raise ValidationFailed(problems[0], field="password")
    _set_password(user, new_password)
    sessions.end_all_sessions(user)
    log_event(user, EventKind.PASSWORD_RESET, origin)
    queue_mail(user.email, "Your Curbside password was reset", "password_changed", user=user,
               reset_url=absolute_url("auth.request_reset"))
    return user


def require_state(user: User, *states: str) -> None:
    if user.state not in states:
        raise InvalidState(f"This account is {user.state_label.lower()}.")

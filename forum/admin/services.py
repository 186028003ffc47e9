"""Admin decisions on applications and accounts. Each writes an audit entry and flushes;
the caller commits. Decisions are mailed to the person concerned."""
from flask import current_app
from sqlalchemy import select

from forum.audit.services import record
from forum.auth import sessions
from forum.auth.models import AccountState, Role, User
from forum.database import LIKE_ESCAPE, escape_like, lock_for_update, lock_name
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.mail.services import absolute_url, queue_mail
from forum.registry.base import MatchLevel, Outcome
from forum.registry.models import VerificationCheck
from forum.security import passwords, permissions
from forum.text import clean_text, has_visible_text
from forum.timeutil import utcnow

REASON_MAX = 2000


def _clean_reason(reason: str, required=True) -> str:
    """As forum.text.clean_reason, but optional for an approval, with the applicant's wording."""
    reason = clean_text(reason).strip()
    if required and not has_visible_text(reason):
        raise ValidationFailed("Give a reason; it is recorded and sent to the applicant.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(f"Keep the reason under {REASON_MAX} characters.", field="reason")
    return reason


def _label(user: User) -> str:
    return f"{user.full_name} <{user.email}>"


def pending_applications():
    """Applications awaiting review, oldest first, each with its newest registry check (or
    None): two queries however many are waiting."""
    users = db.session.scalars(
        select(User).where(User.state == AccountState.PENDING_REVIEW).order_by(User.submitted_at, User.id)
    ).all()
    newest = {}
    waiting = select(User.id).where(User.state == AccountState.PENDING_REVIEW)
    for check in db.session.scalars(
            select(VerificationCheck).where(VerificationCheck.user_id.in_(waiting))
            .order_by(VerificationCheck.checked_at.desc(), VerificationCheck.id.desc())):
        newest.setdefault(check.user_id, check)
    return [(user, newest.get(user.id)) for user in users]


def checks_of(user: User):
    return db.session.scalars(
        select(VerificationCheck).where(VerificationCheck.user_id == user.id)
        .order_by(VerificationCheck.checked_at.desc(), VerificationCheck.id.desc())
    ).all()


def approve_application(actor: User | None, applicant: User, reason: str = "", *,
                        seen_state: str | None = None) -> None:
    """pending_review or rejected -> verified. `actor` None means the auto-approve rule.
    `seen_state`: the state the admin's page showed; InvalidState when another admin decided
    the application since (a rejection is not overturned by someone who had not seen it).
    Raises NotAllowed, InvalidState. Audit: account.approve."""
    if actor is not None and not permissions.is_admin(actor):
        raise NotAllowed("Only admins approve applications.")
    lock_for_update(applicant)  # two admins deciding at once: the second sees the first's decision
    if applicant.state == AccountState.VERIFIED:
        raise InvalidState("This applicant is already verified.")
    if seen_state and seen_state != applicant.state:
        raise InvalidState(f"Another admin decided this application a moment ago: it is now "
                           f"{applicant.state_label.lower()}. Read their decision below before "
                           "approving it.")
    if applicant.state not in (AccountState.PENDING_REVIEW, AccountState.REJECTED):
        raise InvalidState(f"An account that is {applicant.state_label.lower()} cannot be approved.")
    reason = _clean_reason(reason, required=False)
    applicant.state = AccountState.VERIFIED
    applicant.verified_at = utcnow()
    applicant.verified_by_id = actor.id if actor else None
    applicant.state_reason = None
    record(actor, "account.approve", "user", applicant.id, target_label=_label(applicant),
           reason=reason or ("Automatic approval of a strong registry match" if actor is None else ""))
    queue_mail(applicant.email, "Your Curbside account is verified", "approved",
               user=applicant, login_url=absolute_url("auth.login"))
    db.session.flush()


def reject_application(actor: User, applicant: User, reason: str) -> None:
    """pending_review -> rejected with a reason the applicant sees. Audit: account.reject."""
    if not permissions.is_admin(actor):
        raise NotAllowed("Only admins reject applications.")
    lock_for_update(applicant)
    if applicant.state == AccountState.REJECTED:
        raise InvalidState("This application is already rejected.")
    if applicant.state != AccountState.PENDING_REVIEW:
        raise InvalidState(f"An account that is {applicant.state_label.lower()} cannot be rejected.")
    reason = _clean_reason(reason)
    applicant.state = AccountState.REJECTED
    applicant.state_reason = reason
    record(actor, "account.reject", "user", applicant.id, target_label=_label(applicant), reason=reason)
    queue_mail(applicant.email, "Your Curbside application", "rejected", user=applicant,
               reason=reason, login_url=absolute_url("auth.login"))
    db.session.flush()


def recheck_application(actor: User, applicant: User) -> VerificationCheck:
    """Run the registry checks again (after a new import). Audit: account.recheck."""
    from forum.registry import services as registry_services

    if not permissions.is_admin(actor):
        raise NotAllowed("Only admins re-run registry checks.")
    check = registry_services.run_checks(applicant, trigger="admin")
    record(actor, "account.recheck", "user", applicant.id, target_label=_label(applicant),
           details={"outcome": check.outcome, "match_level": check.match_level})
    return check


def auto_approve_if_configured(applicant: User, check: VerificationCheck) -> bool:
    """FORUM_AUTO_APPROVE=strong approves a verified, strong match without an admin."""
    if current_app.config.get("AUTO_APPROVE") != "strong":
        return False
    if check.outcome != Outcome.VERIFIED or check.match_level != MatchLevel.STRONG:
        return False
    approve_application(None, applicant)
    return True


def change_role(actor: User, target: User, role: str, reason: str) -> None:
    """Make a verified member a member, moderator or admin. Audit: account.role."""
    if role not in Role.ALL:
        raise ValidationFailed("Choose member, moderator or admin.", field="role")
    lock_for_update(target)
    if not permissions.can_change_role(actor, target):
        raise NotAllowed("You cannot change this account's role.")
    if target.role == role:
        raise InvalidState(f"{target.full_name} is already {Role.LABELS[role].lower()}.")
    reason = _clean_reason(reason)
    previous = target.role
    target.role = role
    record(actor, "account.role", "user", target.id, target_label=_label(target), reason=reason,
           details={"from": previous, "to": role})
    db.session.flush()


def revoke_verification(actor: User, target: User, reason: str) -> None:
    """verified/suspended -> revoked: login refused, every session ended. Audit: account.revoke."""
    lock_for_update(target)
    if target.state == AccountState.REVOKED:
        raise InvalidState("This account's verification is already revoked.")
    if not permissions.can_revoke(actor, target):
        raise NotAllowed("You cannot revoke this account.")
    reason = _clean_reason(reason)
    target.state = AccountState.REVOKED
    target.state_reason = reason
    target.role = Role.MEMBER
    sessions.end_all_sessions(target)
    record(actor, "account.revoke", "user", target.id, target_label=_label(target), reason=reason)
    queue_mail(target.email, "Your Curbside verification was revoked", "revoked", user=target, reason=reason)
    db.session.flush()


def reinstate_account(actor: User, target: User, reason: str) -> None:
    """revoked -> verified, for a licence restored or a revocation made in error. Audit."""
    lock_for_update(target)
    if not permissions.can_reinstate(actor, target):
        raise NotAllowed("You cannot reinstate this account.")
    reason = _clean_reason(reason)
    target.state = AccountState.VERIFIED
    target.state_reason = None
    target.verified_at = utcnow()
    target.verified_by_id = actor.id
    record(actor, "account.reinstate", "user", target.id, target_label=_label(target), reason=reason)
    queue_mail(target.email, "Your Curbside account is verified again", "approved", user=target,
               login_url=absolute_url("auth.login"))
    db.session.flush()


def create_admin(full_name: str, email: str, password: str, registry="other", identifier="",
                 jurisdiction="", specialty="208D00000X") -> User:
    """The operator's way in: a verified admin created from the CLI. Audit: account.create_admin."""
    from forum.auth.services import (NEW_ACCOUNT_LOCK, check_full_name, find_user_by_email, make_handle,
                                     normalize_email)

    full_name = check_full_name(full_name)  # the rule registration applies, for every account
    email = normalize_email(email)
    if not email or "@" not in email:
        raise ValidationFailed("Give a valid email address.", field="email")
    lock_name(NEW_ACCOUNT_LOCK)
    if find_user_by_email(email) is not None:
        raise InvalidState("An account with this email already exists.")
    problems = passwords.password_problems(password, (full_name, email))
    if problems:
        raise ValidationFailed(problems[0], field="password")
    now = utcnow()
    user = User(
        email=email, handle=make_handle(full_name), full_name=full_name,
        password_hash=passwords.hash_password(password), state=AccountState.VERIFIED, role=Role.ADMIN,
        registry_code=registry, registry_identifier=identifier or "operator", jurisdiction=jurisdiction or "",
        specialty=specialty, email_confirmed_at=now, submitted_at=now, verified_at=now,
    )
    db.session.add(user)
    db.session.flush()
    record(None, "account.create_admin", "user", user.id, target_label=_label(user),
           reason="Created from the command line")
    return user


def list_members(state=None, query=None, limit=200):
    """Members by name, optionally in one state and whose email or name contains `query`
    (literally: % and _ are not wildcards)."""
    statement = select(User).order_by(User.full_name)
    if state:
        statement = statement.where(User.state == state)
    if query and query.strip():
        like = f"%{escape_like(query.strip().lower())}%"
        statement = statement.where(User.email.ilike(like, escape=LIKE_ESCAPE)
                                    | User.full_name.ilike(like, escape=LIKE_ESCAPE))
    return db.session.scalars(statement.limit(limit)).all()


def recheck_pending_applications(actor: User) -> dict:
    """What `flask registry recheck` does, asked from the Registry page: every application
    awaiting review checked again (a new VerificationCheck each), then the verified members
    whose record has lapsed counted. Returns the outcome as a small dict of counts, kept in the
    admin's session so that the page showing it can be reloaded without re-running anything
    (the cookie holds a few dozen bytes however many applications there are; the checks
    themselves are on the Applications page, the lapsed members on Re-verification).
    Raises NotAllowed for a non-admin. Audit: account.recheck per application. Flushes."""
    from forum.registry import services as registry_services

    checked = registry_services.recheck_pending(trigger="admin", actor=actor)
    outcomes: dict[str, int] = {}
    for _user, check in checked:
        outcomes[check.outcome] = outcomes.get(check.outcome, 0) + 1
    return {"at": utcnow().isoformat(timespec="seconds"), "checked": len(checked),
            "outcomes": outcomes, "lapsed": len(registry_services.lapsed_members())}

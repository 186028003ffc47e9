"""Running verifiers for an account and storing their evidence (flushes, never commits)."""
from flask import current_app

from forum.extensions import db
from forum.registry.base import Applicant
from forum.registry.models import VerificationCheck


def applicant_of(user) -> Applicant:
    """What `user` declared; carries the account id so its own claim is not a duplicate."""
    from forum.registry.verifiers import AccountApplicant

    return AccountApplicant(full_name=user.full_name, identifier=user.registry_identifier,
                            jurisdiction=user.jurisdiction, user_id=user.id)


def applicant_outcome(check: VerificationCheck | None) -> str | None:
    """The automatic check's result as the applicant may read it (Outcome.APPLICANT_LABELS):
    never whether another account claims the same number."""
    from forum.registry.base import Outcome

    if check is None:
        return None
    return Outcome.APPLICANT_LABELS.get(check.outcome, Outcome.APPLICANT_LABELS[Outcome.NEEDS_REVIEW])


def run_checks(user, trigger: str) -> VerificationCheck:
    """Verify `user` against its registry now and store the evidence as a new check."""
    from forum.registry.verifiers import get_verifier

    verifier = get_verifier(user.registry_code, current_app.config)
    evidence = verifier.verify(applicant_of(user))
    check = VerificationCheck(
        user_id=user.id, registry_code=user.registry_code, identifier=user.registry_identifier,
        outcome=evidence.outcome, match_level=evidence.match_level, reasons=list(evidence.reasons),
        record_snapshot=evidence.record, sources=list(evidence.sources), triggered_by=trigger,
    )
    db.session.add(check)
    db.session.flush()
    return check


def lapsed_members():
    """Verified accounts whose registry record is now deactivated or missing, with evidence.

    Re-runs each registry-backed member's verifier against the current extract (and API when
    configured) without storing the result, so the list always reflects the latest import.
    """
    from sqlalchemy import select

    from forum.auth.models import AccountState, User
    from forum.registry.base import Outcome
    from forum.registry.verifiers import get_verifier

    members = db.session.scalars(
        select(User).where(User.state.in_((AccountState.VERIFIED, AccountState.SUSPENDED)),
                           User.registry_code.in_(("npi", "gmc", "nmc"))).order_by(User.full_name)
    ).all()
    lapsed = []
    for user in members:
        evidence = get_verifier(user.registry_code, current_app.config).verify(applicant_of(user))
        if evidence.outcome in (Outcome.INACTIVE, Outcome.NOT_FOUND):
            lapsed.append((user, evidence))
    return lapsed


def recheck_pending(trigger: str = "recheck", actor=None) -> list:
    """Run the checks again for every application awaiting review, oldest first (after an import).

    Returns (user, check) pairs; each check is a new VerificationCheck. `actor`: the admin who
    asked (the Registry page), None for the system (the CLI). Raises NotAllowed for an actor who
    is not an admin. Audit: account.recheck by the actor, per application. Flushes, never commits.
    """
    from sqlalchemy import select

    from forum.audit.services import record
    from forum.auth.models import AccountState, User
    from forum.errors import NotAllowed
    from forum.security.permissions import is_admin

    if actor is not None and not is_admin(actor):
        raise NotAllowed("Only admins re-run registry checks.")

    pending = db.session.scalars(
        select(User).where(User.state == AccountState.PENDING_REVIEW).order_by(User.submitted_at, User.id)
    ).all()
    checked = []
    for user in pending:
        check = run_checks(user, trigger)
        record(actor, "account.recheck", "user", user.id, target_label=f"{user.full_name} <{user.email}>",
               details={"outcome": check.outcome, "match_level": check.match_level, "trigger": trigger})
        checked.append((user, check))
    return checked

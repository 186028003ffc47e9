"""Running verifiers for an account and storing their evidence (flushes, never commits)."""
from flask import current_app

from forum.extensions import db
from forum.registry.base import Applicant
from forum.registry.models import VerificationCheck


def applicant_of(user) -> Applicant:
    return Applicant(full_name=user.full_name, identifier=user.registry_identifier,
                     jurisdiction=user.jurisdiction)


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


def recent_imports(limit=10):
    from sqlalchemy import select

    from forum.registry.models import RegistryImport

    return db.session.scalars(select(RegistryImport).order_by(RegistryImport.id.desc()).limit(limit)).all()


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

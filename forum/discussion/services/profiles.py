"""A member's own profile: the standing disclosure the composer pre-fills from, and the
institution. Verified identity (name, registry, specialty, jurisdiction) is not editable here."""
from forum.database import lock_for_update
from forum.discussion import disclosures
from forum.discussion.drafts import DisclosureInput, Problems
from forum.discussion.models import StandingDisclosure
from forum.extensions import db
from forum.text import clean_line, composed, stacking_problem
from forum.timeutil import utcnow

INSTITUTION_MAX = 200


def standing_disclosure_of(user) -> StandingDisclosure | None:
    return db.session.get(StandingDisclosure, user.id)


def disclosure_form_data(user) -> dict:
    """Pre-fill for a disclosure fieldset: the standing disclosure, or nothing chosen."""
    standing = standing_disclosure_of(user)
    if standing is None:
        return disclosures.as_form_data(None, None)
    return disclosures.as_form_data(standing.no_conflicts, standing.relationships)


def update_profile(actor, institution: str, disclosure: DisclosureInput) -> StandingDisclosure:
    """Save the actor's own standing disclosure (explicit choice required) and institution.

    Past posts keep their snapshots. Raises InvalidDraft. Flushes, never commits.
    """
    problems = Problems()
    institution = clean_line(composed(institution))
    if len(institution) > INSTITUTION_MAX:
        problems.add("institution", f"The institution is {len(institution):,} characters long; "
                                    f"the limit is {INSTITUTION_MAX}.")
    elif stacked := stacking_problem(institution, "The institution"):
        problems.add("institution", stacked)
    snapshot = disclosures.validate_disclosure(disclosure, problems)
    problems.raise_if_any()
    lock_for_update(actor)  # the form sent twice at once must not insert the disclosure twice
    standing = (db.session.get(StandingDisclosure, actor.id, populate_existing=True)
                or StandingDisclosure(user_id=actor.id))
    standing.no_conflicts = snapshot["no_conflicts"]
    standing.relationships = snapshot["relationships"]
    standing.updated_at = utcnow()
    db.session.add(standing)
    actor.institution = institution or None
    db.session.flush()
    return standing

"""Conflict-of-interest disclosures: the relationship types, validation into the snapshot that
posts store, and the words a badge shows."""
from forum.discussion.drafts import DisclosureInput, Problems, RelationshipInput
from forum.text import clean_line, clean_text, composed, has_visible_text, stacking_problem
from forum.timeutil import utcnow

NONE = "none"
DECLARED = "declared"
CHOICES = {NONE: "No relevant conflicts", DECLARED: "I have relationships to declare"}

RELATIONSHIP_TYPES = {
    "consulting": "Consulting",
    "speaking": "Speaking",
    "research_funding": "Research funding",
    "equity": "Equity",
    "royalties": "Royalties",
    "employment": "Employment",
    "other": "Other",
}
MAX_RELATIONSHIPS = 10
MAX_BODY_LENGTH = 200
MAX_NOTE_LENGTH = 300


def validate_disclosure(data: DisclosureInput | None, problems: Problems, prefix="disclosure"):
    """The snapshot {"no_conflicts", "relationships", "recorded_at"} or None after adding
    problems. Blank relationship rows are ignored; each other row must be complete."""
    data = data or DisclosureInput()
    rows = [(i, row) for i, row in enumerate(data.relationships) if not row.is_blank]
    if data.choice not in CHOICES:
        problems.add(f"{prefix}-choice", "Choose “No relevant conflicts” or declare your relationships.")
        return None
    if data.choice == NONE:
        if rows:
            problems.add(f"{prefix}-choice", "You chose “No relevant conflicts” but listed relationships: "
                         "remove them or choose “I have relationships to declare”.")
            return None
        return _snapshot(True, [])
    if not rows:
        problems.add(f"{prefix}-choice", "Declare at least one relationship (type and company or body), "
                     "or choose “No relevant conflicts”.")
        return None
    if len(rows) > MAX_RELATIONSHIPS:
        problems.add(f"{prefix}-choice", f"Declare at most {MAX_RELATIONSHIPS} relationships.")
        return None
    relationships = [_relationship(i, row, problems, prefix) for i, row in rows]
    if any(r is None for r in relationships):
        return None
    return _snapshot(False, relationships)


def _relationship(index: int, row: RelationshipInput, problems: Problems, prefix: str):
    name = f"{prefix}-relationships-{index}"
    ok = True
    if row.type not in RELATIONSHIP_TYPES:
        problems.add(f"{name}-type", f"Relationship {index + 1}: choose its type.")
        ok = False
    body = clean_line(composed(row.body))
    if not has_visible_text(body):
        problems.add(f"{name}-body", f"Relationship {index + 1}: name the company or body.")
        ok = False
    elif len(body) > MAX_BODY_LENGTH:
        problems.add(f"{name}-body", f"Relationship {index + 1}: the company or body is {len(body):,} "
                                     f"characters long; the limit is {MAX_BODY_LENGTH}.")
        ok = False
    elif stacked := stacking_problem(body, f"Relationship {index + 1}: the company or body"):
        problems.add(f"{name}-body", stacked)
        ok = False
    note = relationship_note(row.note)
    if len(note) > MAX_NOTE_LENGTH:
        problems.add(f"{name}-note", f"Relationship {index + 1}: the note is {len(note):,} characters "
                                     f"long; the limit is {MAX_NOTE_LENGTH}.")
        ok = False
    elif stacked := stacking_problem(note, f"Relationship {index + 1}: the note"):
        problems.add(f"{name}-note", stacked)
        ok = False
    return {"type": row.type, "body": body, "note": note} if ok else None


def relationship_note(value: str | None) -> str:
    """A relationship's note as stored in the snapshot (and as the privacy screen reads it)."""
    return clean_text(composed(value)).strip()


def _snapshot(no_conflicts: bool, relationships: list[dict]) -> dict:
    return {
        "no_conflicts": no_conflicts,
        "relationships": relationships,
        "recorded_at": utcnow().isoformat(timespec="seconds"),
    }


def as_form_data(no_conflicts: bool | None, relationships: list[dict] | None) -> dict:
    """Data to pre-fill a disclosure fieldset (from a standing disclosure or a snapshot)."""
    if no_conflicts is None:
        return {"choice": "", "relationships": []}
    return {
        "choice": NONE if no_conflicts else DECLARED,
        "relationships": [dict(r) for r in relationships or []],
    }


def type_label(code: str) -> str:
    return RELATIONSHIP_TYPES.get(code, code)


def summary(snapshot: dict | None) -> str:
    """One line for a badge: "No relevant conflicts" or "Declares: consulting (Acme); ..."."""
    if not snapshot:
        return ""
    if snapshot.get("no_conflicts"):
        return CHOICES[NONE]
    parts = [f"{type_label(r['type']).lower()} ({r['body']})" for r in snapshot.get("relationships", [])]
    return "Declares: " + "; ".join(parts)

"""Turns a stored registry snapshot into labelled lines an admin can read at a glance."""
from datetime import date, datetime

from forum.registry import jurisdictions, specialties

LABELS = (
    ("identifier", "Number"), ("registry", "Registry"), ("council", "Council"), ("source", "Source"),
    ("family_name", "Family name"), ("given_name", "Given name"), ("middle_name", "Middle name"),
    ("other_family_name", "Former or other family name"), ("other_given_name", "Other given name"),
    ("credential", "Credential"), ("status", "Status"), ("deactivated_on", "Deactivated"),
    ("reactivated_on", "Reactivated"), ("taxonomies", "Taxonomies and licences"), ("details", "Details"),
    ("imported_at", "Extract imported"),
)


def _when(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if len(value) <= 10:
        return date.fromisoformat(value).strftime("%d %b %Y")
    return moment.strftime("%d %b %Y, %H:%M UTC")


def _taxonomy(entry: dict) -> str:
    code = entry.get("code") or ""
    parts = [f"{code} {specialties.SPECIALTIES.get(code, '')}".strip()]
    if entry.get("primary"):
        parts.append("(primary)")
    licence = " ".join(str(v) for v in (entry.get("license"), entry.get("state")) if v)
    if licence:
        parts.append(f"· licence {licence}")
    return " ".join(parts)


def _value(key: str, value) -> str:
    if key in ("deactivated_on", "reactivated_on", "imported_at"):
        return _when(value)
    if key == "taxonomies":
        return "; ".join(_taxonomy(entry) for entry in value if isinstance(entry, dict))
    if key == "details" and isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in value.items() if v not in (None, "", [], {}))
    if key == "registry":
        return jurisdictions.REGISTRY_LABELS.get(value, str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def record_rows(snapshot: dict | None) -> list[tuple[str, str]]:
    """(label, text) for every field of the snapshot that holds something, known fields first."""
    if not snapshot:
        return []
    known = {key for key, _ in LABELS}
    ordered = [(key, label) for key, label in LABELS if key in snapshot]
    ordered += [(key, key.replace("_", " ").capitalize()) for key in snapshot if key not in known]
    rows = []
    for key, label in ordered:
        value = snapshot.get(key)
        if value in (None, "", [], {}):
            continue
        text = _value(key, value)
        if text:
            rows.append((label, text))
    return rows

"""Admin management of categories: create, rename and describe, reorder, archive, restore.
Each change takes a reason and writes an audit entry in the same transaction. Flush, never commit."""
import unicodedata

from sqlalchemy import func, select

from forum.audit.services import record
from forum import text
from forum.discussion.models import Category
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.security.permissions import is_admin
from forum.timeutil import utcnow

NAME_MIN, NAME_MAX, DESCRIPTION_MAX = 2, 80, 500
REASON_MAX = 2000


def create_category(actor, name: str, description: str, reason: str) -> Category:
    """Add a category at the end of the list. Raises NotAllowed or ValidationFailed(field=...:
    name taken ignoring case and accents' composition, reason missing). Audit: category.create."""
    _require_admin(actor)
    name, description = _check_fields(name, description)
    reason = clean_reason(reason)
    _check_unique(name)
    last = db.session.scalar(select(func.max(Category.position)))
    category = Category(name=name, description=description, position=(last or 0) + 1,
                        created_at=utcnow())
    db.session.add(category)
    db.session.flush()
    record(actor, "category.create", "category", category.id, target_label=name, reason=reason,
           details={"name": name, "description": description})
    return category


def update_category(actor, category: Category, name: str, description: str, reason: str) -> bool:
    """Rename and/or describe; False if nothing changed. Raises NotAllowed or
    ValidationFailed(field=...). Audit: category.update (old and new)."""
    _require_admin(actor)
    name, description = _check_fields(name, description)
    reason = clean_reason(reason)
    if name == category.name and description == category.description:
        return False
    if name != category.name:
        _check_unique(name, other_than=category)
    changes = {key: {"from": old, "to": new} for key, old, new in (
        ("name", category.name, name), ("description", category.description, description)) if old != new}
    category.name, category.description = name, description
    db.session.flush()
    record(actor, "category.update", "category", category.id, target_label=name, reason=reason,
           details=changes)
    return True


def move_category(actor, category: Category, direction: str, reason: str) -> bool:
    """Move one place "up" or "down" in the index; False at either end. Raises NotAllowed or
    ValidationFailed (field "direction" or "reason"). Audit: category.move."""
    _require_admin(actor)
    if direction not in ("up", "down"):
        raise ValidationFailed("Move a category up or down.", field="direction")
    reason = clean_reason(reason)
    ordered = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    index = ordered.index(category)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()
    record(actor, "category.move", "category", category.id, target_label=category.name,
           reason=reason, details={"direction": direction, "position": target + 1})
    return True


def archive_category(actor, category: Category, reason: str):
    """Make a category read-only (no new threads, replies or edits). Raises NotAllowed,
    InvalidState (already archived, 409) or ValidationFailed (reason). Audit: category.archive."""
    _require_admin(actor)
    reason = clean_reason(reason)
    if category.is_archived:
        raise InvalidState(f"“{category.name}” is already archived.")
    category.archived_at = utcnow()
    db.session.flush()
    record(actor, "category.archive", "category", category.id, target_label=category.name, reason=reason)


def restore_category(actor, category: Category, reason: str):
    """Reopen an archived category. Raises NotAllowed, InvalidState (not archived, 409) or
    ValidationFailed (reason). Audit: category.restore."""
    _require_admin(actor)
    reason = clean_reason(reason)
    if not category.is_archived:
        raise InvalidState(f"“{category.name}” is not archived.")
    category.archived_at = None
    db.session.flush()
    record(actor, "category.restore", "category", category.id, target_label=category.name, reason=reason)


def _require_admin(actor):
    if not is_admin(actor):
        raise NotAllowed("Only admins manage categories.")


def _check_fields(name, description):
    name = text.clean_line(name)
    description = text.clean_line(description)
    if len(name) < NAME_MIN:
        raise ValidationFailed(f"Give a name of at least {NAME_MIN} characters.", field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(f"The name has at most {NAME_MAX} characters.", field="name")
    if len(description) > DESCRIPTION_MAX:
        raise ValidationFailed(f"The description has at most {DESCRIPTION_MAX} characters.",
                               field="description")
    return name, description


def clean_reason(reason) -> str:
    """The reason as stored (forum.text.clean_reason). Raises ValidationFailed(field="reason")."""
    return text.clean_reason(reason, limit=REASON_MAX,
                             missing="Give a reason: it is recorded in the audit log.")


def name_key(name: str) -> str:
    """What two names that read alike share: Unicode-normalised and case-folded ("Ärzte-Forum",
    "ärzte-forum" and "A\u0308rzte-forum" alike), the same whatever the database engine."""
    return unicodedata.normalize("NFKC", name).casefold()


def _check_unique(name, other_than: Category | None = None):
    """Compared in Python over every name: there are few categories, and SQL lower() folds
    only ASCII on SQLite."""
    key = name_key(name)
    others = select(Category.name)
    if other_than is not None:
        others = others.where(Category.id != other_than.id)
    if any(name_key(taken) == key for taken in db.session.scalars(others)):
        raise ValidationFailed(f"A category named “{name}” already exists.", field="name")

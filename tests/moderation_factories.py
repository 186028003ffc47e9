"""Helpers for the moderation tests: people in each role, a thread with posts, held posts
(through the real privacy screen), reports, and readers for audit entries and notifications."""
from sqlalchemy import select

from forum.audit.models import AuditEntry
from forum.discussion.drafts import ThreadDraft
from forum.discussion.models import Post, ThreadKind
from forum.discussion.services import posting
from forum.extensions import db
from forum.moderation.services import reports
from forum.notifications.models import Notification, NotificationKind
from tests import discussion_factories as df

IDENTIFYING = "Mrs. Jones, DOB 03/14/1951, MRN 4432190, came in with hyponatraemia."
EXPLANATION = "Mrs. Jones is the name of a published case report, not my patient."


def opening(thread) -> Post:
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()


def held_reply(author, thread, body=IDENTIFYING) -> Post:
    """A reply the privacy screen flagged and its author declared harmless: status held."""
    draft = df.draft(body)
    draft.privacy_declared = True
    draft.privacy_explanation = EXPLANATION
    if thread.is_clinical:
        draft.disclosure = df.NO_CONFLICTS
    post = posting.create_reply(author, thread, draft)
    db.session.flush()
    return post


def held_thread(author, category, *, title="Falling sodium on an SSRI", body=IDENTIFYING):
    """A new general thread whose opening post the privacy screen flagged and its author
    declared harmless: held, out of members' sight until approved."""
    draft = df.draft(body)
    draft.privacy_declared = True
    draft.privacy_explanation = EXPLANATION
    thread = posting.create_thread(author, ThreadDraft(category.id, title, ThreadKind.GENERAL, draft))
    db.session.flush()
    return thread


def report(reporter, post, reason="unprofessional", explanation=""):
    made = reports.create_report(reporter, post, reason, explanation)
    db.session.commit()
    return made


def audit(action=None):
    """Audit entries, oldest first (only `action` when given)."""
    statement = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        statement = statement.where(AuditEntry.action == action)
    return list(db.session.scalars(statement))


def moderation_notices(user):
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == NotificationKind.MODERATION)
        .order_by(Notification.id)))

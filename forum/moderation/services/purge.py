"""Purge: destroy the text of a post that breaches patient privacy, everywhere the database
keeps it, irreversibly. Only the audit record (which never holds the text) stays.

What is destroyed: the post's source and HTML, its revisions, its citations (values and notes),
its disclosure snapshot, its search entry, the flagged spans and explanation its privacy holds
keep, the explanations of reports and the message of an appeal about it (they may quote it), the
thread title when it is the opening post, its author's draft of an edit of it, who marked it
helpful, the quoted copies of it in other posts (and their revisions) and in any member's saved
drafts, and the findings the privacy holds of those quoting posts copied from it.
Notifications hold ids only, and mail never carries post text.
"""
from sqlalchemy import select, text

from forum.audit.services import record
from forum.discussion.models import Post, PostStatus
from forum.discussion.services import counters, helpful, saved_drafts
from forum.errors import InvalidState
from forum.extensions import db
from forum.moderation.models import Appeal, AppealStatus, ModerationAction, Report, ReportReason
from forum.moderation.services.common import (add_event, clean_reason, notify_author, post_label,
                                              require_post_moderator, require_seen_status)
from forum.moderation.services.posts import HOLD_REASON_MAX, shorten
from forum.moderation.services.quotes import PURGED_NOTE, lock_quoting_posts, strip_quotes
from forum.moderation.services.reports import uphold_open_reports
from forum.privacy import holds
from forum.privacy.models import HoldOutcome
from forum.search.services import current_engine, remove_post
from forum.timeutil import utcnow

PURGED_TITLE = "Thread removed for patient privacy"


def purge_post(actor, post: Post, reason: str, *, seen_status: str | None = None) -> Post:
    """Destroy the text of `post` for good (see the module docstring); status "purged", its
    tombstone says it was removed for patient privacy. Works on a post in any state but purged.

    Raises NotAllowed, InvalidState (already purged, or not in the `seen_status` the moderator's
    page showed: 409) or ValidationFailed.
    Audit: post.purge (counts and ids only), and privacy_hold.close for an open hold.
    Flushes, never commits.
    """
    counters.lock_post(post)
    require_post_moderator(actor, post)
    if post.status == PostStatus.PURGED:
        raise InvalidState("This post is already purged: its text was destroyed. Nothing was changed.")
    require_seen_status(post, seen_status)
    reason = clean_reason(reason)
    quoting = lock_quoting_posts(post)  # before the first audit entry: see lock_quoting_posts
    _secure_delete_on()
    previous = post.status
    hold = holds.open_hold_for(post) if previous == PostStatus.HELD else None
    if hold is not None:
        holds.close_hold(actor, hold, HoldOutcome.REMOVED, shorten(reason, HOLD_REASON_MAX))
    before = counters.before_change(post)
    destroyed = _destroy_text(post, quoting)
    post.status = PostStatus.PURGED
    post.removal_category = ReportReason.PRIVACY
    db.session.flush()
    counters.after_change(post, before)
    reports = uphold_open_reports(actor, post, "purged")
    _close_appeal(actor, post, reason)
    add_event(actor, post.author, ModerationAction.PURGE, post=post, category=ReportReason.PRIVACY,
              reason=reason)
    notify_author(post.author, "purged", post=post, category=ReportReason.PRIVACY, reason=reason)
    record(actor, "post.purge", "post", post.id, target_label=post_label(post), reason=reason,
           details={**destroyed, "previous_status": previous, "report_ids": [r.id for r in reports],
                    "hold_id": hold.id if hold else None})
    _compact_search_index()
    return post


def _destroy_text(post: Post, quoting_posts: list[Post]) -> dict:
    """Overwrite or delete every copy of the post's text; return what was done (counts, ids)."""
    revisions = len(post.revisions)
    citations = len(post.citations)
    versions = [post.body_source] + [revision.body_source for revision in post.revisions]
    post.body_source = ""
    post.body_html = ""
    post.disclosure = None
    post.revisions = []
    post.citations = []
    db.session.flush()
    remove_post(post)
    holds.scrub_holds(post)
    saved_drafts.forget_edits_of(post)  # its author's unsent edit holds the same words
    helpful.forget_marks(post)
    reports = list(db.session.scalars(select(Report).where(Report.post_id == post.id,
                                                           Report.explanation != "")))
    for report in reports:
        report.explanation = ""
    appeal = db.session.scalar(select(Appeal).where(Appeal.post_id == post.id))
    if appeal is not None:
        appeal.message = ""
    title_replaced = post.number == 1 and post.thread.title != PURGED_TITLE
    if title_replaced:
        post.thread.title = PURGED_TITLE
    quoting = strip_quotes(post, PURGED_NOTE, everywhere=True, quoting=quoting_posts)
    quoting_holds = holds.scrub_quoted_findings(quoting, versions)
    drafts = saved_drafts.strip_quotes_of(post, PURGED_NOTE)
    db.session.flush()
    return {"revisions_destroyed": revisions, "citations_destroyed": citations,
            "report_explanations_cleared": len(reports), "appeal_message_cleared": appeal is not None,
            "title_replaced": title_replaced, "quoting_post_ids": quoting,
            "quoting_hold_ids_scrubbed": quoting_holds, "quoting_drafts_scrubbed": drafts}


def _close_appeal(actor, post: Post, reason: str):
    appeal = db.session.scalar(select(Appeal).where(Appeal.post_id == post.id,
                                                    Appeal.status == AppealStatus.OPEN))
    if appeal is not None:
        appeal.status = AppealStatus.UPHELD
        appeal.decided_at = utcnow()
        appeal.decided_by_id = actor.id
        appeal.decision_reason = reason


def _secure_delete_on():
    """SQLite: overwrite freed pages with zeros, so deleted text does not linger in the file."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("PRAGMA secure_delete = ON"))


def _compact_search_index():
    """SQLite FTS5 keeps deleted entries' tokens in old index segments until they are merged:
    merge them all now. (PostgreSQL drops the row; VACUUM reclaims the dead tuple.)"""
    engine = current_engine()
    if engine.name == "sqlite":
        engine.optimize(db.session)

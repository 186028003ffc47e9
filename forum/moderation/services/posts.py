"""Moderator actions on posts: approve a held post, remove, restore, redact, and (admins)
remove every post of an account. Each checks can_moderate_post, refuses to do what is already
done (InvalidState, 409), writes its audit entry, tells the author (in-app and by mail) and the
reporters (in-app), and flushes; the caller commits."""
from sqlalchemy import func, select

from forum.audit.services import record
from forum.database import lock_for_update
from forum.discussion.models import Post, PostRevision, PostStatus
from forum.discussion.rendering import render_body
from forum.discussion.services import counters
from forum.discussion.drafts import Problems
from forum.discussion.services.composing import MAX_BODY_LENGTH, check_title
from forum.discussion.services.editing import next_revision_number, revision_title
from forum.text import clean_text
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import Appeal, AppealStatus, ModerationAction
from forum.moderation.services.common import (add_event, check_category, clean_reason,
                                              notify_author, post_label,
                                              require_post_moderator, require_seen_status, user_label)
from forum.moderation.services.quotes import REDACTED_NOTE, refresh_quotes, strip_quotes
from forum.moderation.services.reports import uphold_open_reports
from forum.privacy import holds
from forum.privacy.models import HoldOrigin, HoldOutcome
from forum.search import services as search
from forum.security.permissions import can_remove_all_posts
from forum.timeutil import utcnow

HOLD_REASON_MAX = holds.REASON_MAX
_REMOVABLE = (PostStatus.VISIBLE, PostStatus.HIDDEN, PostStatus.HELD)


def approve_held_post(actor, post: Post, reason: str, *, seen_status: str | None = None) -> Post:
    """Publish a post held by the privacy screen (forum.privacy.holds.approve_hold, which
    checks access, tells the author and writes `post.approve_held`). Raises InvalidState when
    the post is not held or not in the `seen_status` the moderator's page showed (409),
    NotAllowed or ValidationFailed."""
    counters.lock_post(post)
    require_post_moderator(actor, post)
    require_seen_status(post, seen_status)
    hold = holds.open_hold_for(post)
    if hold is None or post.status != PostStatus.HELD:
        raise InvalidState("This post is not held for review: there is nothing to approve.")
    return holds.approve_hold(actor, hold, reason)


def remove_post(actor, post: Post, category: str, reason: str, *, seen_status: str | None = None) -> Post:
    """Take a post out of sight: status "removed", out of the search index; a tombstone in the
    thread names the reason category; the text stays for moderators and appeals. A held post's
    hold is closed as removed; open reports are upheld. Posts quoting it show a note in place
    of the quote (forum.moderation.services.quotes) until it is restored.

    Raises NotAllowed, InvalidState (already removed or purged, or not in the `seen_status` the
    moderator's page showed: 409) or ValidationFailed.
    Audit: post.remove (and privacy_hold.close for a held post). Flushes, never commits.
    """
    counters.lock_post(post)
    require_post_moderator(actor, post)
    require_seen_status(post, seen_status)
    _require_status(post, _REMOVABLE, "removed")
    category = check_category(category)
    reason = clean_reason(reason)
    details = _remove(actor, post, category, reason)
    notify_author(post.author, "removed", post=post, category=category, reason=reason)
    record(actor, "post.remove", "post", post.id, target_label=post_label(post), reason=reason,
           details=details)
    return post


def _remove(actor, post: Post, category: str, reason: str) -> dict:
    previous = post.status
    hold = holds.open_hold_for(post) if previous == PostStatus.HELD else None
    if hold is not None:
        holds.close_hold(actor, hold, HoldOutcome.REMOVED, shorten(reason, HOLD_REASON_MAX))
    before = counters.before_change(post)
    post.status = PostStatus.REMOVED
    post.removal_category = category
    db.session.flush()
    counters.after_change(post, before)
    search.remove_post(post)
    quoting = refresh_quotes(post)
    reports = uphold_open_reports(actor, post, "removed")
    add_event(actor, post.author, ModerationAction.REMOVE, post=post, category=category, reason=reason)
    return {"category": category, "previous_status": previous,
            "report_ids": [r.id for r in reports], "hold_id": hold.id if hold else None,
            "quoting_post_ids": quoting}


def restore_post(actor, post: Post, reason: str, *, appeal: Appeal | None = None,
                 seen_status: str | None = None) -> Post:
    """Show a removed post again (and index it), and its quotes in other posts. An open appeal
    against the removal is closed as granted. A post removed while held, before it was ever
    published, cannot be restored (the author may post it again; its thread was never
    published).

    Raises NotAllowed, InvalidState (not removed; purged; never published; not in the
    `seen_status` the moderator's page showed: 409) or ValidationFailed. Audit: post.restore.
    Flushes, never commits.
    """
    counters.lock_post(post)
    require_post_moderator(actor, post)
    require_seen_status(post, seen_status)
    if post.status == PostStatus.PURGED:
        raise InvalidState("This post was purged: its text is destroyed and cannot be restored.")
    _require_status(post, (PostStatus.REMOVED,), "restored")
    if _never_published(post):
        raise InvalidState("This post was removed while held for privacy review, before it was "
                           "ever published: it cannot be restored. Its author may post it again.")
    reason = clean_reason(reason)
    category = post.removal_category
    before = counters.before_change(post)
    post.status = PostStatus.VISIBLE
    post.removal_category = None
    db.session.flush()
    counters.after_change(post, before)
    search.index_post(post)
    quoting = refresh_quotes(post)
    appeal = appeal or _open_appeal(post)
    if appeal is not None and appeal.is_open:
        appeal.status = AppealStatus.GRANTED
        appeal.decided_at = utcnow()
        appeal.decided_by_id = actor.id
        appeal.decision_reason = reason
    add_event(actor, post.author, ModerationAction.RESTORE, post=post, category=category, reason=reason)
    notify_author(post.author, "appeal_granted" if appeal is not None else "restored", post=post,
                  reason=reason)
    record(actor, "post.restore", "post", post.id, target_label=post_label(post), reason=reason,
           details={"appeal_id": appeal.id if appeal else None, "removal_category": category,
                    "quoting_post_ids": quoting})
    return post


def redact_post(actor, post: Post, body: str, reason: str, title: str | None = None) -> Post:
    """A moderator's edit: replace the text with `body` (rendered like any post) and, for the
    opening post, the thread's title with `title` when one is given (a title can name a patient
    too, and removing the thread for it would lose a sound discussion). The version it replaces,
    with its title, is kept as a revision shown to moderators only; the post shows "redacted by
    a moderator". Open reports are upheld, and a post hidden by a privacy report is shown again.
    When the text changes, quotes of the post in other posts (and their revisions) are cut out
    for good, a note in their place: they copy the text the redaction took out.

    Raises NotAllowed, InvalidState (deleted, removed, purged, or nothing changed: 409) or
    ValidationFailed (field "body", "title" or "reason"). Audit: post.redact, which names what
    changed but never holds the text or the title. Flushes, never commits.
    """
    counters.lock_post(post)
    require_post_moderator(actor, post)
    if post.is_deleted:
        raise InvalidState("This post was deleted by its author: there is nothing to redact.")
    _require_status(post, _REMOVABLE, "redacted")
    body = clean_text(body).strip()
    if not body:
        raise ValidationFailed("Give the redacted text: it cannot be empty.", field="body")
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationFailed(f"The text is {len(body):,} characters long; the limit is "
                               f"{MAX_BODY_LENGTH:,}.", field="body")
    new_title = _redacted_title(post, title)
    body_changed = body != post.body_source
    if not body_changed and new_title is None:
        raise InvalidState("The text is unchanged: nothing was redacted."
                           if not post.is_opening else
                           "The title and the text are unchanged: nothing was redacted.")
    reason = clean_reason(reason)
    now = utcnow()
    revision = PostRevision(
        post=post, number=next_revision_number(post), body_source=post.body_source,
        body_html=post.body_html,
        citations=[{"kind": c.kind, "value": c.value, "note": c.note} for c in post.citations],
        title=revision_title(post), written_at=post.redacted_at or post.edited_at or post.created_at,
        replaced_at=now, replaced_by_id=actor.id, moderator_only=True)
    db.session.add(revision)
    if body_changed:
        post.body_source = body
        post.body_html = render_body(body).html
    if new_title is not None:
        post.thread.title = new_title
    post.redacted_at = now
    previous = post.status
    before = counters.before_change(post)
    if previous == PostStatus.HIDDEN:
        post.status = PostStatus.VISIBLE
    db.session.flush()
    counters.after_change(post, before)
    search.index_post(post)
    quoting = strip_quotes(post, REDACTED_NOTE) if body_changed else []
    reports = uphold_open_reports(actor, post, "redacted")
    add_event(actor, post.author, ModerationAction.REDACT, post=post, reason=reason)
    notify_author(post.author, "redacted", post=post, reason=reason)
    record(actor, "post.redact", "post", post.id, target_label=post_label(post), reason=reason,
           details={"revision": revision.number, "previous_status": previous,
                    "text_redacted": body_changed, "title_redacted": new_title is not None,
                    "report_ids": [r.id for r in reports], "quoting_post_ids": quoting})
    return post


def _redacted_title(post: Post, title: str | None) -> str | None:
    """The thread's new title from a redaction of `post`, or None when it keeps its title (a
    reply's redaction, no title given, or the same title). Raises ValidationFailed ("title")."""
    if title is None or not post.is_opening:
        return None
    problems = Problems()
    checked = check_title(title, problems)
    if problems.errors:
        raise ValidationFailed(problems.errors["title"][0], field="title")
    return checked if checked != post.thread.title else None


def _removable_of(member):
    return Post.author_id == member.id, Post.status.in_(_REMOVABLE), Post.deleted_at.is_(None)


def count_removable_posts(member) -> int:
    """How many posts remove_all_posts would remove now (shown on the form that asks for it)."""
    return db.session.scalar(select(func.count()).select_from(Post).where(*_removable_of(member)))


def remove_all_posts(actor, member, category: str, reason: str) -> list[Post]:
    """Admins: remove every post of a compromised or abusive account that is still shown,
    hidden or held, each with its own audit entry (post.remove), and tell the member once.

    Raises NotAllowed (not an admin; own account; an admin's), InvalidState (nothing left to
    remove, 409) or ValidationFailed. Audit: post.remove per post, then account.remove_posts.
    Flushes, never commits.
    """
    if not can_remove_all_posts(actor, member):
        raise NotAllowed("Only admins remove all of a member's posts, and not an admin's or their own.")
    category = check_category(category)
    reason = clean_reason(reason)
    posts = list(db.session.scalars(select(Post).where(*_removable_of(member)).order_by(Post.id)))
    # Every thread, then every post, locked before the first audit entry takes the audit lock:
    # a moderator acting in one of these threads meanwhile locks its thread and then the audit
    # log, and the opposite order would deadlock with them (PostgreSQL).
    threads = sorted({post.thread for post in posts}, key=lambda thread: thread.id)
    lock_for_update(*threads, *posts)
    posts = [post for post in posts if post.status in _REMOVABLE and post.deleted_at is None]
    if not posts:
        raise InvalidState(f"{member.full_name} has no posts left to remove.")
    for post in posts:
        details = _remove(actor, post, category, reason)
        record(actor, "post.remove", "post", post.id, target_label=post_label(post), reason=reason,
               details={**details, "bulk": True})
    notify_author(member, "removed_all", thread=posts[-1].thread, category=category, reason=reason,
                  count=len(posts))
    record(actor, "account.remove_posts", "user", member.id, target_label=user_label(member),
           reason=reason, details={"category": category, "post_ids": [p.id for p in posts]})
    return posts


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _require_status(post: Post, allowed, verb: str):
    """Raise InvalidState (409) when `post` is not in one of the `allowed` statuses."""
    if post.status in allowed:
        return
    now = {PostStatus.REMOVED: "already removed", PostStatus.PURGED: "purged",
           PostStatus.VISIBLE: "not removed", PostStatus.HIDDEN: "hidden for review, not removed",
           PostStatus.HELD: "held for review, not removed"}.get(post.status, post.status)
    raise InvalidState(f"This post is {now}: it cannot be {verb} now. Nothing was changed.")


def _never_published(post: Post) -> bool:
    """Removed while held as a new thread or reply, and never approved."""
    found = holds.holds_for_posts([post.id]).get(post.id, [])
    new = [h for h in found if h.origin in (HoldOrigin.THREAD, HoldOrigin.REPLY)]
    return bool(new) and not any(h.outcome == HoldOutcome.APPROVED for h in new)


def _open_appeal(post: Post) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.post_id == post.id,
                                                  Appeal.status == AppealStatus.OPEN))

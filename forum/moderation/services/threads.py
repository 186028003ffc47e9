"""Moderator actions on threads: lock, unlock, pin, unpin, move to another open category
(both categories' counters follow), and mark or unmark a clinical case's accepted answer. Each writes its audit entry and tells the thread's author
(unless the moderator is the author); flush, never commit."""
from forum.audit.services import record
from forum.database import lock_for_update
from sqlalchemy import select

from forum.discussion.models import Category, Post, Thread
from forum.discussion.services import answers, counters
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.services.common import clean_reason, notify_author, thread_label
from forum.security.permissions import can_moderate_answer, can_moderate_thread
from forum.timeutil import utcnow


def lock_thread(actor, thread: Thread, reason: str) -> Thread:
    """No new replies. Raises NotAllowed, InvalidState (already locked) or ValidationFailed.
    Audit: thread.lock."""
    return _toggle(actor, thread, reason, "locked_at", True, "thread.lock", "locked",
                   "This thread is already locked.")


def unlock_thread(actor, thread: Thread, reason: str) -> Thread:
    """Replies allowed again. Audit: thread.unlock."""
    return _toggle(actor, thread, reason, "locked_at", False, "thread.unlock", "unlocked",
                   "This thread is not locked.")


def pin_thread(actor, thread: Thread, reason: str) -> Thread:
    """First in its category. Audit: thread.pin."""
    return _toggle(actor, thread, reason, "pinned_at", True, "thread.pin", "pinned",
                   "This thread is already pinned.")


def unpin_thread(actor, thread: Thread, reason: str) -> Thread:
    """Back among the others by last activity. Audit: thread.unpin."""
    return _toggle(actor, thread, reason, "pinned_at", False, "thread.unpin", "unpinned",
                   "This thread is not pinned.")


def move_thread(actor, thread: Thread, category: Category | None, reason: str) -> Thread:
    """Move `thread` to another category that is not archived; thread and post counters and
    the latest activity of both categories follow. Raises NotAllowed, InvalidState (same
    category; archived target) or ValidationFailed (no such category, field "category").
    Audit: thread.move (from and to)."""
    _require(actor, thread)
    if category is None:
        raise ValidationFailed("Choose a category from the list.", field="category")
    if category.id == thread.category_id:
        raise InvalidState(f"This thread is already in “{category.name}”.")
    source = thread.category
    # Both categories' counters change: lock their rows up front, in one order (by id), so two
    # threads moved in opposite directions between the same two categories wait for each
    # other instead of each holding one row and waiting for the other's (a deadlock on
    # PostgreSQL). Then check the target as it is now.
    lock_for_update(*sorted((source, category), key=lambda c: c.id))
    if category.is_archived:
        raise InvalidState(f"“{category.name}” is archived: it takes no threads.", field="category")
    reason = clean_reason(reason)
    share = counters.members_share(thread)
    thread.category = category
    db.session.flush()
    for moved, sign in ((source, -1), (category, 1)):
        counters.shift_category(moved.id, sign * share.threads, sign * share.posts)
        counters.refresh_category_activity(moved.id)
    if thread.author_id != actor.id:
        notify_author(thread.author, "moved", thread=thread, reason=reason)
    record(actor, "thread.move", "thread", thread.id, target_label=thread_label(thread), reason=reason,
           details={"from_category_id": source.id, "to_category_id": category.id})
    return thread


def set_answer(actor, thread: Thread, number, reason: str) -> Post:
    """Mark reply `number` of a clinical case as its answer (moving the mark from another).
    Raises NotAllowed (not a moderator; their own or an admin's thread), ValidationFailed (no
    such reply, field "number"; reason) or InvalidState (not a clinical case; already the
    answer; the reply is not published: 409). Audit: thread.answer (post id and number, the
    previous answer's id). Tells the thread's author."""
    _require_answer_moderator(actor, thread)
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == number)) \
        if isinstance(number, int) else None
    if post is None:
        raise ValidationFailed("This thread has no post with that number.", field="number")
    lock_for_update(post)
    reason = clean_reason(reason)
    previous = thread.answer_post_id
    refusal = answers.answer_refusal(post)
    if refusal is not None:
        refusal.field = "number"
        raise refusal
    if not answers.set_answer(post, actor):
        raise InvalidState(f"Post #{post.number} already is the answer. Nothing was changed.")
    notify_author(thread.author, "answer_set", thread=thread, reason=reason)
    record(actor, "thread.answer", "thread", thread.id, target_label=thread_label(thread), reason=reason,
           details={"post_id": post.id, "number": post.number, "previous_post_id": previous})
    return post


def clear_answer(actor, thread: Thread, reason: str) -> Thread:
    """The case no longer claims an answer. Raises NotAllowed, ValidationFailed or InvalidState
    (no answer marked: 409). Audit: thread.unanswer (the answer's post id). Tells the author."""
    _require_answer_moderator(actor, thread)
    if thread.answer_post_id is None:
        raise InvalidState("This case has no accepted answer. Nothing was changed.")
    reason = clean_reason(reason)
    previous = thread.answer_post_id
    thread.answer_post_id = None
    db.session.flush()
    notify_author(thread.author, "answer_cleared", thread=thread, reason=reason)
    record(actor, "thread.unanswer", "thread", thread.id, target_label=thread_label(thread),
           reason=reason, details={"previous_post_id": previous})
    return thread


def _require_answer_moderator(actor, thread: Thread):
    lock_for_update(thread)
    if not can_moderate_thread(actor, thread):
        raise NotAllowed("Only moderators mark the answer of another member's case from here.")
    if not can_moderate_answer(actor, thread):
        raise InvalidState("Only a clinical case has an accepted answer.")


def _toggle(actor, thread: Thread, reason, column, on: bool, action, notice, already):
    _require(actor, thread)
    if (getattr(thread, column) is not None) == on:
        raise InvalidState(already + " Nothing was changed.")
    reason = clean_reason(reason)
    setattr(thread, column, utcnow() if on else None)
    db.session.flush()
    if thread.author_id != actor.id:
        notify_author(thread.author, notice, thread=thread, reason=reason)
    record(actor, action, "thread", thread.id, target_label=thread_label(thread), reason=reason)
    return thread


def _require(actor, thread: Thread):
    """Lock the thread first (forum.database.lock_for_update): two moderators locking it at
    once, or a reply arriving while it moves, wait for each other and see each other's result."""
    lock_for_update(thread)
    if not can_moderate_thread(actor, thread):
        raise NotAllowed("Only moderators lock, pin and move threads.")

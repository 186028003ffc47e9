"""The accepted answer of a clinical case: one published reply its author (or a moderator,
through forum.moderation.services.threads) marks as what answered the question.

thread.answer_post_id names it. It only ever names a published reply of the thread: the
counters' after_change clears it (withdraw_if_unpublished) when that reply is deleted, removed,
hidden, held or purged, so lists and pages can trust the column without checking the post.
A reply that comes back (restored, approved) is not the answer again until someone marks it.
"""
from sqlalchemy import update

from forum.database import lock_for_update
from forum.discussion.models import Post, Thread
from forum.errors import InvalidState, NotAllowed
from forum.extensions import db
from forum.notifications.models import NotificationKind
from forum.notifications.services import notify_user
from forum.security.permissions import is_member


def accept_answer(actor, post: Post) -> bool:
    """The case's author marks `post` as its answer (moving the mark from another reply).
    Returns False when `post` already is the answer (a resubmitted form).

    Raises NotAllowed (not a member, not the thread's author) or InvalidState (not a clinical
    case; the opening post; a reply that is not published: 409). No audit entry: the author's
    own choice. Flushes, never commits.
    """
    _lock_as_case_author(actor, post)
    return set_answer(post, actor)


def unmark_answer(actor, post: Post) -> bool:
    """The case's author takes the mark off `post`. Returns False when `post` is not the
    answer (any more): nothing to do. Raises NotAllowed as accept_answer. Flushes, never commits."""
    _lock_as_case_author(actor, post)
    if post.thread.answer_post_id != post.id:
        return False
    post.thread.answer_post_id = None
    db.session.flush()
    return True


def _lock_as_case_author(actor, post: Post):
    """Lock the thread and the reply, then refuse anyone but the case's author."""
    lock_for_update(post.thread, post)
    if not is_member(actor) or actor.id != post.thread.author_id:
        raise NotAllowed("Only the author of the case marks its answer (moderators do it from "
                         "the thread's moderation page).")


def set_answer(post: Post, actor=None) -> bool:
    """Make `post` its thread's answer after answer_refusal; the caller has locked the thread
    and the post and checked who acts (`actor`). The reply's author is told (in the app, and by
    mail if they asked), unless they marked it themselves. Returns False when it already is."""
    refusal = answer_refusal(post)
    if refusal is not None:
        raise refusal
    if post.thread.answer_post_id == post.id:
        return False
    post.thread.answer_post_id = post.id
    db.session.flush()
    if actor is None or actor.id != post.author_id:
        notify_user(post.author, NotificationKind.ANSWER, actor=actor, thread=post.thread, post=post)
    return True


def answer_refusal(post: Post):
    """Why `post` cannot be its thread's answer (an InvalidState), or None."""
    if not post.thread.is_clinical:
        return InvalidState("Only a clinical case has an accepted answer.")
    if post.number == 1:
        return InvalidState("The opening post cannot be the answer to its own case: choose a reply.")
    if not post.is_visible:
        return InvalidState("This reply is not published (held, removed or deleted): it cannot be "
                            "the answer.")
    return None


def withdraw_if_unpublished(post: Post):
    """After a change that took `post` out of sight: its thread no longer claims it as the
    answer. One UPDATE that touches nothing unless it was (counters.after_change)."""
    if post.is_visible:
        return
    cleared = db.session.execute(
        update(Thread).where(Thread.id == post.thread_id, Thread.answer_post_id == post.id)
        .values(answer_post_id=None).execution_options(synchronize_session=False)).rowcount
    if cleared:
        db.session.expire(post.thread, ["answer_post_id", "answer_post"])

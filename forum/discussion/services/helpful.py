"""Helpful marks: a member's quiet "this was useful" on a colleague's published post.

One HelpfulMark row per member and post; post.helpful_count counts them and is changed in the
same statement sequence as the rows, under the post's row lock, so a thread page shows it
without counting. The post's author hears of it through one notification per post that later
marks bring back to the top (forum.notifications.services.notify_helpful), never by email.
"""
from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from forum.database import lock_for_update
from forum.discussion import hooks
from forum.discussion.models import HelpfulMark, Post
from forum.errors import InvalidState, NotAllowed
from forum.extensions import db
from forum.security.permissions import is_member
from forum.timeutil import utcnow


def set_helpful(actor, post: Post, helpful: bool) -> bool:
    """Mark `post` helpful for `actor` (or take the mark back). Marking twice, or taking back a
    mark that is not there, changes nothing, so a resubmitted form or two racing requests count
    once. The caller has checked that `actor` may read the post's thread. Returns whether
    anything changed.

    Raises NotAllowed (not a member in good standing; own post) or InvalidState (the post is
    not published: held, hidden, removed, purged or deleted; 409). No audit entry: a member's
    own preference, like a bookmark. Flushes, never commits.
    """
    lock_for_update(post)  # a moderator's removal or a colleague's mark waits, or we wait for it
    refusal = helpful_refusal(actor, post)
    if refusal is not None:
        raise refusal
    # RETURNING rather than rowcount, which psycopg gives as -1 for these statements.
    if helpful:
        changed = db.session.execute(_insert_mark(), {"post_id": post.id, "user_id": actor.id,
                                                     "created_at": utcnow()}).first() is not None
    else:
        changed = db.session.execute(delete(HelpfulMark).where(
            HelpfulMark.post_id == post.id, HelpfulMark.user_id == actor.id)
            .returning(HelpfulMark.post_id)).first() is not None
    if not changed:
        return False
    db.session.execute(update(Post).where(Post.id == post.id)
                       .values(helpful_count=Post.helpful_count + (1 if helpful else -1))
                       .execution_options(synchronize_session=False))
    db.session.expire(post, ["helpful_count"])
    if helpful:
        hooks.post_marked_helpful(post, actor)
    else:
        hooks.post_unmarked_helpful(post, actor)
    db.session.flush()
    return True


def helpful_refusal(actor, post: Post):
    """The domain error that refuses `actor` a helpful mark on `post`, or None when allowed
    (forum.security.permissions.can_mark_helpful says the same without the reason)."""
    if not is_member(actor):
        return NotAllowed("Only members in good standing can mark posts helpful.")
    if actor.id == post.author_id:
        return NotAllowed("You cannot mark your own post helpful.")
    if not post.is_visible:
        return InvalidState("This post is not published (held, removed or deleted): it cannot be "
                            "marked helpful.")
    return None


def forget_marks(post: Post):
    """A purged post keeps no trace of who found it helpful: its marks go and its count is 0.
    Flushes, never commits."""
    db.session.execute(delete(HelpfulMark).where(HelpfulMark.post_id == post.id))
    post.helpful_count = 0
    db.session.flush()


def _insert_mark():
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = HelpfulMark.__table__
    return insert(table).on_conflict_do_nothing(
        index_elements=["post_id", "user_id"]).returning(table.c.post_id)

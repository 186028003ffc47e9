"""Appeals: the author of a removed post appeals once, with a message; a moderator other than
the one who removed it decides (the same one only when nobody else could). Flush, never commit."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.audit.services import record
from forum.discussion.models import Post, PostStatus
from forum.discussion.services import counters
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import Appeal, AppealStatus, ModerationAction, ModerationEvent
from forum.moderation.services.common import (clean_reason, notify_author, other_deciders_exist,
                                              post_label, require_post_moderator, require_seen_status)
from forum.moderation.services.posts import restore_post
from forum.security.permissions import is_member
from forum.timeutil import utcnow

MESSAGE_MAX = 2000
UPHOLD, RESTORE = "uphold", "restore"


def appeal_of(post: Post) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.post_id == post.id))


def file_appeal(author, post: Post, message: str) -> Appeal:
    """The author's one appeal against the removal of `post`; it enters the moderation queue.

    Raises NotAllowed (not the author, not a member), Conflict (already appealed, 409),
    InvalidState (the post is not removed) or ValidationFailed (field "message").
    Audit: appeal.create (ids only; the message stays in the appeal). Flushes, never commits.
    """
    if not is_member(author) or author.id != post.author_id:
        raise NotAllowed("Only the author of a removed post can appeal its removal.")
    if appeal_of(post) is not None:
        raise Conflict("You have already appealed the removal of this post: each removal can be "
                       "appealed once.")
    if post.status == PostStatus.PURGED:
        raise InvalidState("This post was purged for patient privacy: its text no longer exists, "
                           "so there is nothing to restore.")
    if post.status != PostStatus.REMOVED:
        raise InvalidState("Only a removed post can be appealed.")
    message = (message or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not message:
        raise ValidationFailed("Write your appeal: why should the post be restored?", field="message")
    if len(message) > MESSAGE_MAX:
        raise ValidationFailed(f"Your appeal is {len(message)} characters long; the limit is "
                               f"{MESSAGE_MAX}.", field="message")
    appeal = Appeal(post_id=post.id, author_id=author.id, message=message, created_at=utcnow(),
                    removed_by_id=_remover_id(post), status=AppealStatus.OPEN)
    db.session.add(appeal)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same appeal sent twice at the same moment
        raise Conflict("You have already appealed the removal of this post.") from exc
    record(author, "appeal.create", "post", post.id, target_label=post_label(post),
           details={"appeal_id": appeal.id, "removed_by_id": appeal.removed_by_id})
    return appeal


def decide_appeal(actor, appeal: Appeal, decision: str, reason: str, *,
                  seen_status: str | None = None) -> Appeal:
    """Uphold the removal or restore the post. The moderator who removed it may decide only
    when no other moderator or admin could (recorded as `same_moderator`). `seen_status`: the
    post's status on the page the decision was made from (its form's hidden field).

    Raises NotAllowed (the remover while another could decide; the post is the actor's own or
    an admin's), InvalidState (409: already decided, by whom and how; the post no longer in
    `seen_status`) or ValidationFailed (field "decision" or "reason").
    Audit: appeal.decide (and post.restore when restored). Flushes, never commits.
    """
    post = appeal.post
    counters.lock_post(post)  # two moderators deciding at once: the second finds it decided
    db.session.refresh(appeal)
    require_post_moderator(actor, post)
    if not appeal.is_open:
        raise InvalidState(_already_decided(actor, appeal))
    require_seen_status(post, seen_status)
    if decision not in (UPHOLD, RESTORE):
        raise ValidationFailed("Choose to uphold the removal or restore the post.", field="decision")
    same = appeal.removed_by_id is not None and appeal.removed_by_id == actor.id
    if same and other_deciders_exist(actor, post):
        raise NotAllowed("You removed this post: another moderator must decide the appeal.")
    reason = clean_reason(reason)
    appeal.same_moderator = same
    if decision == RESTORE:
        restore_post(actor, post, reason, appeal=appeal)
    else:
        appeal.status = AppealStatus.UPHELD
        appeal.decided_at = utcnow()
        appeal.decided_by_id = actor.id
        appeal.decision_reason = reason
        db.session.flush()
        notify_author(post.author, "appeal_upheld", post=post, reason=reason)
    record(actor, "appeal.decide", "post", post.id, target_label=post_label(post), reason=reason,
           details={"appeal_id": appeal.id, "decision": decision, "same_moderator": same,
                    "note": "No other moderator could decide." if same else ""})
    return appeal


def _already_decided(actor, appeal: Appeal) -> str:
    """Who decided the appeal and how, for the moderator whose decision came second."""
    if appeal.decided_by_id == actor.id:
        who = "You decided this appeal already"
    elif appeal.decided_by is not None:
        who = f"{appeal.decided_by.full_name} decided this appeal a moment ago"
    else:
        who = "This appeal was decided a moment ago"
    return (f"{who}: {appeal.status_label.lower()}. Your decision was not recorded and nothing "
            "was changed; read the page again.")


def _remover_id(post: Post) -> int | None:
    return db.session.scalar(
        select(ModerationEvent.actor_id).where(ModerationEvent.post_id == post.id,
                                               ModerationEvent.action == ModerationAction.REMOVE)
        .order_by(ModerationEvent.created_at.desc(), ModerationEvent.id.desc()).limit(1))

"""Moderator actions on members: warn, suspend for a period (every session ends at once), lift
a suspension early, and private notes. Moderators act on members, admins also on moderators,
nobody on an admin. Flush, never commit."""
from datetime import timedelta

from sqlalchemy import select

from forum.audit.services import record
from forum.auth import sessions
from forum.auth.models import AccountState, User
from forum.database import lock_for_update
from forum.discussion.models import Post
from forum.errors import Conflict, InvalidState, ValidationFailed
from forum.extensions import db
from forum.moderation.models import ModerationAction, ModerationEvent, ModerationNote
from forum.moderation.services.common import (add_event, clean_reason, notify_author,
                                              require_member_moderator, user_label)
from forum.timeutil import utcnow

SUSPEND_MIN_DAYS, SUSPEND_MAX_DAYS = 1, 365
NOTE_MAX = 2000
# The same warning or note sent twice within this window is a resubmitted form, not a second one.
REPEAT_WINDOW = timedelta(minutes=10)


def warn_member(actor, member: User, reason: str, *, post: Post | None = None) -> ModerationEvent:
    """A formal warning, kept in the member's moderation history and sent to them (in-app
    about `post` when given, and by mail). Raises NotAllowed, InvalidState (not a verified or
    suspended member), Conflict (the same warning just sent, 409) or ValidationFailed.
    Audit: account.warn. Flushes, never commits."""
    lock_for_update(member)  # the same action by two moderators at once: the second is refused
    require_member_moderator(actor, member)
    _require_account(member)
    reason = clean_reason(reason)
    _refuse_repeat(ModerationEvent, ModerationEvent.subject_id == member.id,
                   ModerationEvent.actor_id == actor.id, ModerationEvent.action == ModerationAction.WARN,
                   ModerationEvent.reason == reason, message="This warning was already sent.")
    event = add_event(actor, member, ModerationAction.WARN, post=post, reason=reason)
    db.session.flush()
    notify_author(member, "warned", post=post, reason=reason)
    record(actor, "account.warn", "user", member.id, target_label=user_label(member), reason=reason,
           details={"post_id": post.id if post else None})
    return event


def suspend_member(actor, member: User, days: int, reason: str, *, post: Post | None = None):
    """Suspend `member` for 1 to 365 days: every session ends now; logging in shows the end
    date and the reason (the status page); access returns by itself when the period ends.

    Raises NotAllowed, InvalidState (not verified, or already suspended: 409) or
    ValidationFailed (field "days" or "reason"). Audit: account.suspend. Flushes, never commits.
    """
    lock_for_update(member)  # the same action by two moderators at once: the second is refused
    require_member_moderator(actor, member)
    now = utcnow()
    if member.is_suspended_at(now):
        raise InvalidState(f"{member.full_name} is already suspended until "
                           f"{member.suspended_until:%d %b %Y, %H:%M} UTC. Nothing was changed.")
    if member.state not in (AccountState.VERIFIED, AccountState.SUSPENDED):
        raise InvalidState(f"Only verified members can be suspended; this account is "
                           f"{member.state_label.lower()}.")
    if not isinstance(days, int) or not SUSPEND_MIN_DAYS <= days <= SUSPEND_MAX_DAYS:
        raise ValidationFailed(f"Suspend for {SUSPEND_MIN_DAYS} to {SUSPEND_MAX_DAYS} days.", field="days")
    reason = clean_reason(reason)
    until = now + timedelta(days=days)
    member.state = AccountState.SUSPENDED
    member.suspended_until = until
    member.state_reason = reason
    ended = sessions.end_all_sessions(member)
    event = add_event(actor, member, ModerationAction.SUSPEND, post=post, reason=reason, ends_at=until)
    db.session.flush()
    notify_author(member, "suspended", post=post, reason=reason, ends_at=until)
    record(actor, "account.suspend", "user", member.id, target_label=user_label(member), reason=reason,
           details={"days": days, "until": until.isoformat(timespec="seconds"), "sessions_ended": ended,
                    "post_id": post.id if post else None})
    return event


def lift_suspension(actor, member: User, reason: str) -> ModerationEvent:
    """End `member`'s suspension now, before its end date: the account is verified again and
    the member is told (in-app and by mail, with the reason). Who may lift it is who may
    suspend (permissions.can_act_on_member).

    Raises NotAllowed, InvalidState (not suspended, or the period already ended: 409) or
    ValidationFailed (field "reason"). Audit: account.lift_suspension. Flushes, never commits.
    """
    lock_for_update(member)  # the same action by two moderators at once: the second is refused
    require_member_moderator(actor, member)
    if not member.is_suspended_at(utcnow()):
        raise InvalidState(f"{member.full_name} is not suspended: there is nothing to lift. "
                           "Nothing was changed.")
    reason = clean_reason(reason)
    until, suspension_reason = member.suspended_until, member.state_reason
    member.end_suspension()
    event = add_event(actor, member, ModerationAction.LIFT_SUSPENSION, reason=reason)
    db.session.flush()
    notify_author(member, "suspension_lifted", reason=reason)
    record(actor, "account.lift_suspension", "user", member.id, target_label=user_label(member),
           reason=reason, details={"was_until": until.isoformat(timespec="seconds") if until else None,
                                   "suspension_reason": suspension_reason})
    return event


def add_note(actor, member: User, body: str) -> ModerationNote:
    """A moderator's private note on `member`, shown beside their queue items (never to the
    member). Raises NotAllowed, Conflict (the same note just added) or ValidationFailed (field
    "body"). Audit: member.note (the note's id; the text stays in the note). Flushes."""
    require_member_moderator(actor, member)
    body = (body or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationFailed("Write the note.", field="body")
    if len(body) > NOTE_MAX:
        raise ValidationFailed(f"The note is {len(body)} characters long; the limit is {NOTE_MAX}.",
                               field="body")
    _refuse_repeat(ModerationNote, ModerationNote.subject_id == member.id,
                   ModerationNote.author_id == actor.id, ModerationNote.body == body,
                   message="This note was already added.")
    note = ModerationNote(subject_id=member.id, author_id=actor.id, body=body, created_at=utcnow())
    db.session.add(note)
    db.session.flush()
    record(actor, "member.note", "user", member.id, target_label=user_label(member),
           details={"note_id": note.id})
    return note


def _require_account(member: User):
    if member.state not in (AccountState.VERIFIED, AccountState.SUSPENDED):
        raise InvalidState(f"Only verified members can be warned; this account is "
                           f"{member.state_label.lower()}.")


def _refuse_repeat(model, *where, message):
    since = utcnow() - REPEAT_WINDOW
    if db.session.scalar(select(model.id).where(*where, model.created_at >= since).limit(1)):
        raise Conflict(message + " Nothing was changed.")

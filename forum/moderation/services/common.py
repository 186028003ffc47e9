"""What every moderation service shares: the reason rules, audit labels, the member's
moderation history and the notices (in-app and by mail) sent to authors and reporters.

Notices never carry post text: the in-app notification holds ids only, and the mail names the
action, the reason category and the moderator's reason, with a link.
"""
from sqlalchemy import select

from forum.auth.models import User
from forum.discussion.models import Post
from forum import text
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.mail.services import absolute_url, queue_mail
from forum.moderation.models import ModerationEvent, ReportReason
from forum.notifications.models import Notification, NotificationKind
from forum.security import permissions
from forum.timeutil import utcnow

REASON_MAX = 1000

# What the person concerned is told, by notice: (mail subject, the sentence that says it).
NOTICES = {
    "hidden": ("A post of yours is hidden for review",
               "Your post is hidden while moderators review a report that it may identify a patient."),
    "dismissed": ("Reports about your post were dismissed",
                  "A moderator reviewed reports about your post and dismissed them: no action was taken."),
    "removed": ("A post of yours was removed", "A moderator removed your post."),
    "restored": ("A post of yours was restored", "A moderator restored your post."),
    "purged": ("A post of yours was purged",
               "A moderator purged your post: its text was destroyed because it may identify a patient."),
    "redacted": ("A post of yours was redacted", "A moderator redacted your post (edited part of it out)."),
    "removed_all": ("Your posts were removed", "An admin removed all of your posts."),
    "locked": ("Your thread was locked", "A moderator locked your thread: it takes no new replies."),
    "unlocked": ("Your thread was unlocked", "A moderator unlocked your thread."),
    "pinned": ("Your thread was pinned", "A moderator pinned your thread to the top of its category."),
    "unpinned": ("Your thread was unpinned", "A moderator unpinned your thread."),
    "moved": ("Your thread was moved", "A moderator moved your thread to another category."),
    "answer_set": ("The answer to your case was marked",
                   "A moderator marked a reply as the accepted answer to your case."),
    "answer_cleared": ("The answer to your case was unmarked",
                       "A moderator took the accepted-answer mark off a reply in your case."),
    "warned": ("A warning from the Curbside moderators", "A moderator sent you a warning."),
    "suspended": ("Your Curbside account is suspended", "A moderator suspended your account."),
    "suspension_lifted": ("Your Curbside suspension was lifted",
                          "A moderator lifted your suspension early: you can log in and take part again."),
    "appeal_upheld": ("Your appeal was decided", "A moderator decided your appeal: the removal stands."),
    "appeal_granted": ("Your appeal was decided", "A moderator decided your appeal: your post is restored."),
}


def clean_reason(reason, field="reason", limit=REASON_MAX) -> str:
    """The reason as stored (forum.text.clean_reason). Raises ValidationFailed(field=field)."""
    return text.clean_reason(reason, limit=limit, field=field, missing=(
        "Give a reason: it is recorded in the audit log and sent to the person concerned."))


def check_category(category) -> str:
    if category not in ReportReason.ALL:
        raise ValidationFailed("Choose the reason category from the list.", field="category")
    return category


# What a moderator's page said of a post's status, for a refusal naming what it is now.
_STATUS_WORDS = {"visible": "published", "held": "held for privacy review",
                 "hidden": "hidden by a privacy report", "removed": "removed", "purged": "purged"}


def require_seen_status(post: Post, seen_status: str | None):
    """Raise InvalidState (409) when the page the moderator acted from showed `post` in
    another status (`seen_status`, its forms' hidden field) than it has now: another moderator
    acted on it meanwhile, and this action was chosen for what the page showed (approving a held
    post another moderator just removed, or removing one just approved). Call after
    counters.lock_post. No check without a `seen_status`."""
    if seen_status and seen_status != post.status:
        now = _STATUS_WORDS.get(post.status, post.status)
        raise InvalidState(f"Another moderator acted on this post a moment ago: it is now {now}. "
                           "Nothing was changed; read the page again before you act on it.")


def require_post_moderator(actor, post: Post):
    """Raise NotAllowed unless `actor` may act on `post` (not their own, not an admin's
    unless they are an admin)."""
    if not permissions.is_moderator(actor):
        raise NotAllowed("Only moderators act on posts.")
    if actor.id == post.author_id:
        raise NotAllowed("Moderators cannot act on their own posts: another moderator must.")
    if not permissions.can_moderate_post(actor, post):
        raise NotAllowed("Only an admin can act on an admin's post.")


def require_member_moderator(actor, target: User):
    if not permissions.is_moderator(actor):
        raise NotAllowed("Only moderators act on members.")
    if actor.id == target.id:
        raise NotAllowed("Moderators cannot act on their own account.")
    if not permissions.can_act_on_member(actor, target):
        raise NotAllowed("Moderators cannot act on admins; only admins act on moderators.")


def post_label(post: Post) -> str:
    """Audit label for a post: ids only, never the thread title (a purge could not erase it)."""
    return f"post {post.id} (#{post.number} in thread {post.thread_id})"


def thread_label(thread) -> str:
    return f"thread {thread.id}"


def user_label(user: User) -> str:
    return f"{user.full_name} <{user.email}>"


def add_event(actor, subject: User, action: str, *, post: Post | None = None, category=None,
              reason="", ends_at=None) -> ModerationEvent:
    """One line of the member's moderation history (what the queue shows beside their posts)."""
    event = ModerationEvent(subject_id=subject.id, actor_id=actor.id if actor else None,
                            action=action, post_id=post.id if post else None,
                            thread_id=post.thread_id if post else None, category=category,
                            reason=reason, created_at=utcnow(), ends_at=ends_at)
    db.session.add(event)
    return event


def notify_in_app(user: User, *, thread_id: int | None, post_id: int | None = None) -> Notification:
    """A moderation notification (ids only; shown as from "Curbside", so it never names a
    reporter or a moderator); without a thread it is about the account. Flushes."""
    notification = Notification(user_id=user.id, kind=NotificationKind.MODERATION, actor_id=None,
                                thread_id=thread_id, post_id=post_id, created_at=utcnow())
    db.session.add(notification)
    db.session.flush()
    return notification


def notify_author(user: User, notice: str, *, post: Post | None = None, thread=None,
                  category=None, reason="", ends_at=None, count=None):
    """Tell `user` what a moderator did: in-app (about the post or thread, else about the
    account) and by mail (sent after commit). The mail names the action, the reason category and
    the moderator's reason, never the post's text or the thread's title."""
    thread_id = post.thread_id if post is not None else (thread.id if thread is not None else None)
    notify_in_app(user, thread_id=thread_id, post_id=post.id if post is not None else None)
    subject, sentence = NOTICES[notice]
    queue_mail(user.email, subject, "moderation_notice", user=user, sentence=sentence,
               category=ReportReason.LABELS.get(category, "") if category else "",
               reason=reason, ends_at=ends_at, count=count,
               link=absolute_url("moderation.show_my_moderation"))


def notify_reporters(reports, *, outcome_post: Post):
    """Tell each reporter that their report was decided (in-app; their notices page says how)."""
    seen = set()
    for report in reports:
        if report.reporter_id in seen:
            continue
        seen.add(report.reporter_id)
        reporter = db.session.get(User, report.reporter_id)
        if reporter is not None:
            notify_in_app(reporter, thread_id=outcome_post.thread_id, post_id=outcome_post.id)


def other_deciders_exist(actor, post: Post) -> bool:
    """Is there a moderator or admin, other than `actor` and the post's author, who could act
    on `post`? (Admins' posts only admins may act on.)"""
    from forum.auth.models import AccountState, Role

    roles = (Role.ADMIN,) if post.author.role == Role.ADMIN else (Role.MODERATOR, Role.ADMIN)
    return db.session.scalar(
        select(User.id).where(User.role.in_(roles), User.state == AccountState.VERIFIED,
                              User.id.not_in((actor.id, post.author_id))).limit(1)) is not None

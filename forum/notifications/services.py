"""Notification services: create them for a new post, count, list, mark read, email opt-in.

notify_new_post is called by the discussion services in the same transaction as the post; like
every service here it flushes and never commits. Emails carry the thread title and a link only.
"""
from functools import cache

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from forum.auth import tokens
from forum.auth.models import User
from forum.discussion.models import HelpfulMark, NotificationLevel, Post, ThreadRead
from forum.discussion.services import category_watching
from forum.database import insert_returning_ids, loaded_after_insert
from forum.errors import NotFound
from forum.extensions import db
from forum.mail.services import absolute_url, queue_mail
from forum.notifications.models import Notification, NotificationKind, NotificationPreference
from forum.search.services import members_see_post_clause, visible_post_clause
from forum.search.text import clean
from forum.security.permissions import is_member
from forum.timeutil import utcnow

PAGE_SIZE = 30
MAIL_SUBJECTS = {
    NotificationKind.REPLY: "New reply in your Curbside thread",
    NotificationKind.MENTION: "You were mentioned on Curbside",
    NotificationKind.QUOTE: "You were quoted on Curbside",
    NotificationKind.MODERATION: "A moderation notice from Curbside",
    NotificationKind.WATCHED: "New reply in a Curbside thread you watch",
    NotificationKind.NEW_THREAD: "New thread in a Curbside category you watch",
    NotificationKind.ANSWER: "Your reply answered a Curbside case",
}


def notify_new_post(post, mentioned_users=(), quoted_post_ids=()):
    """Notify the people a new post concerns: authors of the posts it quotes, users it
    @mentions, and (for a reply) the thread's author unless they muted it, and the members
    watching the thread (NotificationLevel); for an opening post, the members watching its
    category (services.category_watching). A held thread or reply reaches them when a
    moderator approves it (this is called again then).

    One notification per user per post, of the most specific kind: quote, then mention (a
    quote's marker names its author), then reply. Never the post's own author; only members
    (verified, not suspended) who may see the post (_notify). Queues title-and-link emails for
    those who opted in. Returns the notifications created. Flushes, never commits; writes no
    audit entry."""
    db.session.flush()
    wanted = _wanted(post, mentioned_users, quoted_post_ids)
    if post.number > 1:
        levels = _thread_levels(post.thread_id)
        if levels.get(post.thread.author_id) != NotificationLevel.MUTED:
            wanted.setdefault(post.thread.author_id, NotificationKind.REPLY)
        for user_id, level in levels.items():
            if level == NotificationLevel.WATCHING:
                wanted.setdefault(user_id, NotificationKind.WATCHED)
    else:
        for user_id in category_watching.watcher_ids(post.thread.category_id):
            wanted.setdefault(user_id, NotificationKind.NEW_THREAD)
    wanted.pop(post.author_id, None)
    return _notify(post, wanted)


def _thread_levels(thread_id) -> dict[int, str]:
    """{user id: level} of the members who watch or muted the thread (the partial index
    ix_thread_read_thread_id_level holds only them)."""
    return dict(db.session.execute(_levels_of_thread(), {"thread_id": thread_id}).all())


@cache
def _levels_of_thread():
    return select(ThreadRead.user_id, ThreadRead.notification_level).where(
        ThreadRead.thread_id == bindparam("thread_id"), ThreadRead.notification_level.is_not(None))


def notify_edited_post(post, mentioned_users=(), quoted_post_ids=()):
    """After an edit of `post` (or a moderator's approval of a held edit): notify the members
    its text now mentions or quotes who have had no notification about the post yet. Each is
    told once whatever the edits; a mention removed does nothing; the thread's author hears of
    no edit. Same rules as notify_new_post otherwise. Returns the notifications created.
    Flushes, never commits; writes no audit entry."""
    db.session.flush()
    wanted = _wanted(post, mentioned_users, quoted_post_ids)
    wanted.pop(post.author_id, None)
    return _notify(post, wanted)


def _wanted(post, mentioned_users, quoted_post_ids) -> dict[int, str]:
    """{user id: kind} for the quoted authors, then the mentioned users (a quote wins)."""
    wanted: dict[int, str] = {}
    for author_id in _quoted_authors(post, quoted_post_ids):
        wanted.setdefault(author_id, NotificationKind.QUOTE)
    for user in mentioned_users or ():
        user_id = getattr(user, "id", user)
        if user_id:
            wanted.setdefault(user_id, NotificationKind.MENTION)
    return wanted


def _notify(post, wanted) -> list[Notification]:
    """Store and mail the notifications `wanted` ({user id: kind}) about `post`, for the
    members (is_member) among them who may see it and were not yet notified about it
    (_audience). Two SELECTs at most (users not in the session, the audience), none when
    nobody is wanted."""
    if not wanted:
        return []
    members = [user for user in _users(wanted) if is_member(user)]
    if not members:
        return []
    audience = dict(db.session.execute(
        _audience(), {"post_id": post.id, "user_ids": [user.id for user in members]}).all())
    recipients = sorted((user for user in members if user.id in audience), key=lambda user: user.id)
    created = _store([(user, wanted[user.id]) for user in recipients],
                     post.author_id, post.thread_id, post.id)
    _mail([n for n in created if audience[n.user_id]], post.thread.title)
    return created


@cache
def _audience():
    """(user id, email wanted) of the given users (ids) that a notification about the post
    (post_id) may reach: none while members may not see the post (search.members_see_post_clause,
    the rule the notification list shows by: a post held, hidden, removed or deleted, or in a
    thread out of members' sight, neither notifies nor mails, whoever wrote in the thread),
    and not those already notified about it (an edit never notifies anyone twice).
    Built once, its values parameters: it runs for every post that notifies anyone."""
    post_id = bindparam("post_id")
    # Uncorrelated, so it is read through the post's index: correlated on the user, SQLite
    # walked each recipient's whole notification history (a busy thread's author has
    # thousands), and replies fell from 125 to 55 a second in the load bench.
    already = (select(Notification.user_id)
               .where(Notification.post_id == post_id, Notification.kind != NotificationKind.MODERATION))
    post_in_sight = select(Post.id).where(Post.id == post_id, members_see_post_clause())
    return (select(User.id, NotificationPreference.email_enabled)
            .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
            .where(User.id.in_(bindparam("user_ids", expanding=True)),
                   User.id.not_in(already), post_in_sight.exists()))


def notify_user(user, kind, *, actor=None, thread, post=None):
    """One notification of `kind` (e.g. moderation) for `user`; no-op for non-members.
    Flushes, never commits. Returns the notification or None."""
    if kind not in NotificationKind.ALL or not is_member(user):
        return None
    db.session.flush()  # the rows the notification points at
    [notification] = _store([(user, kind)], actor.id if actor else None, thread.id,
                            post.id if post else None)
    _send_emails([notification], thread.title)
    return notification


def notify_helpful(post, marker):
    """Tell `post`'s author that `marker` found it helpful: one notification per post, never
    mailed. A later mark replaces the earlier notification by a new one (first in the list,
    unread, naming the latest marker; the list counts the others from post.helpful_count), as
    Discourse groups likes. Nothing for an author who is no longer a member.
    Flushes, never commits."""
    _drop_helpful(post)
    author = post.author
    if not is_member(author):
        return None
    [notification] = _store([(author, NotificationKind.HELPFUL)], marker.id, post.thread_id, post.id)
    return notification


def withdraw_helpful(post, marker):
    """`marker` took their mark back: the notification goes when no mark is left, and names
    the latest remaining marker if it named `marker`. Flushes, never commits."""
    latest = db.session.scalar(select(HelpfulMark.user_id).where(HelpfulMark.post_id == post.id)
                               .order_by(HelpfulMark.created_at.desc()).limit(1))
    if latest is None:
        _drop_helpful(post)
        return
    db.session.execute(update(Notification).where(
        Notification.post_id == post.id, Notification.kind == NotificationKind.HELPFUL,
        Notification.actor_id == marker.id).values(actor_id=latest)
        .execution_options(synchronize_session=False))
    db.session.flush()


def _drop_helpful(post):
    """Delete the post's helpful notification, and forget it in the session (SQLite may give
    its id to the one inserted next)."""
    dropped = db.session.scalars(
        delete(Notification).where(Notification.post_id == post.id,
                                   Notification.kind == NotificationKind.HELPFUL)
        .returning(Notification.id).execution_options(synchronize_session=False)).all()
    for notification_id in dropped:
        loaded = db.session.identity_map.get(identity_key(Notification, notification_id))
        if loaded is not None:
            db.session.expunge(loaded)


def _store(recipients, actor_id, thread_id, post_id) -> list[Notification]:
    """INSERT one notification per (user, kind) in one statement; return them persistent and
    loaded. Plain INSERT rather than a session flush: the unit of work cost several times the
    statement, once per new post."""
    if not recipients:
        return []
    now = utcnow()
    rows = [{"user_id": user.id, "kind": kind, "actor_id": actor_id, "thread_id": thread_id,
             "post_id": post_id, "created_at": now, "read_at": None} for user, kind in recipients]
    ids = insert_returning_ids(_insert_notifications(), rows)
    created = []
    for (user, _), notification_id, row in zip(recipients, ids, rows):
        notification = loaded_after_insert(Notification, id=notification_id, **row)
        set_committed_value(notification, "user", user)
        created.append(notification)
    return created


@cache
def _insert_notifications():
    table = Notification.__table__
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


def _users(user_ids) -> list:
    """The users with these ids. Those the session already holds (the thread's author, the
    mentioned members) come from its identity map, as a SELECT would return them; one SELECT
    for the rest."""
    found, missing = [], []
    for user_id in user_ids:
        user = db.session.identity_map.get(identity_key(User, user_id))
        if user is None:
            missing.append(user_id)
        else:
            found.append(user)
    if missing:
        found.extend(db.session.scalars(select(User).where(User.id.in_(missing))))
    return found


def _quoted_authors(post, quoted_post_ids):
    ids = {int(post_id) for post_id in quoted_post_ids or () if str(post_id).isdigit()}
    ids.discard(post.id)
    if not ids:
        return []
    return db.session.scalars(
        select(Post.author_id).where(Post.id.in_(ids), visible_post_clause(post.author))
        .order_by(Post.id)).all()


def _send_emails(notifications, thread_title):
    """Mail the notifications whose users opted in."""
    if not notifications:
        return
    opted_in = set(db.session.scalars(_opted_in(), {"user_ids": [n.user_id for n in notifications]}))
    _mail([n for n in notifications if n.user_id in opted_in], thread_title)


def _mail(notifications, thread_title):
    """Each mail also carries a one-click unsubscribe (RFC 8058: the List-Unsubscribe headers
    mail providers show as a button, and a link in the text) that works without a login."""
    for notification in notifications:
        unsubscribe = absolute_url("notifications.unsubscribe",
                                    token=tokens.make_unsubscribe_token(notification.user))
        queue_mail(notification.user.email, MAIL_SUBJECTS[notification.kind], "notification",
                   headers={"List-Unsubscribe": f"<{unsubscribe}>",
                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                   user=notification.user, kind=notification.kind, thread_title=clean(thread_title),
                   link=absolute_url("notifications.open_notification",
                                      notification_id=notification.id),
                   settings_link=absolute_url("notifications.edit_settings"),
                   unsubscribe_link=unsubscribe)


UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600  # a year-old notification mail still turns mail off


def unsubscribe(token: str) -> User:
    """Turn every optional mail off (notifications and the weekly summary: one click stops what
    the member asked for) for the account the link was made for. Raises
    tokens.TokenInvalid for a forged or expired link, or one made before the email changed.
    Flushes, never commits."""
    data = tokens.read_token(token, tokens.UNSUBSCRIBE_SALT, UNSUBSCRIBE_MAX_AGE)
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise tokens.TokenInvalid("This link is not valid any more. Turn email notifications off "
                                  "in your notification settings instead.")
    set_mail_preferences(user, notifications=False, digest=False)
    return user


@cache
def _opted_in():
    """Built once (it runs for every new post that notifies anyone)."""
    return select(NotificationPreference.user_id).where(
        NotificationPreference.user_id.in_(bindparam("user_ids", expanding=True)),
        NotificationPreference.email_enabled.is_(True))


def _listed(user):
    """Notifications `user` may still see: moderation notices always; the others only while
    their post is visible to the user (a deleted or removed post takes its notices with it)."""
    return _listing(Notification.user_id == user.id, visible_post_clause(user))


def _listing(whose, post_visible):
    return (select(Notification).outerjoin(Post, Post.id == Notification.post_id)
            .where(whose, or_(Notification.kind == NotificationKind.MODERATION, post_visible)))


def unread_count(user):
    """How many of `user`'s notifications are unread (0 for visitors and non-members)."""
    if not is_member(user):
        return 0
    # A count, no objects: on the connection, past the ORM's result machinery.
    return db.session.connection().execute(_unread_count_statement(), {"user_id": user.id}).scalar()


@cache
def _unread_count_statement():
    """Built once, the member a parameter: every member page shows the count, and building
    the statement cost more than running it."""
    unread = (_listing(Notification.user_id == bindparam("user_id"), members_see_post_clause())
              .where(Notification.read_at.is_(None)))
    return select(func.count()).select_from(unread.subquery())


def list_notifications(user, before_id=None, limit=PAGE_SIZE):
    """Newest first, keyset-paginated by id. Returns (notifications, next_before_id or None);
    actor, thread and post are loaded with the page (no query per row)."""
    statement = (_listed(user)
                 .options(joinedload(Notification.actor), joinedload(Notification.thread),
                          joinedload(Notification.post))
                 .order_by(Notification.id.desc()).limit(limit + 1))
    if before_id:
        statement = statement.where(Notification.id < before_id)
    rows = db.session.scalars(statement).unique().all()
    next_before = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], next_before


def get_own_notification(user, notification_id):
    """The notification, if it belongs to `user`. Raises NotFound otherwise (never 403, so ids
    of other people's notifications reveal nothing)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("That notification does not exist.")
    return notification


def mark_read(user, notification_id):
    """Mark one of `user`'s notifications read. Raises NotFound for anyone else's. Flushes."""
    notification = get_own_notification(user, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(user, up_to_id: int | None = None):
    """Mark `user`'s unread notifications read, only those up to `up_to_id` when given (the
    newest one the page showed: one that arrived after it was drawn stays unread, never seen).
    Returns how many were marked. Flushes."""
    shown = [Notification.id <= up_to_id] if up_to_id is not None else []
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None), *shown)
        .values(read_at=utcnow()))
    db.session.flush()
    return result.rowcount


def unread_after(user, up_to_id: int | None) -> int:
    """How many of `user`'s notifications newer than `up_to_id` are unread (0 without one)."""
    if up_to_id is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None), Notification.id > up_to_id))


def email_enabled(user):
    preference = db.session.get(NotificationPreference, user.id)
    return bool(preference and preference.email_enabled)


def digest_enabled(user):
    preference = db.session.get(NotificationPreference, user.id)
    return bool(preference and preference.digest_enabled)


def set_email_preference(user, enabled):
    """Turn email notifications on or off for `user`. Flushes, never commits."""
    return set_mail_preferences(user, notifications=enabled)


def set_mail_preferences(user, *, notifications=None, digest=None):
    """Turn email notifications and the weekly summary (forum.notifications.digest) on or off
    for `user`; None leaves one as it is. Flushes, never commits."""
    preference = db.session.get(NotificationPreference, user.id)
    if preference is None:
        preference = NotificationPreference(user_id=user.id, email_enabled=False, digest_enabled=False)
        db.session.add(preference)
    if notifications is not None:
        preference.email_enabled = bool(notifications)
    if digest is not None:
        preference.digest_enabled = bool(digest)
    preference.updated_at = utcnow()
    db.session.flush()
    return preference

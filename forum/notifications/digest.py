"""The weekly summary mail: the week's most discussed new threads, for members who asked.

A physician who looks in once a month misses the cases colleagues raised meanwhile; Discourse
mails such members an activity summary. Like every Curbside mail it carries thread titles and
links only, never what was written, and only threads every member may list (none waiting for
review, hidden or removed for patient privacy). `flask notifications send-digests` sends the
summaries that are due; run it daily or weekly from cron (see README): a member gets at most
one every DUE_AFTER, whenever it runs.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from forum.auth import tokens
from forum.auth.models import AccountState, User
from forum.discussion.models import Thread
from forum.extensions import db
from forum.mail.services import absolute_url, queue_mail
from forum.notifications.models import NotificationPreference
from forum.search.services import out_of_sight_thread_ids
from forum.search.text import clean
from forum.timeutil import utcnow

WEEK = timedelta(days=7)
# Due again six days after the last one: a weekly cron run a little earlier than last week's
# still sends, and a daily one sends about weekly.
DUE_AFTER = timedelta(days=6)
THREADS_PER_DIGEST = 10
SUBJECT = "This week on Curbside: {count} new thread{s}"


@dataclass(frozen=True)
class DigestThread:
    id: int
    title: str
    category: str
    replies: int
    author_id: int
    is_clinical: bool


def week_threads(now: datetime, limit: int = THREADS_PER_DIGEST + 1) -> list[DigestThread]:
    """Threads started in the week before `now` that members may list, most replies first
    (then the most recently active): the week's liveliest discussions. One more than a digest
    shows, so a member's own thread can be left out of theirs. Reads only."""
    rows = db.session.scalars(
        select(Thread).options(joinedload(Thread.category))
        .where(Thread.created_at >= now - WEEK, Thread.created_at <= now,
               Thread.id.not_in(out_of_sight_thread_ids()))
        .order_by(Thread.reply_count.desc(), Thread.last_post_at.desc(), Thread.id.desc())
        .limit(limit))
    return [DigestThread(t.id, clean(t.title), t.category.name, t.reply_count, t.author_id, t.is_clinical)
            for t in rows]


def due_members(now: datetime) -> list[User]:
    """Verified members who asked for the summary and have not had one for DUE_AFTER."""
    return list(db.session.scalars(
        select(User).join(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(NotificationPreference.digest_enabled.is_(True), User.state == AccountState.VERIFIED,
               _due(now))
        .order_by(User.id)))


def send_digests(now: datetime | None = None) -> int:
    """Queue the summary for every member it is due to, with the week's threads they did not
    start; a member with nothing to read gets nothing (and stays due). Returns how many were
    queued. Never commits: the caller's commit sends them (forum.mail) and keeps each member's
    last_digest_at."""
    now = now or utcnow()
    threads = week_threads(now)
    if not threads:
        return 0
    settings_link = absolute_url("notifications.edit_settings")
    sent = 0
    for member in due_members(now):
        theirs = [t for t in threads if t.author_id != member.id][:THREADS_PER_DIGEST]
        if not theirs or not _claim(member, now):
            continue
        unsubscribe = absolute_url("notifications.unsubscribe", token=tokens.make_unsubscribe_token(member))
        queue_mail(member.email, SUBJECT.format(count=len(theirs), s="" if len(theirs) == 1 else "s"),
                   "digest", headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                   user=member, threads=[(t, absolute_url("discussion.show_thread", thread_id=t.id))
                                         for t in theirs],
                   latest_link=absolute_url("discussion.list_latest"), settings_link=settings_link,
                   unsubscribe_link=unsubscribe)
        sent += 1
    return sent


def _claim(member, now) -> bool:
    """Mark the member's summary sent, unless another run (another host's cron) did meanwhile:
    a conditional UPDATE, which on PostgreSQL waits for that run's commit and then finds the
    row no longer due, so nobody gets two."""
    claimed = db.session.execute(
        update(NotificationPreference)
        .where(NotificationPreference.user_id == member.id, _due(now))
        .values(last_digest_at=now).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def _due(now):
    return ((NotificationPreference.last_digest_at.is_(None))
            | (NotificationPreference.last_digest_at <= now - DUE_AFTER))

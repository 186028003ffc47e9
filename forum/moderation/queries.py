"""Read side of moderation: 404 lookups and the queue. The queue and a post's review page run
a fixed number of queries however many items they show (ids first, then one query per kind of
thing shown: posts, the posts before them, reports, holds, appeals, history, notes)."""
from dataclasses import dataclass, field
from datetime import datetime

from flask import abort
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from forum.admin import queries as admin_queries
from forum.auth.models import User
from forum.database import as_id
from forum.discussion import queries as discussion_queries
from forum.discussion.models import Post, Thread
from forum.extensions import db
from forum.moderation.models import (Appeal, AppealStatus, ModerationEvent, ModerationNote, Report,
                                     ReportReason, ReportStatus)
from forum.moderation.services.reports import false_privacy_counts
from forum.privacy.models import PrivacyHold

# Lookups shared with the features that own these records: one definition each.
get_post_or_404 = discussion_queries.get_post_or_404
get_thread_or_404 = discussion_queries.get_thread_or_404
get_user_or_404 = admin_queries.get_user_or_404

QUEUE_SIZE = 50
HISTORY_SIZE = 10


def get_appeal_or_404(appeal_id: int) -> Appeal:
    appeal = db.session.scalar(select(Appeal).where(Appeal.id == appeal_id)
                               .options(joinedload(Appeal.post).joinedload(Post.author)))
    if appeal is None:
        abort(404)
    return appeal


@dataclass
class QueueItem:
    """One post under review with everything a moderator needs beside it."""

    post: Post
    privacy: bool = False
    report_count: int = 0
    since: datetime | None = None
    previous: Post | None = None
    reports: list[Report] = field(default_factory=list)
    hold: PrivacyHold | None = None
    appeal: Appeal | None = None
    history: list[ModerationEvent] = field(default_factory=list)
    notes: list[ModerationNote] = field(default_factory=list)

    @property
    def sort_key(self):
        return (0 if self.privacy else 1, -self.report_count, self.since or datetime.max, self.post.id)


@dataclass
class Queue:
    items: list[QueueItem]
    waiting: int  # every post waiting, shown or not
    false_privacy: dict[int, int]


def moderation_queue(limit: int = QUEUE_SIZE) -> Queue:
    """Held posts, reported posts and appealed removals, one item per post: privacy first (an
    open hold or privacy report), then most reports, then oldest. Eleven queries, whatever the
    number of items."""
    entries: dict[int, dict] = {}

    def entry(post_id):
        return entries.setdefault(post_id, {"privacy": False, "count": 0, "since": None})

    def seen(row, when):
        if when is not None and (row["since"] is None or when < row["since"]):
            row["since"] = when

    privacy = func.max(case((Report.reason == ReportReason.PRIVACY, 1), else_=0))
    for post_id, count, first, has_privacy in db.session.execute(
            select(Report.post_id, func.count(), func.min(Report.created_at), privacy)
            .where(Report.status == ReportStatus.OPEN).group_by(Report.post_id)):
        row = entry(post_id)
        row["count"], row["privacy"] = count, bool(has_privacy)
        seen(row, first)
    for post_id, created in db.session.execute(
            select(PrivacyHold.post_id, PrivacyHold.created_at).where(PrivacyHold.decided_at.is_(None))):
        row = entry(post_id)
        row["privacy"] = True
        seen(row, created)
    for post_id, created in db.session.execute(
            select(Appeal.post_id, Appeal.created_at).where(Appeal.status == AppealStatus.OPEN)):
        seen(entry(post_id), created)
    ordered = sorted(entries.items(), key=lambda kv: (
        0 if kv[1]["privacy"] else 1, -kv[1]["count"], kv[1]["since"] or datetime.max, kv[0]))
    chosen = ordered[:limit]
    items = load_items([post_id for post_id, _ in chosen], open_only=True)
    for item in items:
        row = entries[item.post.id]
        item.privacy, item.report_count, item.since = row["privacy"], row["count"], row["since"]
    items.sort(key=lambda item: item.sort_key)
    reporters = [report.reporter_id for item in items for report in item.reports]
    return Queue(items=items, waiting=len(entries), false_privacy=false_privacy_counts(reporters))


def review_item(post: Post) -> tuple[QueueItem, dict[int, int]]:
    """One post with its context, every report (open or decided), hold, appeal, and its
    author's history and notes: the post review page."""
    item = load_items([post.id], open_only=False)[0]
    open_reports = [r for r in item.reports if r.is_open]
    item.report_count = len(open_reports)
    item.privacy = item.hold is not None or any(r.reason == ReportReason.PRIVACY for r in open_reports)
    return item, false_privacy_counts([r.reporter_id for r in item.reports])


def load_items(post_ids: list[int], *, open_only: bool) -> list[QueueItem]:
    """QueueItems for `post_ids` (in that order), seven queries whatever their number."""
    if not post_ids:
        return []
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids))
        .options(joinedload(Post.thread).joinedload(Thread.category), joinedload(Post.author)))}
    items = {post_id: QueueItem(post=posts[post_id]) for post_id in post_ids if post_id in posts}
    _attach_previous(items)
    _attach_reports(items, open_only)
    _attach_holds(items, open_only)
    _attach_appeals(items, open_only)
    _attach_history_and_notes(items)
    return [items[post_id] for post_id in post_ids if post_id in items]


def _attach_previous(items):
    pairs = [(item.post.thread_id, item.post.number - 1) for item in items.values() if item.post.number > 1]
    if not pairs:
        return
    found = {(p.thread_id, p.number): p for p in db.session.scalars(
        select(Post).where(or_(*(and_(Post.thread_id == t, Post.number == n) for t, n in pairs)))
        .options(joinedload(Post.author)))}
    for item in items.values():
        item.previous = found.get((item.post.thread_id, item.post.number - 1))


def _attach_reports(items, open_only):
    statement = (select(Report).where(Report.post_id.in_(list(items)))
                 .order_by(Report.created_at, Report.id).options(joinedload(Report.reporter)))
    if open_only:
        statement = statement.where(Report.status == ReportStatus.OPEN)
    for report in db.session.scalars(statement):
        items[report.post_id].reports.append(report)


def _attach_holds(items, open_only):
    statement = (select(PrivacyHold).where(PrivacyHold.post_id.in_(list(items)))
                 .order_by(PrivacyHold.created_at.desc(), PrivacyHold.id.desc()))
    if open_only:
        statement = statement.where(PrivacyHold.decided_at.is_(None))
    for hold in db.session.scalars(statement):
        item = items[hold.post_id]
        if item.hold is None or (hold.is_open and not item.hold.is_open):
            item.hold = hold


def _attach_appeals(items, open_only):
    statement = (select(Appeal).where(Appeal.post_id.in_(list(items)))
                 .options(joinedload(Appeal.removed_by)))
    if open_only:
        statement = statement.where(Appeal.status == AppealStatus.OPEN)
    for appeal in db.session.scalars(statement):
        items[appeal.post_id].appeal = appeal


def _attach_history_and_notes(items):
    authors = {item.post.author_id for item in items.values()}
    history = member_history(authors)
    notes = member_notes(authors)
    for item in items.values():
        item.history = history.get(item.post.author_id, [])[:HISTORY_SIZE]
        item.notes = notes.get(item.post.author_id, [])


def member_history(member_ids) -> dict[int, list[ModerationEvent]]:
    """{member id: their moderation events, newest first}, one query."""
    found: dict[int, list[ModerationEvent]] = {}
    ids = sorted(set(member_ids))
    if ids:
        for event in db.session.scalars(
                select(ModerationEvent).where(ModerationEvent.subject_id.in_(ids))
                .order_by(ModerationEvent.created_at.desc(), ModerationEvent.id.desc())
                .options(joinedload(ModerationEvent.actor))):
            found.setdefault(event.subject_id, []).append(event)
    return found


def member_notes(member_ids) -> dict[int, list[ModerationNote]]:
    """{member id: moderators' notes on them, newest first}, one query."""
    found: dict[int, list[ModerationNote]] = {}
    ids = sorted(set(member_ids))
    if ids:
        for note in db.session.scalars(
                select(ModerationNote).where(ModerationNote.subject_id.in_(ids))
                .order_by(ModerationNote.created_at.desc(), ModerationNote.id.desc())
                .options(joinedload(ModerationNote.author))):
            found.setdefault(note.subject_id, []).append(note)
    return found


def reports_by(member: User, limit=50) -> list[Report]:
    """The reports a member filed, newest first, with their posts (for moderators and for the
    member's own page)."""
    return list(db.session.scalars(
        select(Report).where(Report.reporter_id == member.id)
        .order_by(Report.created_at.desc(), Report.id.desc()).limit(limit)
        .options(joinedload(Report.post).joinedload(Post.thread))))


def appeals_by(member: User) -> list[Appeal]:
    return list(db.session.scalars(
        select(Appeal).where(Appeal.author_id == member.id)
        .order_by(Appeal.created_at.desc(), Appeal.id.desc())
        .options(joinedload(Appeal.post).joinedload(Post.thread))))


def history_with_posts(member: User) -> list[ModerationEvent]:
    """A member's own moderation history (newest first)."""
    return member_history([member.id]).get(member.id, [])


def open_categories_except(thread: Thread):
    from forum.discussion.models import Category

    return list(db.session.scalars(
        select(Category).where(Category.archived_at.is_(None), Category.id != thread.category_id)
        .order_by(Category.position, Category.id)))


def get_category(category_id):
    """The category with this id, or None (the move form reports it)."""
    from forum.discussion.models import Category

    return db.session.get(Category, category_id) if category_id else None


def get_post_or_none(post_id, *, author: User):
    """The post with this id when `author` wrote it (the context of a warning), else None."""
    post_id = as_id(post_id)
    if post_id is None:
        return None
    post = db.session.get(Post, post_id)
    return post if post is not None and post.author_id == author.id else None

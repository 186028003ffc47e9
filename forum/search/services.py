"""Search services: keep the index in step with posts, and answer ranked, filtered queries.

index_post / remove_post are called by the discussion services in the same transaction as the
change they mirror; they flush, never commit.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import and_, bindparam, false, func, select

from forum.auth.models import User
from forum.discussion.models import Category, Post, PostStatus, Thread, ThreadKind
from forum.database import as_id, constant
from forum.errors import NotAllowed
from forum.extensions import db
from forum.search.engines import engine_for
from forum.search.text import clean, highlight, parse_query, plain_text, quoted_query
from forum.security.permissions import is_member

PAGE_SIZE = 20
MAX_PAGE = 50  # ranked results past 1,000 are noise; a narrower query serves better
# Words found in more posts than this are ranked among their newest matches only, so a search
# for a very common word costs the same on a million posts as on ten thousand.
MAX_CANDIDATES = 5_000


@dataclass(frozen=True)
class HitPost:
    """What a result shows of its post, read as one plain row: loading 20 posts with their
    authors, threads and categories as ORM objects cost a search about a millisecond more."""

    id: int
    thread_id: int
    number: int
    created_at: datetime
    author_name: str
    author_handle: str
    category_name: str
    is_clinical: bool


@dataclass
class SearchHit:
    post: HitPost
    title: Markup  # the thread title, matches marked when the hit is the opening post
    snippet: Markup  # a passage of the body around the matches, escaped then marked


@dataclass
class SearchResults:
    query: str
    terms: list = field(default_factory=list)
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    author_found: bool = True

    @property
    def has_previous(self):
        return self.page > 1


def current_engine():
    return engine_for(db.session.get_bind().dialect.name)


def visible_post_clause(viewer):
    """The one predicate for "may `viewer` see this post": search results, notification lists
    and profiles filter with it. A post is shown when it is visible (not held, hidden by a
    privacy report, removed or purged), not deleted, and its thread is not out of sight."""
    return visible_post_clause_for(is_member(viewer))


def visible_post_clause_for(member: bool):
    """visible_post_clause by the one thing it depends on, membership: a cache key."""
    return members_see_post_clause() if member else false()


@cache
def members_see_post_clause():
    """Built once per process: SQL constructs are immutable and building them is not free."""
    return and_(Post.status == PostStatus.VISIBLE, Post.deleted_at.is_(None),
                Post.thread_id.not_in(out_of_sight_thread_ids()))


def can_see_post(viewer, post):
    """visible_post_clause for one loaded post (keep the two in step; one query at most)."""
    return (is_member(viewer) and post.status == PostStatus.VISIBLE and post.deleted_at is None
            and not is_out_of_sight(post.thread_id))


@cache
def out_of_sight_thread_ids():
    """SELECT of the threads members may not see or list (their author and moderators still
    may): never published, their opening post held by the privacy screen (forum.privacy.holds);
    with their opening post, and so their title, hidden by a patient privacy report
    (forum.moderation); or with their opening post removed for patient privacy (the title
    may name the patient as well). Each set is small and found through a small table or a
    partial index (ix_post_thread_id_privacy_removed): NOT IN."""
    from forum.moderation.models import Report, ReportReason, ReportStatus
    from forum.privacy.holds import unpublished_thread_ids

    hidden = (select(Post.thread_id).join(Report, Report.post_id == Post.id)
              .where(Report.status == constant(ReportStatus.OPEN),
                     Report.reason == constant(ReportReason.PRIVACY),
                     Post.number == constant(1), Post.status == constant(PostStatus.HIDDEN)))
    # The terms of the partial index's WHERE, written as constants so the planner can use it.
    removed = select(Post.thread_id).where(Post.number == constant(1),
                                           Post.status == constant(PostStatus.REMOVED),
                                           Post.removal_category == constant(ReportReason.PRIVACY))
    return unpublished_thread_ids().union(hidden, removed)


def is_out_of_sight(thread_id) -> bool:
    """Is the thread out of members' sight (out_of_sight_thread_ids)? One query."""
    ids = out_of_sight_thread_ids().subquery()
    return db.session.scalar(select(func.count()).select_from(ids).where(ids.c.thread_id == thread_id)) > 0


def index_entry(post_id, number, thread_title, body_html):
    """The row stored for a post: the opening post (number 1) also carries the thread title."""
    return {"post_id": post_id, "title": clean(thread_title) if number == 1 else "",
            "body": plain_text(body_html)}


def index_post(post):
    """Insert or replace the index entry of `post` (after a create, an edit, a restore). The
    index holds visible posts only: for a deleted, held or removed post the entry is removed
    instead. Flushes, never commits; writes no audit entry."""
    if post.status != PostStatus.VISIBLE or post.deleted_at is not None:
        remove_post(post)
        return
    db.session.flush()  # the post needs its id, and an edit its new body, in the database
    engine = current_engine()
    title = post.thread.title if post.number == 1 else ""
    engine.upsert(db.session, index_entry(post.id, post.number, title, post.body_html))


def remove_post(post):
    """Delete the index entry of `post` (delete, removal, purge). Flushes, never commits."""
    remove_posts([post.id])


def remove_posts(post_ids):
    """Delete the index entries of several posts at once (e.g. a whole thread)."""
    post_ids = [post_id for post_id in post_ids if post_id is not None]
    if post_ids:
        current_engine().delete(db.session, post_ids)


def clear_index():
    """Empty the index (the first step of a rebuild). Flushes, never commits."""
    current_engine().clear(db.session)


def index_batch(after_id=0, limit=2000):
    """Index the next `limit` visible posts with ids above `after_id` (a rebuild streams the
    posts this way, one committed batch at a time). Returns (last id seen, posts indexed)."""
    rows = db.session.execute(
        select(Post.id, Post.number, Thread.title, Post.body_html)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.id > after_id, Post.status == PostStatus.VISIBLE, Post.deleted_at.is_(None))
        .order_by(Post.id).limit(limit)).all()
    if not rows:
        return after_id, 0
    current_engine().insert_many(db.session, [index_entry(*row) for row in rows])
    return rows[-1].id, len(rows)


def optimize_index():
    """Merge the index's segments (SQLite) or refresh planner statistics (PostgreSQL)."""
    current_engine().optimize(db.session)


def search(viewer, query, *, category_id=None, clinical_only=False, author=None, page=1,
           limit=PAGE_SIZE, newest_first=False, since=None, until=None, answered_only=False):
    """Posts matching `query` that `viewer` may see, best first (or newest first, when a member
    looks for the latest word on something), with highlighted snippets.

    Any text is a safe query: it is reduced to quoted words and phrases that must all match.
    `author` is a handle (with or without @) or a user id; an unknown author finds nothing.
    `since` and `until` (dates, UTC, both included) keep posts written in those days;
    `answered_only` keeps the clinical cases with an accepted answer.
    Raises NotAllowed unless `viewer` is a member. Reads only.
    """
    if not is_member(viewer):
        raise NotAllowed("Only verified members can search the forum.")
    page = max(1, min(_as_int(page) or 1, MAX_PAGE))
    limit = max(1, min(limit, 100))
    results = SearchResults(query=query or "", terms=parse_query(query), page=page)
    if not results.terms:
        return results
    author_id = None
    if author not in (None, ""):
        author_id = resolve_author(author)
        if author_id is None:
            results.author_found = False
            return results
    period = Period.of_days(since, until)
    if period.is_empty:
        return results
    engine = current_engine()
    match = quoted_query(results.terms)
    post_ids = _ranked_page(viewer, engine, match, ThreadFilter(category_id, clinical_only, answered_only),
                            author_id, limit, (page - 1) * limit, newest_first, period)
    results.has_next = len(post_ids) > limit
    results.hits = _hits(engine, match, post_ids[:limit])
    return results


FIRST_BATCH = 20  # candidates checked beyond the page in the first visibility query
MAX_BATCH = 1_000  # later batches grow fourfold up to this


@dataclass(frozen=True)
class ThreadFilter:
    """What a search asks of the thread a post is in."""

    category_id: int | None = None
    clinical_only: bool = False
    answered_only: bool = False

    def __bool__(self):
        return bool(self.category_id or self.clinical_only or self.answered_only)

    @property
    def shape(self):
        """Which filters apply (their values are bound): the key of _allowed's statement."""
        return bool(self.category_id), bool(self.clinical_only), bool(self.answered_only)


def _ranked_page(viewer, engine, match, threads, author_id, limit, offset,
                 newest_first=False, period=None):
    """Ids of the visible, filtered candidates at ranks offset .. offset+limit (one extra, for
    has_next), best first.

    Candidates are ranked by score alone, then checked against `post` and `thread` in growing
    batches, best first, until the page is full: joining all of them (up to MAX_CANDIDATES)
    before ranking cost more than the ranking. Ties are broken by post id, so the order, and
    the pages, are the same as one ranked join would give. An author's posts are few and
    indexed, so that filter goes into the ranking query instead, and so does a period's range
    of post ids (a search of last year's posts ranks last year's matches, not the newest).
    """
    period = period or Period()
    first, last = period.ids or (None, None)
    statement = _ranking(engine.name, newest_first, bool(author_id), first is not None,
                         last is not None)
    parameters = {"match": engine.match_value(match), "author_id": author_id,
                  "first": first, "last": last,
                  "cap": current_app.config.get("SEARCH_MAX_CANDIDATES", MAX_CANDIDATES)}
    wanted = offset + limit + 1
    shown = []
    batch = wanted + FIRST_BATCH
    ranked = db.session.scalars(statement, parameters)
    try:
        while len(shown) < wanted:
            ids = ranked.fetchmany(batch)
            if not ids:
                break
            allowed = set(db.session.connection().execute(
                _allowed(is_member(viewer), threads.shape, period.shape),
                {"ids": ids, "category_id": threads.category_id, "start": period.start,
                 "end": period.end}).scalars())
            shown.extend(post_id for post_id in ids if post_id in allowed)
            batch = min(batch * 4, MAX_BATCH)
    finally:
        ranked.close()
    return shown[offset:wanted]


@cache
def _ranking(engine_name, newest_first, by_author, from_first, to_last):
    """The ranking statement of one shape, built once per process: every search runs one, and
    building and keying it anew cost about half a millisecond, a twentieth of a search. Bound:
    match, cap, and author_id, first, last as the shape asks."""
    engine = engine_for(engine_name)
    ids = (bindparam("first") if from_first else None, bindparam("last") if to_last else None)
    candidates = engine.candidates(bindparam("match"), bindparam("cap"), ids)
    order = ((candidates.c.post_id.desc(),) if newest_first
             else (engine.best_first(candidates.c.score), candidates.c.post_id.desc()))
    statement = select(candidates.c.post_id).order_by(*order)
    if by_author:
        statement = statement.where(candidates.c.post_id.in_(
            select(Post.id).where(Post.author_id == bindparam("author_id"))))
    return statement


@cache
def _allowed(member, thread_shape, period_shape):
    """Which of the bound `ids` pass visibility, the period and the thread filters (a SELECT of
    their ids), built once per shape: every search runs one, and building it anew cost more
    than SQLite's work. Bound: ids (expanding), and category_id, start, end as the shape asks.
    The thread filters are a correlated EXISTS, not a join: joined, SQLite may start from
    every thread of the category instead of from the few posts named."""
    by_category, clinical_only, answered_only = thread_shape
    from_start, to_end = period_shape
    statement = select(Post.id).where(Post.id.in_(bindparam("ids", expanding=True)),
                                      visible_post_clause_for(member))
    if from_start:
        statement = statement.where(Post.created_at >= bindparam("start"))
    if to_end:
        statement = statement.where(Post.created_at < bindparam("end"))
    if any(thread_shape):
        thread = select(Thread.id).where(Thread.id == Post.thread_id)
        if by_category:
            thread = thread.where(Thread.category_id == bindparam("category_id"))
        if clinical_only or answered_only:
            thread = thread.where(Thread.kind == ThreadKind.CLINICAL)
        if answered_only:
            thread = thread.where(Thread.answer_post_id.is_not(None))
        statement = statement.where(thread.exists())
    return statement


@dataclass(frozen=True)
class Period:
    """The days a search keeps: [start, end) in UTC, and the range of post ids written then.

    Ranking runs on the newest matches only (MAX_CANDIDATES), so a period must narrow the
    candidates themselves, by post id (the index's key), not filter them afterwards. Ids grow
    with the time a post is written, so the range is found by bisecting ids on `created_at`
    (about twenty primary-key reads on a million posts; `post` has no index on the time, which
    every reply would pay for). A held post takes the moment a moderator approves it as its
    time but keeps its id, so ids are not perfectly in time order: the exact times are checked
    again on the candidates, and a held post approved long after it was written may fall
    outside the range its new time belongs to."""

    start: datetime | None = None
    end: datetime | None = None
    ids: tuple | None = None  # (first id or None, last id or None)
    is_empty: bool = False

    @classmethod
    def of_days(cls, since=None, until=None):
        start = datetime.combine(since, time()) if since else None
        end = datetime.combine(until + timedelta(days=1), time()) if until else None
        if start is None and end is None:
            return cls()
        if start is not None and end is not None and end <= start:
            return cls(start, end, is_empty=True)
        first = first_post_id_written_at_or_after(start) if start is not None else None
        last = None
        if end is not None:
            after_end = first_post_id_written_at_or_after(end)
            last = after_end - 1 if after_end is not None else None
        if (start is not None and first is None) or (last is not None and first is not None and last < first):
            return cls(start, end, is_empty=True)
        return cls(start, end, (first, last))

    @property
    def shape(self):
        """Which ends the period has (their times are bound): part of _allowed's key."""
        return self.start is not None, self.end is not None


def first_post_id_written_at_or_after(moment):
    """The least id from which posts were written at or after `moment` (see Period), or None
    when every post is older. Bisects the ids that exist: gaps left by purged posts are fine."""
    # Two statements: each of min() and max() alone reads one end of the primary key, while
    # SQLite answers both in one SELECT by scanning every row.
    low, high = db.session.scalar(select(func.min(Post.id))), db.session.scalar(select(func.max(Post.id)))
    if high is None or _written_at_or_after(high) < moment:
        return None
    while low < high:
        middle = (low + high) // 2
        found_id, written = _written_at_or_after(middle, with_id=True)
        if written >= moment:
            high = middle
        else:
            low = found_id + 1
    return low


def _written_at_or_after(post_id, with_id=False):
    """The time of the first post whose id is at least `post_id` (and that id)."""
    row = db.session.execute(select(Post.id, Post.created_at).where(Post.id >= post_id)
                             .order_by(Post.id).limit(1)).one()
    return (row.id, row.created_at) if with_id else row.created_at


def _hits(engine, match, post_ids):
    if not post_ids:
        return []
    rows = {row.id: row for row in db.session.connection().execute(_hit_rows(), {"ids": list(post_ids)})}
    marks = engine.snippets(db.session, match, post_ids)
    hits = []
    for post_id in post_ids:
        row = rows.get(post_id)
        if row is None:  # deleted for good between the two queries
            continue
        post = HitPost(row.id, row.thread_id, row.number, row.created_at, row.full_name, row.handle,
                       row.category_name, row.kind == ThreadKind.CLINICAL)
        marked_title, marked_body = marks.get(post_id, ("", ""))
        title = highlight(marked_title) if post.number == 1 and marked_title else escape(row.title)
        hits.append(SearchHit(post=post, title=Markup(title), snippet=highlight(marked_body)))
    return hits


@cache
def _hit_rows():
    """Built once per process, the page's ids bound as an expanding parameter."""
    return (select(Post.id, Post.thread_id, Post.number, Post.created_at, User.full_name, User.handle,
                   Thread.title, Thread.kind, Category.name.label("category_name"))
            .join(User, User.id == Post.author_id)
            .join(Thread, Thread.id == Post.thread_id)
            .join(Category, Category.id == Thread.category_id)
            .where(Post.id.in_(bindparam("ids", expanding=True))))


def resolve_author(author):
    """A user id from a handle ("@name" or "name") or an id; None when nobody matches."""
    if isinstance(author, int):
        return _user_id(author)
    handle = str(author).strip().lstrip("@").lower()[:40]
    if not handle:
        return None
    found = db.session.scalar(select(User.id).where(User.handle == handle))  # handles are lower case
    if found is None:
        found = _user_id(handle)
    return found


def _user_id(value):
    user_id = as_id(value)
    if user_id is None:
        return None
    return db.session.scalar(select(User.id).where(User.id == user_id))


def category_choices():
    """(id, name) of every category, in the forum's order, for the search filter."""
    return db.session.execute(_category_choices()).all()


@cache
def _category_choices():
    """Built once: the search page, empty or not, runs it on every request."""
    return select(Category.id, Category.name).order_by(Category.position, Category.name)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

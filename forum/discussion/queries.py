"""Read-side lookups for the discussion views: 404 helpers and the list queries, each a fixed
number of SQL statements whatever they return (eager loading, keyset pagination)."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple

from flask import abort
from sqlalchemy import and_, bindparam, case, func, or_, select, text, tuple_
from sqlalchemy.orm import joinedload

from forum.auth.models import User
from forum.discussion import page_rows
from forum.discussion.models import (PUBLISHED_POST, Category, NotificationLevel, Post, PostRevision,
                                    PostStatus, Thread, ThreadKind, ThreadRead)
from forum.discussion.page_rows import PagePost
from forum.extensions import db
from forum.privacy.holds import unpublished_thread_ids
from forum.search.services import out_of_sight_thread_ids, visible_post_clause
from forum.search.text import plain_text
from forum.text import excerpt
from forum.security.permissions import can_see_thread, is_moderator
from forum.timeutil import utcnow

THREADS_PER_PAGE = 25
NEW_DAYS = 14  # the New list: threads started this recently that the reader has not opened
POSTS_PER_PAGE = 20
PROFILE_ITEMS = 10
_EPOCH = datetime(1970, 1, 1)
# What a post's author block and the access predicates read of its author (a thread page loads 20).
AUTHOR_BLOCK_COLUMNS = tuple(getattr(User, name) for name in page_rows.AUTHOR_COLUMNS)


def get_category_or_404(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        abort(404)
    return category


def get_thread_or_404(thread_id: int) -> Thread:
    thread = db.session.scalar(select(Thread).where(Thread.id == thread_id)
                               .options(joinedload(Thread.category), joinedload(Thread.author)))
    if thread is None:
        abort(404)
    return thread


def get_readable_thread_or_404(viewer, thread_id: int) -> tuple[Thread, bool]:
    """(thread, unpublished): a thread whose opening post waits for moderator review, or is
    hidden after a patient privacy report, is a 404 for everyone but its author and the
    moderators. One query."""
    row = db.session.execute(_readable_thread(), {"thread_id": thread_id}).first()
    if row is None:
        abort(404)
    thread, unpublished, out_of_sight = row
    if not can_see_thread(viewer, thread, bool(out_of_sight)):
        abort(404)
    return thread, bool(unpublished)


@cache
def _readable_thread():
    """Built once (the thread id a parameter): it runs on every thread page and reply."""
    return (select(Thread, Thread.id.in_(unpublished_thread_ids()).label("unpublished"),
                   Thread.id.in_(out_of_sight_thread_ids()).label("out_of_sight"))
            .where(Thread.id == bindparam("thread_id"))
            .options(joinedload(Thread.category), joinedload(Thread.author),
                     # The accepted answer's number and author, for the opening post's line:
                     # in the same statement, so the thread page runs no more of them.
                     joinedload(Thread.answer_post).load_only(Post.id, Post.number, Post.author_id)
                     .joinedload(Post.author).load_only(User.id, User.full_name)))


WITHHELD_TITLE = "Thread withheld for patient privacy"


def withheld_titles(viewer, threads) -> set[int]:
    """Ids of `threads` (None allowed) that `viewer` may not see (permissions.can_see_thread):
    pages that name a thread beside something of the viewer's own (their post in it, their
    report, a notice) show WITHHELD_TITLE instead of its title. One query, none when no thread
    or a moderator."""
    by_id = {thread.id: thread for thread in threads if thread is not None}
    if not by_id or is_moderator(viewer):
        return set()
    out_of_sight = db.session.scalars(select(Thread.id).where(
        Thread.id.in_(sorted(by_id)), Thread.id.in_(out_of_sight_thread_ids())))
    return {thread_id for thread_id in out_of_sight if not can_see_thread(viewer, by_id[thread_id], True)}


def shown_title(thread, withheld) -> str:
    """The templates' shown_thread_title(thread, withheld): the title, or WITHHELD_TITLE for a
    thread whose id the view listed in `withheld` (withheld_titles)."""
    return WITHHELD_TITLE if thread.id in (withheld or ()) else thread.title


def get_post_or_404(post_id: int) -> Post:
    post = db.session.scalar(
        select(Post).where(Post.id == post_id)
        .options(joinedload(Post.thread).joinedload(Thread.category), joinedload(Post.author)))
    if post is None:
        abort(404)
    return post


def get_member_or_404(handle: str) -> User:
    """A profile exists for every account that was ever verified (authors of posts)."""
    user = db.session.scalar(select(User).where(User.handle == handle.lower(),
                                                User.verified_at.is_not(None)))
    if user is None:
        abort(404)
    return user


def post_by_submission(author, submission_key):
    if not submission_key:
        return None
    return db.session.scalar(select(Post).where(Post.author_id == author.id,
                                                Post.submission_key == submission_key))


def open_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.archived_at.is_(None))
                                   .order_by(Category.position, Category.id)))


@dataclass
class CategoryRow:
    category: Category
    last_thread: Thread | None


def category_index() -> list[CategoryRow]:
    """Every category (open ones first, in admin order) with its latest thread: two queries."""
    rows = db.session.execute(_categories_with_latest_thread()).all()
    ids = [row.last_thread_id for row in rows if row.last_thread_id]
    threads = {}
    if ids:
        threads = {t.id: t for t in db.session.scalars(
            select(Thread).where(Thread.id.in_(ids))
            .options(joinedload(Thread.author).load_only(*AUTHOR_BLOCK_COLUMNS)))}
    return [CategoryRow(row.Category, threads.get(row.last_thread_id)) for row in rows]


@cache
def _categories_with_latest_thread():
    latest = (select(Thread.id).where(Thread.category_id == Category.id,
                                      Thread.id.not_in(out_of_sight_thread_ids()))
              .order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(1)
              .correlate(Category).scalar_subquery())
    return (select(Category, latest.label("last_thread_id"))
            .order_by(Category.archived_at.is_not(None), Category.position, Category.id))


@dataclass
class ThreadRow:
    """A listed thread, the reader's read marker and `unread`: the published posts by others
    numbered after it. A marker at 0 (a bookmark or a notification level set on a thread never
    opened) is no reading: the thread is new, as without a marker."""
    thread: Thread
    last_read_number: int | None
    unread: int = 0

    @property
    def is_new(self) -> bool:
        return not self.last_read_number

    @property
    def unread_count(self) -> int:
        """Posts the reader has not read and may see: a post held, withdrawn or removed before
        the reader got to it is no news, nor is the reader's own."""
        if not self.last_read_number:
            return self.thread.post_count
        return self.unread


@dataclass
class ThreadListPage:
    pinned: list[ThreadRow] = field(default_factory=list)
    rows: list[ThreadRow] = field(default_factory=list)
    newer_cursor: str | None = None
    older_cursor: str | None = None


def thread_list(reader, category: Category | None = None, *, before: str | None = None,
                after: str | None = None, only: str | None = None) -> ThreadListPage:
    """Newest activity first, 25 a page, keyset-paginated on (last_post_at, id).

    In a category its pinned threads come first on the first page (and are left out of the
    pages that follow); the forum-wide latest list has no pinned section. `only`: "unread",
    the forum-wide list of threads the reader has opened that have posts they have not read
    (Discourse's "Unread"), muted threads left out; or "new", threads started by others in the
    last NEW_DAYS days that the reader has not opened yet; or "bookmarks", the threads the
    reader bookmarked; or "open_cases", clinical cases without an accepted answer. Two queries at
    most.
    """
    page = ThreadListPage()
    before_key, after_key = decode_cursor(before), decode_cursor(after)
    params = {"reader_id": reader.id, "limit": THREADS_PER_PAGE + 1}
    if category is not None:
        params["category_id"] = category.id
        if before_key is None and after_key is None:
            page.pinned = _rows(db.session.execute(_pinned_threads(), params))
    direction = "after" if after_key is not None else "before" if before_key is not None else "first"
    cursor_key = after_key or before_key
    if cursor_key is not None:
        params["cursor_time"], params["cursor_id"] = cursor_key
    if only == "new":
        params["since"] = utcnow() - timedelta(days=NEW_DAYS)
    scope = only or ("category" if category is not None else "forum")
    rows = _rows(db.session.execute(_listed_threads(scope, direction), params))
    more = len(rows) > THREADS_PER_PAGE
    rows = rows[:THREADS_PER_PAGE]
    if after_key is not None:
        rows.reverse()
    page.rows = rows
    if rows:
        has_newer = more if after_key is not None else before_key is not None
        has_older = more if after_key is None else True
        page.newer_cursor = encode_cursor(rows[0].thread) if has_newer else None
        page.older_cursor = encode_cursor(rows[-1].thread) if has_older else None
    return page


@cache
def _listed_threads(scope: str, direction: str):
    """One statement per shape of list (built once; values are parameters): a category's
    unpinned threads, the forum-wide list, or the reader's new, unread or bookmarked threads;
    the first page, or before or after a cursor.

    The unread and bookmark lists pick their page of thread ids first, from the reader's
    markers, and only then load those threads with their counts, category and author: a
    reader with thousands of markers would otherwise have every one of them counted and
    joined before the sort kept 26."""
    if scope in ("unread", "bookmarks"):
        reader_id = bindparam("reader_id")
        conditions = (_unread_conditions(reader_id) if scope == "unread" else
                      (ThreadRead.user_id == reader_id, ThreadRead.bookmarked_at.is_not(None)))
        page_ids = _in_list_order(
            select(Thread.id).join(ThreadRead, ThreadRead.thread_id == Thread.id)
            .where(*conditions, _listable_by(reader_id)), direction)
        return _thread_rows_query().where(Thread.id.in_(page_ids)).order_by(
            *_list_order(direction))
    stmt = _thread_rows_query()
    if scope == "category":
        stmt = stmt.where(Thread.category_id == bindparam("category_id"), Thread.pinned_at.is_(None))
    elif scope == "open_cases":
        # Clinical cases no reply has answered yet (no accepted answer), for colleagues looking
        # for a case to help with: read down the activity index like the forum-wide list.
        stmt = stmt.where(Thread.kind == ThreadKind.CLINICAL, Thread.answer_post_id.is_(None))
    elif scope == "new":
        # Started since `since`, so active since then too: the activity index's range ends there.
        since = bindparam("since", type_=Thread.created_at.type)
        stmt = stmt.where(Thread.last_post_at >= since, Thread.created_at >= since,
                          Thread.author_id != bindparam("reader_id"), _never_opened())
    return _in_list_order(stmt, direction)


def _in_list_order(stmt, direction: str):
    """`stmt` ordered by activity, on the page before or after the cursor (parameters)."""
    order_key = tuple_(Thread.last_post_at, Thread.id)
    cursor = tuple_(bindparam("cursor_time", type_=Thread.last_post_at.type), bindparam("cursor_id"))
    if direction == "after":
        stmt = stmt.where(order_key > cursor)
    elif direction == "before":
        stmt = stmt.where(order_key < cursor)
    return stmt.order_by(*_list_order(direction)).limit(bindparam("limit"))


def _list_order(direction: str):
    if direction == "after":
        return Thread.last_post_at, Thread.id
    return Thread.last_post_at.desc(), Thread.id.desc()


@cache
def _pinned_threads():
    return (_thread_rows_query().where(Thread.category_id == bindparam("category_id"),
                                       Thread.pinned_at.is_not(None))
            .order_by(Thread.pinned_at.desc(), Thread.id.desc()))


def _thread_rows_query():
    """Threads the reader (a parameter) may list, with the reader's marker and unread count."""
    reader_id = bindparam("reader_id")
    return (select(Thread, ThreadRead.last_read_number, _unread_after_marker(reader_id))
            .outerjoin(ThreadRead, and_(ThreadRead.thread_id == Thread.id,
                                        ThreadRead.user_id == reader_id))
            .where(_listable_by(reader_id))
            .options(joinedload(Thread.author).load_only(*AUTHOR_BLOCK_COLUMNS),
                     joinedload(Thread.category)))


def _listable_by(reader_id):
    """Not out of members' sight (waiting for a first review, hidden or removed for patient
    privacy), unless the reader started the thread."""
    return or_(Thread.author_id == reader_id, Thread.id.not_in(out_of_sight_thread_ids()))


def _unread_after_marker(reader_id):
    """Published posts by others numbered after the reader's marker, counted only when there
    are posts after it at all (most listed threads are read): a range of the partial index
    ix_post_thread_id_number_published, read without the table (its condition is repeated as
    text so that both databases use it)."""
    unread = (select(func.count()).select_from(Post)
              .where(Post.thread_id == Thread.id, Post.number > ThreadRead.last_read_number,
                     Post.author_id != reader_id, text(PUBLISHED_POST))
              .correlate(Thread, ThreadRead).scalar_subquery())
    return case((ThreadRead.last_read_number < Thread.post_count, unread), else_=0)


def _never_opened():
    """No marker, or one at 0: set by a bookmark or a notification level, never by reading."""
    return or_(ThreadRead.user_id.is_(None), ThreadRead.last_read_number == 0)


def _unread_conditions(reader_id):
    """The reader's threads with news: opened before (a read marker), not muted, and with a
    published post by someone else after the marker. Driven from the reader's markers (the
    primary key's first column), each checked through the partial index of published posts."""
    news = (select(Post.id).where(Post.thread_id == Thread.id,
                                  Post.number > ThreadRead.last_read_number,
                                  Post.author_id != reader_id, text(PUBLISHED_POST))
            .correlate(Thread, ThreadRead).exists())
    return (ThreadRead.user_id == reader_id, ThreadRead.last_read_number > 0,
            ThreadRead.last_read_number < Thread.post_count,
            or_(ThreadRead.notification_level.is_(None),
                ThreadRead.notification_level != NotificationLevel.MUTED),
            news)


def _rows(result) -> list[ThreadRow]:
    return [ThreadRow(thread, last_read, unread or 0) for thread, last_read, unread in result]


def encode_cursor(thread: Thread) -> str:
    micros = (thread.last_post_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{thread.id}"


def decode_cursor(cursor: str | None):
    """(last_post_at, id) from a page link, or None when absent or malformed."""
    if not cursor:
        return None
    micros, _, thread_id = cursor.partition(".")
    if not (micros.isdigit() and thread_id.isdigit()) or len(micros) > 18 or len(thread_id) > 12:
        return None
    return _EPOCH + timedelta(microseconds=int(micros)), int(thread_id)


def page_count(thread: Thread) -> int:
    return max((thread.post_count + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE, 1)


def page_of(post: Post) -> int:
    return page_of_number(post.number)


def page_of_number(number: int) -> int:
    return (number - 1) // POSTS_PER_PAGE + 1


def thread_posts(thread: Thread, page: int, viewer=None) -> list[PagePost]:
    """One page of posts by number, with their authors, as light rows (page_rows); citations
    are loaded by post_fragments for the posts it has not rendered yet. Given a `viewer`,
    posts held for review are left out unless they are the viewer's own or the viewer is a
    moderator, and each row says whether the viewer marked the post helpful (`marked`)."""
    first = (page - 1) * POSTS_PER_PAGE + 1
    params = {"thread_id": thread.id, "first": first, "last": first + POSTS_PER_PAGE - 1,
              "viewer_id": viewer.id if viewer is not None else 0}
    if viewer is not None and not is_moderator(viewer):
        statement = _page_posts_for_member()
    else:
        statement = _page_posts()
    return page_rows.page_posts(db.session.connection().execute(statement, params), thread)


@cache
def _page_posts():
    """Built once: constructing a statement costs more than running this one."""
    post, user = Post.__table__.c, User.__table__.c
    return (select(*page_rows.selected_columns()).join_from(Post.__table__, User.__table__,
                                                           user.id == post.author_id)
            .where(post.thread_id == bindparam("thread_id"),
                   post.number.between(bindparam("first"), bindparam("last")))
            .order_by(post.number))


@cache
def _page_posts_for_member():
    post = Post.__table__.c
    return _page_posts().where(or_(post.status != PostStatus.HELD,
                                   post.author_id == bindparam("viewer_id")))


def first_unread_number(viewer, thread: Thread, last_read: int | None) -> int | None:
    """The number of the first post the unread count counts (_unread_after_marker: published,
    by someone else, after `last_read`), or None when there is none: where "N unread" in a
    thread list takes the reader."""
    return db.session.execute(
        select(func.min(Post.number)).where(Post.thread_id == thread.id,
                                            Post.number > (last_read or 0),
                                            Post.author_id != viewer.id, text(PUBLISHED_POST))).scalar()


def read_marker(user, thread: Thread) -> int | None:
    return reader_state(user, thread)[0]


class ReaderState(NamedTuple):
    last_read: int | None  # the last post number read; None when never opened
    level: str  # NotificationLevel
    bookmarked: bool


def reader_state(user, thread: Thread) -> ReaderState:
    """What `user` has read of `thread`, hears of it and whether they bookmarked it: one query."""
    row = db.session.connection().execute(
        _reader_state(), {"user_id": user.id, "thread_id": thread.id}).first()
    if row is None:
        return ReaderState(None, NotificationLevel.NORMAL, False)
    return ReaderState(row.last_read_number or None, row.notification_level or NotificationLevel.NORMAL,
                       row.bookmarked_at is not None)


@cache
def _reader_state():
    return select(ThreadRead.last_read_number, ThreadRead.notification_level,
                  ThreadRead.bookmarked_at).where(
        ThreadRead.user_id == bindparam("user_id"), ThreadRead.thread_id == bindparam("thread_id"))


MEMBER_POSTS_PER_PAGE = 30


@dataclass
class MemberPostsPage:
    """One page of a member's posts, newest first, each with the start of its text; `older` is
    the cursor of the next page."""

    items: list = field(default_factory=list)  # (post, excerpt)
    older: str | None = None
    first: bool = True  # the newest page (no cursor, or one that could not be read)


def member_posts(user, viewer, before: str | None = None) -> MemberPostsPage:
    """Every post of the member's that `viewer` may read (search.visible_post_clause), newest
    first, MEMBER_POSTS_PER_PAGE a page: their activity, as a Discourse profile lists it. Paged
    by (created_at, id) along ix_post_author_id_created_at, so a page costs the same whatever
    the member wrote. One query."""
    stmt = (select(Post).where(Post.author_id == user.id, visible_post_clause(viewer))
            .order_by(Post.created_at.desc(), Post.id.desc()).limit(MEMBER_POSTS_PER_PAGE + 1)
            .options(joinedload(Post.thread).joinedload(Thread.category)))
    cursor = decode_cursor(before)
    if cursor is not None:
        moment, post_id = cursor
        stmt = stmt.where(or_(Post.created_at < moment, and_(Post.created_at == moment, Post.id < post_id)))
    posts = list(db.session.scalars(stmt))
    page = MemberPostsPage(items=[(post, excerpt(plain_text(post.body_html)))
                                  for post in posts[:MEMBER_POSTS_PER_PAGE]], first=cursor is None)
    if len(posts) > MEMBER_POSTS_PER_PAGE:
        last = posts[MEMBER_POSTS_PER_PAGE - 1]
        page.older = f"{(last.created_at - _EPOCH) // timedelta(microseconds=1)}.{last.id}"
    return page


def recent_threads(user, viewer=None) -> list[Thread]:
    """The member's latest threads; those waiting for moderator review only to themselves."""
    stmt = (select(Thread).where(Thread.author_id == user.id)
            .order_by(Thread.created_at.desc(), Thread.id.desc()).limit(PROFILE_ITEMS)
            .options(joinedload(Thread.category)))
    if viewer is None or viewer.id != user.id:
        stmt = stmt.where(Thread.id.not_in(out_of_sight_thread_ids()))
    return list(db.session.scalars(stmt))


def recent_posts(user, viewer=None) -> list[Post]:
    """The member's latest posts that `viewer` may see (search.visible_post_clause: deleted,
    held, hidden and removed ones leave the profile)."""
    return list(db.session.scalars(
        select(Post).where(Post.author_id == user.id, visible_post_clause(viewer or user))
        .order_by(Post.created_at.desc(), Post.id.desc()).limit(PROFILE_ITEMS)
        .options(joinedload(Post.thread))))


def helpful_received(user, viewer) -> int:
    """Helpful marks on the member's posts that `viewer` may see (search.visible_post_clause):
    a post removed, purged, held or deleted takes its marks out of the sum. One query."""
    return db.session.scalar(select(func.coalesce(func.sum(Post.helpful_count), 0))
                             .where(Post.author_id == user.id, visible_post_clause(viewer)))


def revisions_of(post: Post, viewer=None) -> list[PostRevision]:
    """Newest first; the versions a moderator's redaction replaced only for moderators."""
    stmt = select(PostRevision).where(PostRevision.post_id == post.id)
    if viewer is None or not is_moderator(viewer):
        stmt = stmt.where(PostRevision.moderator_only.is_(False))
    return list(db.session.scalars(stmt.order_by(PostRevision.number.desc())))

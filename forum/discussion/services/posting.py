"""Starting threads and replying: the rules, the rows, the counters, then search and
notifications, all in the caller's transaction (flush, never commit).

A draft the privacy screen flags is refused (HeldByScreen) unless its author declared it
harmless; then it is stored "held" (forum.privacy.holds): it does not count in its category,
moves no last activity, is neither indexed nor announced until a moderator approves it.

Double submission: every composer form carries a one-time `submission_key` (a random nonce
made when the form is first shown). It is stored with the post, unique per author, so a form
sent twice finds its post already there (or trips the unique constraint if both copies race)
and raises DuplicateSubmission instead of posting again. A form sent again with a fresh key
(Back after posting, then Post: the browser restores the words, the server issues a new key)
is caught by its content: the same author's identical post in the same place, moments ago.
"""
from contextlib import contextmanager
from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from forum.discussion import hooks
from forum.discussion.drafts import DuplicateSubmission, PostDraft, Problems, ThreadDraft
from forum.discussion.models import Category, Post, PostCitation, PostStatus, Thread, ThreadKind
from forum.discussion.services.composing import (PreparedPost, check_submission_key, check_title,
                                                 prepare_post)
from forum.discussion.services.quote_links import record_quotes
from forum.discussion.services.reading import mark_read
from forum.database import insert_returning_ids, loaded_after_insert
from forum.errors import InvalidState, NotAllowed
from forum.extensions import db
from forum.privacy.holds import hold_post, is_unpublished_thread
from forum.privacy.models import HoldOrigin
from forum.search.services import out_of_sight_thread_ids
from forum.security.permissions import is_member
from forum.timeutil import utcnow

REPEAT_WINDOW = timedelta(minutes=10)
REPEAT_LOOKBACK = 5  # a repeat is of one of the author's last few posts

_POST, _THREAD, _CATEGORY, _CITATION = (Post.__table__, Thread.__table__, Category.__table__,
                                         PostCitation.__table__)


# The reply path's statements are built once, parameters bound at run time: building them
# cost more CPU than SQLite took to run them. Core tables: the ORM has nothing to synchronize.
@cache
def _submitted():
    return (select(_POST.c.id).where(_POST.c.author_id == bindparam("author"),
                                     _POST.c.submission_key == bindparam("key")).limit(1))


@cache
def _recent_posts():
    """The author's newest posts, newest first, with their thread's title: read backwards
    along the (author, created_at) index, so the cost does not grow with what they wrote."""
    return (select(_POST.c.id, _POST.c.thread_id, _POST.c.number, _POST.c.body_source,
                   _POST.c.created_at, _POST.c.deleted_at, _THREAD.c.title)
            .join(_THREAD, _THREAD.c.id == _POST.c.thread_id)
            .where(_POST.c.author_id == bindparam("author"))
            .order_by(_POST.c.created_at.desc()).limit(REPEAT_LOOKBACK))


@cache
def _next_number(published: bool):
    """Take the next post number of an unlocked thread (RETURNING); a published reply (not
    held) also counts as a reply and moves the thread's last activity."""
    values = {"post_count": _THREAD.c.post_count + 1}
    if published:
        values["reply_count"] = _THREAD.c.reply_count + 1
        values["last_post_at"] = bindparam("now", type_=_THREAD.c.last_post_at.type)
    return (update(_THREAD).where(_THREAD.c.id == bindparam("thread"), _THREAD.c.locked_at.is_(None))
            .values(**values).returning(_THREAD.c.post_count, _THREAD.c.reply_count,
                                        _THREAD.c.category_id))


@cache
def _insert_post():
    return insert(_POST).returning(_POST.c.id)


@cache
def _insert_citations():
    return insert(_CITATION).returning(_CITATION.c.id, sort_by_parameter_order=True)


@cache
def _count_reply():
    """Count a published reply in its category, unless its thread is out of members' sight
    (its author and moderators may still reply there): the category counts what members see."""
    return (update(_CATEGORY).where(_CATEGORY.c.id == bindparam("category"),
                                    bindparam("thread", type_=_THREAD.c.id.type).not_in(out_of_sight_thread_ids()))
            .values(post_count=_CATEGORY.c.post_count + 1,
                    last_post_at=bindparam("now", type_=_CATEGORY.c.last_post_at.type)))


def preview_thread(actor, draft: ThreadDraft):
    """(PreparedPost, problems) for the Preview button: checks everything, stores nothing."""
    problems = Problems()
    _, title = _check_thread_fields(draft, problems)
    prepared = prepare_post(draft.post, problems, clinical=draft.kind == ThreadKind.CLINICAL,
                            opening=True, title=title)
    return prepared, problems


def create_thread(actor, draft: ThreadDraft) -> Thread:
    """Start a thread with its opening post.

    Raises InvalidDraft (every field problem at once; HeldByScreen, 422, when the privacy
    screen flagged the title or body), InvalidState (archived category, 409),
    DuplicateSubmission (409) or NotAllowed. Updates the category counters, marks the thread
    read for its author, indexes the post and sends notifications; a declared draft is held
    instead (audit `post.hold`). Flushes, never commits.
    """
    _require_member(actor)
    problems = Problems()
    category, title = _check_thread_fields(draft, problems)
    prepared = prepare_post(draft.post, problems, clinical=draft.kind == ThreadKind.CLINICAL,
                            opening=True, title=title)
    check_submission_key(draft.post.submission_key, problems)
    problems.raise_if_any()
    _ensure_first_submission(actor, draft.post.submission_key)
    now = utcnow()
    _ensure_not_repeated(actor, prepared, now, title=title)
    thread = Thread(category=category, author=actor, title=title, kind=draft.kind,
                    created_at=now, last_post_at=now, post_count=1, reply_count=0)
    post = _new_post(thread, actor, 1, prepared, draft.post.submission_key, now)
    db.session.add_all([thread, post])
    _flush_new_post()
    record_quotes(post.id, prepared.rendered.all_quoted_ids)
    mark_read(actor, thread, 1)
    if prepared.is_held:
        hold_post(post, prepared.findings, prepared.hold_explanation, origin=HoldOrigin.THREAD)
        return thread
    db.session.execute(
        update(Category).where(Category.id == category.id)
        .values(thread_count=Category.thread_count + 1, post_count=Category.post_count + 1,
                last_post_at=now)
        .execution_options(synchronize_session=False))
    db.session.expire(category, ["thread_count", "post_count", "last_post_at"])
    hooks.post_created(post, prepared.rendered.mentioned_users, prepared.rendered.quoted_post_ids)
    return thread


def preview_reply(actor, thread: Thread, draft: PostDraft):
    problems = Problems()
    prepared = prepare_post(draft, problems, clinical=thread.is_clinical, opening=False)
    return prepared, problems


def create_reply(actor, thread: Thread, draft: PostDraft, *, unpublished: bool | None = None) -> Post:
    """Add a reply to `thread`.

    Raises InvalidState (locked thread, archived category, thread held for review: 409),
    InvalidDraft (HeldByScreen, 422, on privacy findings), DuplicateSubmission or NotAllowed.
    The post number comes from an atomic counter update, so concurrent replies never collide.
    A declared draft is held: numbered, but it moves no last activity and counts nowhere else
    until approved, when it takes a new number (forum.discussion.services.counters); audit
    `post.hold`. Flushes, never commits.

    `unpublished`: whether the thread waits for its first moderator review, when the caller
    already asked (queries.get_readable_thread_or_404 does, in this transaction); None asks.
    """
    _require_member(actor)
    _ensure_open(thread, unpublished)
    problems = Problems()
    prepared = prepare_post(draft, problems, clinical=thread.is_clinical, opening=False)
    check_submission_key(draft.submission_key, problems)
    problems.raise_if_any()
    _ensure_first_submission(actor, draft.submission_key)
    now = utcnow()
    _ensure_not_repeated(actor, prepared, now, thread=thread)
    published = not prepared.is_held
    counted = db.session.execute(_next_number(published), {"thread": thread.id, "now": now}).first()
    if counted is None:
        raise InvalidState("This thread was locked: it takes no new replies.")
    # The category as the counter update found it (the row is ours until commit): a moderator
    # may have moved the thread since this request loaded it.
    number, replies, category_id = counted
    set_committed_value(thread, "post_count", number)
    set_committed_value(thread, "reply_count", replies)
    if published:
        set_committed_value(thread, "last_post_at", now)
    post = _store_reply(thread, actor, number, prepared, draft.submission_key, now)
    record_quotes(post.id, prepared.rendered.all_quoted_ids)
    if prepared.is_held:
        mark_read(actor, thread, number)
        hold_post(post, prepared.findings, prepared.hold_explanation, origin=HoldOrigin.REPLY)
        return post
    if category_id != thread.category_id:
        db.session.expire(thread, ["category_id", "category"])
    db.session.execute(_count_reply(), {"category": category_id, "thread": thread.id, "now": now})
    db.session.expire(thread.category, ["post_count", "last_post_at"])
    mark_read(actor, thread, number)
    hooks.post_created(post, prepared.rendered.mentioned_users, prepared.rendered.quoted_post_ids)
    return post


def _check_thread_fields(draft: ThreadDraft, problems: Problems):
    """(category, title); adds problems; raises InvalidState for an archived category."""
    title = check_title(draft.title, problems)
    if draft.kind not in ThreadKind.ALL:
        problems.add("kind", "Choose “Clinical case” or “General discussion”.")
    category = db.session.get(Category, draft.category_id) if draft.category_id else None
    if category is None:
        problems.add("category", "Choose a category from the list."
                     if not draft.category_id else "That category does not exist.")
    elif category.is_archived:
        raise InvalidState(f"“{category.name}” is archived: it is read-only and takes no new threads.",
                           field="category")
    return category, title


def _ensure_open(thread: Thread, unpublished: bool | None = None):
    if thread.category.is_archived:
        raise InvalidState(f"“{thread.category.name}” is archived: it is read-only.")
    if thread.is_locked:
        raise InvalidState("This thread is locked: it takes no new replies.")
    if unpublished is None:
        unpublished = is_unpublished_thread(thread)
    if unpublished:
        raise InvalidState("This thread is waiting for moderator review: it takes replies once "
                           "it is published.")


def _require_member(actor):
    if not is_member(actor):
        raise NotAllowed("Only verified members can post.")


def _ensure_first_submission(actor, key):
    if db.session.execute(_submitted(), {"author": actor.id, "key": key}).first() is not None:
        raise DuplicateSubmission()


def _ensure_not_repeated(actor, prepared: PreparedPost, now, *, thread=None, title=None):
    """Refuse the author's own words again, in the same place, within REPEAT_WINDOW: a reply
    in the same thread, or an opening post under the same title."""
    since = now - REPEAT_WINDOW
    for row in db.session.execute(_recent_posts(), {"author": actor.id}):
        if row.created_at < since:
            break
        same_place = (row.thread_id == thread.id if thread is not None
                      else row.number == 1 and row.title == title)
        if same_place and row.deleted_at is None and row.body_source == prepared.source:
            raise DuplicateSubmission(post_id=row.id)


@contextmanager
def _one_post_per_key():
    """The INSERT inside tripped the unique (author, submission_key) constraint: the same form
    was sent twice at once. DuplicateSubmission instead."""
    try:
        yield
    except IntegrityError as exc:
        if "submission_key" in str(exc.orig):
            raise DuplicateSubmission() from exc
        raise


def _flush_new_post():
    with _one_post_per_key():
        db.session.flush()


def _store_reply(thread, author, number, prepared: PreparedPost, submission_key, now) -> Post:
    """INSERT the reply and its citations and return the post, persistent and loaded.

    Plain INSERTs rather than a session flush: the unit of work cost several times what the
    statements do on this path. Raises DuplicateSubmission when the key was used meanwhile.
    """
    values = {"thread_id": thread.id, "author_id": author.id, "number": number,
              "body_source": prepared.source, "body_html": prepared.html, "created_at": now,
              "edited_at": None, "deleted_at": None, "status": PostStatus.VISIBLE,
              "disclosure": prepared.disclosure, "submission_key": submission_key,
              "removal_category": None, "redacted_at": None}
    with _one_post_per_key():
        post_id = db.session.execute(_insert_post(), values).scalar_one()
    rows = [{"post_id": post_id, "position": i, "kind": c.kind, "value": c.value, "note": c.note}
            for i, c in enumerate(prepared.citations)]
    ids = insert_returning_ids(_insert_citations(), rows)
    post = loaded_after_insert(Post, id=post_id, **values)
    set_committed_value(post, "thread", thread)
    set_committed_value(post, "author", author)
    set_committed_value(post, "citations", [loaded_after_insert(PostCitation, id=citation_id, **row)
                                            for citation_id, row in zip(ids, rows)])
    return post


def _new_post(thread, author, number, prepared: PreparedPost, submission_key, now) -> Post:
    return Post(
        thread=thread, author=author, number=number, body_source=prepared.source,
        body_html=prepared.html, created_at=now, disclosure=prepared.disclosure,
        submission_key=submission_key,
        citations=[PostCitation(position=i, kind=c.kind, value=c.value, note=c.note)
                   for i, c in enumerate(prepared.citations)],
    )

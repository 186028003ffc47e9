"""Saved drafts: a case write-up can be an hour's work, and a closed tab, a crash or a ward
round should not cost it. The composer saves what is typed (its "Save draft" button, or the
page's script every few seconds) and offers it back when the member opens the same composer
again; posting or discarding removes it.

Edits keep drafts too, one per post ("edit:<post id>"): a draft the same as the post is no
draft, and one written against an earlier version of the post (the post was saved, or a
moderator redacted it, since the editor was opened) is dropped rather than offered over it.

A draft is the member's own unscreened text, possibly naming a patient: only its author ever
sees it, it is deleted when posted, discarded or DRAFT_DAYS old, with the account, and (an
edit's) when its post is deleted or purged. A purge also cuts the quotes of the purged post out
of every member's drafts (strip_quotes_of), and a draft saved later (a composer opened before
the purge) keeps a note in their place instead of the text.
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Text, cast, delete, select
from werkzeug.datastructures import MultiDict

from forum.database import lock_for_update
from forum.discussion.models import Post, SavedDraft, Thread
from forum.discussion.rendering import POST_PATH, shown_source, withhold_purged_quotes, withhold_quotes
from forum.extensions import db
from forum.text import excerpt
from forum.timeutil import utcnow

DRAFT_DAYS = 30
# Never kept: the request's machinery, and the privacy declaration, which must be made at the
# moment of posting, not restored from a draft.
# base_version: the edit form's, set afresh when a draft is offered back (see composer_views).
_NOT_KEPT = frozenset(("csrf_token", "submission_key", "action", "privacy_declared",
                       "privacy_explanation", "base_version"))
# A composer's fields (title, body, case template, 20 citations, 10 relationships) fit in these.
MAX_FIELDS = 80
MAX_CHARACTERS = 60_000


class DraftTooLarge(Exception):
    """More than a composer can hold: not a draft."""


def new_thread_place() -> str:
    return "thread"


def reply_place(thread_id: int) -> str:
    return f"reply:{thread_id}"


def edit_place(post_id: int) -> str:
    return f"edit:{post_id}"


# The edit composer's hidden field naming the version of the post it was opened on.
EDIT_VERSION_FIELD = "edit_version"


def edit_fields(post: Post) -> list[list[str]]:
    """The post as the edit composer shows it, as [name, value] pairs: what a draft of an edit
    is compared with."""
    fields = [["title", post.thread.title]] if post.is_opening else []  # the opening post retitles
    fields.append(["body", shown_source(post.body_source)])
    for index, citation in enumerate(post.citations):
        fields += [[f"citations-{index}-value", citation.value], [f"citations-{index}-note", citation.note]]
    return fields


def edit_version(post: Post) -> str:
    """A short fingerprint of the post as the edit composer shows it: it changes whenever the
    post is saved with other words, citations or (the opening post) title, or redacted."""
    text = json.dumps(sorted(_comparable(edit_fields(post)).items()))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _kept_fields(items) -> list[list[str]]:
    fields, size = [], 0
    for name, value in items:
        if name in _NOT_KEPT:
            continue
        size += len(name) + len(value)
        fields.append([name, value])
    if len(fields) > MAX_FIELDS or size > MAX_CHARACTERS:
        raise DraftTooLarge(f"A draft holds at most {MAX_FIELDS} fields and {MAX_CHARACTERS:,} characters.")
    values = withhold_purged_quotes([value for _, value in fields])
    return [[name, value] for (name, _), value in zip(fields, values)]


def _has_writing(fields) -> bool:
    """Anything typed beyond the choices and the disclosure the composer pre-fills."""
    return any(value.strip() for name, value in fields
               if name in ("title", "body", "case-presentation", "case-question")
               or name.startswith("citations-"))


def save(user, place: str, items, submission_key: str | None = None, *,
         unchanged: list[list[str]] | None = None) -> bool:
    """Keep the composer's fields (name, value pairs, e.g. request.form.items(multi=True)) as
    `user`'s draft for `place`. A composer with nothing written in it, whose words were
    posted already (`submission_key`, the composer's one-time key), or (an edit) the same as
    the post it edits (`unchanged`: edit_fields of the post) removes the draft instead.
    Returns whether a draft is kept. Raises DraftTooLarge. Flushes, never commits."""
    fields = _kept_fields(items)
    # The page's script and the Save button (or two tabs) may save the same draft at once: the
    # member's row serialises them, so the second finds the first's draft instead of inserting
    # a duplicate (or updating one just deleted): either was a server error.
    lock_for_update(user)
    if _posted(user, submission_key) or (unchanged is not None and _comparable(fields) == _comparable(unchanged)):
        fields = []
    existing = db.session.get(SavedDraft, (user.id, place), populate_existing=True)
    if not _has_writing(fields):
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return False
    if existing is None:
        db.session.add(SavedDraft(user_id=user.id, place=place, fields=fields,
                                  submission_key=submission_key, updated_at=utcnow()))
    else:
        existing.fields, existing.submission_key, existing.updated_at = fields, submission_key, utcnow()
    _forget_old(user)
    db.session.flush()
    return True


def load(user, place: str) -> SavedDraft | None:
    """`user`'s draft for `place`, unless it is older than DRAFT_DAYS."""
    draft = db.session.get(SavedDraft, (user.id, place))
    if draft is None or draft.updated_at < utcnow() - timedelta(days=DRAFT_DAYS):
        return None
    return draft


def drop_if_posted(user, draft: SavedDraft) -> bool:
    """Delete `draft` if its words were posted already: a save sent by the page's script just
    as its author pressed Post can be committed after the post removed the draft. Flushes."""
    if not _posted(user, draft.submission_key):
        return False
    db.session.delete(draft)
    db.session.flush()
    return True


def load_edit(user, post: Post) -> SavedDraft | None:
    """`user`'s draft of an edit of `post`, unless it was written against another version of
    the post (its edit_version differs: it is deleted) or is older than DRAFT_DAYS. Flushes."""
    draft = load(user, edit_place(post.id))
    if draft is None:
        return None
    if _comparable(draft.fields, keep_version=True).get(EDIT_VERSION_FIELD) != edit_version(post):
        db.session.delete(draft)
        db.session.flush()
        return None
    return draft


def forget_edits_of(post: Post) -> None:
    """Delete every draft of an edit of `post` (it was deleted or purged). Flushes."""
    db.session.execute(delete(SavedDraft).where(SavedDraft.place == edit_place(post.id)))


EXCERPT_CHARACTERS = 160


@dataclass(frozen=True)
class DraftEntry:
    """One line of the member's drafts page: what the draft is for and where to go on with it.
    `thread` is None for a new thread's draft and for a thread that is gone; `post_number` is
    set for an edit's draft."""

    place: str
    kind: str  # "thread", "reply" or "edit"
    updated_at: datetime
    title: str  # a new thread's own title (may be empty), else the thread's
    excerpt: str
    thread: Thread | None = None
    post_id: int | None = None
    post_number: int | None = None

    @property
    def is_orphan(self) -> bool:
        """A reply or edit whose thread or post no longer exists: only discarding is left."""
        return self.kind != "thread" and self.thread is None


def drafts_of(user) -> list[DraftEntry]:
    """The member's saved drafts, most recently saved first, each with the thread (or post) it
    belongs to: two or three queries however many drafts. Drafts past DRAFT_DAYS are not
    listed (they are deleted on the member's next save). Reads only."""
    drafts = list(db.session.scalars(
        select(SavedDraft).where(SavedDraft.user_id == user.id,
                                 SavedDraft.updated_at >= utcnow() - timedelta(days=DRAFT_DAYS))
        .order_by(SavedDraft.updated_at.desc(), SavedDraft.place)))
    places = [(draft, *_parse_place(draft.place)) for draft in drafts]
    post_ids = [target for _, kind, target in places if kind == "edit"]
    posts = {row.id: row for row in db.session.execute(
        select(Post.id, Post.number, Post.thread_id).where(Post.id.in_(post_ids)))} if post_ids else {}
    thread_ids = {target for _, kind, target in places if kind == "reply"}
    thread_ids |= {post.thread_id for post in posts.values()}
    threads = {thread.id: thread for thread in db.session.scalars(
        select(Thread).where(Thread.id.in_(thread_ids)))} if thread_ids else {}
    entries = []
    for draft, kind, target in places:
        if kind is None:
            continue
        fields = dict(_comparable(draft.fields))
        post = posts.get(target) if kind == "edit" else None
        thread = threads.get(post.thread_id if post else target) if kind != "thread" else None
        title = fields.get("title", "") if kind == "thread" else (thread.title if thread else "")
        entries.append(DraftEntry(
            place=draft.place, kind=kind, updated_at=draft.updated_at, title=title,
            excerpt=excerpt(fields.get("body", ""), EXCERPT_CHARACTERS), thread=thread,
            post_id=target if kind == "edit" else None, post_number=post.number if post else None))
    return entries


def _parse_place(place: str):
    """("thread", None), ("reply", thread id), ("edit", post id); (None, None) if unknown."""
    if place == new_thread_place():
        return "thread", None
    kind, _, target = place.partition(":")
    if kind in ("reply", "edit") and target.isdigit():
        return kind, int(target)
    return None, None


def is_draft_place(place: str) -> bool:
    """Is `place` the name of a composer's draft (what the drafts page may discard)?"""
    return len(place or "") <= 40 and _parse_place(place)[0] is not None


def strip_quotes_of(post: Post, note: str) -> int:
    """Cut every quote of `post` (its marker line and the quoted lines under it) out of every
    member's drafts, of any place, `note` in its place: for a purge, which must leave the
    post's text nowhere. The drafts' owners are not told and their drafts keep their age.
    Returns how many drafts changed. Flushes, never commits."""
    link = f"]({POST_PATH.format(post_id=post.id)})"
    changed = 0
    for draft in db.session.scalars(select(SavedDraft).where(
            cast(SavedDraft.fields, Text).contains(link, autoescape=True))):
        fields = [[name, withhold_quotes(value.replace("\r\n", "\n"), [post.id], note) if link in value else value]
                  for name, value in draft.fields]
        if fields != draft.fields:
            draft.fields = fields
            changed += 1
    db.session.flush()
    return changed


def form_data(draft: SavedDraft) -> MultiDict:
    """The draft as form data a composer form is built from."""
    return MultiDict([tuple(pair) for pair in draft.fields])


def discard(user, place: str) -> None:
    """Flushes, never commits; nothing to discard is no error."""
    db.session.execute(delete(SavedDraft).where(SavedDraft.user_id == user.id, SavedDraft.place == place))


def _comparable(fields, *, keep_version=False) -> dict[str, str]:
    """{name: value} without blank values (an empty citation row) or line-ending differences
    (browsers send CRLF), and without the edit's version unless asked."""
    return {name: value.replace("\r\n", "\n").strip() for name, value in fields
            if value.strip() and (keep_version or name != EDIT_VERSION_FIELD)}


def _posted(user, submission_key: str | None) -> bool:
    return bool(submission_key) and db.session.scalar(
        select(Post.id).where(Post.author_id == user.id, Post.submission_key == submission_key)) is not None


def _forget_old(user) -> None:
    db.session.execute(delete(SavedDraft).where(
        SavedDraft.user_id == user.id, SavedDraft.updated_at < utcnow() - timedelta(days=DRAFT_DAYS)))

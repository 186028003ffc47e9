"""Quoted copies of a post in other posts. A quote-reply copies the quoted text into the
quoting post's source, and its HTML is rendered at write time, so an action that takes a post
out of sight must reach the posts that quote it as well:

- hiding, removal, and showing a post again (dismissed report, restore, granted appeal) are
  reversible: the quoting posts keep their source and are rendered again, and rendering
  (forum.discussion.rendering.render_body) puts a note in place of a quote of a post a
  moderator took out of sight, so the quotes come back with the post;
- purge and redaction are not: the quoted text is cut out of the quoting posts' sources and
  their revisions for good, a note in its place.

Either way the quoting posts' search entries are rewritten.

Where to look: every post records the posts it quotes as it is written (PostQuote, by
forum.discussion.services.quote_links), so the quoting posts of any thread are found through an
index; reading every post's text took 11 s on a million posts, under SQLite's write lock, for
any member's privacy report. Purge, whose promise is that the text is gone everywhere, also
reads every post's text, for a quote written before the links were kept.
"""
from sqlalchemy import select

from forum.database import lock_for_update
from forum.discussion.models import Post, PostQuote, PostRevision
from forum.discussion.rendering import POST_PATH, QUOTE_PURGED, render_body, withhold_quotes
from forum.extensions import db
from forum.search.services import index_post

PURGED_NOTE = QUOTE_PURGED
REDACTED_NOTE = "[A quoted passage was redacted by a moderator.]"


def refresh_quotes(post: Post) -> list[int]:
    """Render again every post (and revision) that quotes `post`, from its unchanged source,
    after `post` was hidden, removed or shown again; re-index those posts. Returns their ids."""
    changed = []
    for other in _quoting(Post, post, everywhere=False):
        html = render_body(other.body_source).html
        if html != other.body_html:
            other.body_html = html
            changed.append(other)
    for revision in _quoting(PostRevision, post, everywhere=False):
        revision.body_html = render_body(revision.body_source).html
    return _reindex(changed)


def lock_quoting_posts(post: Post) -> list[Post]:
    """Every other post whose text quotes `post` (read from every post's text, as a purge
    does), held with its thread until the transaction ends (forum.database.lock_for_update):
    threads first, then posts, each in id order. A purge takes them before its first audit
    entry: a moderator acting on one of them at that moment holds it and then waits for the
    audit log's lock, so the purge must not hold that lock while it waits for the post (a
    deadlock on PostgreSQL). Returns the posts, for strip_quotes."""
    others = _quoting(Post, post, everywhere=True)
    threads = sorted({other.thread for other in others}, key=lambda thread: thread.id)
    lock_for_update(*threads, *others)
    return others


def strip_quotes(post: Post, note: str, *, everywhere: bool = False, quoting: list[Post] | None = None) -> list[int]:
    """Cut every quote of `post` (its marker line and the quoted lines under it) out of the
    sources of other posts and their revisions for good, `note` in its place; render and
    re-index those posts. Returns their ids. For a purge (`everywhere`: reading every post, or
    `quoting`, the posts lock_quoting_posts found) or a redaction (the recorded quoting posts)."""
    changed = []
    for other in _quoting(Post, post, everywhere) if quoting is None else quoting:
        source = withhold_quotes(other.body_source, [post.id], note)
        if source != other.body_source:
            other.body_source = source
            other.body_html = render_body(source).html
            changed.append(other)
    for revision in _quoting(PostRevision, post, everywhere):
        source = withhold_quotes(revision.body_source, [post.id], note)
        if source != revision.body_source:
            revision.body_source = source
            revision.body_html = render_body(source).html
    return _reindex(changed)


def _quoting(model, post: Post, everywhere: bool) -> list:
    """Rows of `model` (Post or PostRevision) other than `post`'s own whose source links to it:
    among the posts recorded as quoting it, or among all (see the module docstring)."""
    link = f"]({POST_PATH.format(post_id=post.id)})"
    owner = model.id if model is Post else model.post_id
    statement = select(model).where(model.body_source.contains(link, autoescape=True), owner != post.id)
    if not everywhere:
        statement = statement.where(owner.in_(
            select(PostQuote.quoting_post_id).where(PostQuote.quoted_post_id == post.id)))
    return list(db.session.scalars(statement.order_by(model.id)))


def _reindex(changed: list[Post]) -> list[int]:
    db.session.flush()
    for other in changed:
        index_post(other)
    return [other.id for other in changed]

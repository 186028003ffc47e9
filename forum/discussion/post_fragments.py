"""Each post's <article> on a thread page, rendered once and kept in a bounded cache in each
worker: a thread is read far more often than it changes, and rendering every post (author
block, disclosure, body, evidence, links) was most of a thread page's cost.

What differs between readers is decided here, with the access predicates (forum.security.permissions), before the cache
is asked: which action links the reader gets, whether the post is new to them, whether they see
a held post's banner, whether they marked it helpful. Those answers (a PostView) are part of
the key, so a reader is only ever served an article rendered for the same answers. An article
holds no CSRF token (it is per session): its Helpful and answer buttons submit the page's one
`post-action-form` (thread.html) through the button's `form` and `formaction` attributes.

Keys are content-addressed, so there is nothing to invalidate and no worker or host can serve a
stale article: the post's id and creation time (an id can come back after a restore), its edit
and redaction times (an edit is the only way citations change), its stored HTML, its
disclosure snapshot, its helpful count, its thread's kind and accepted answer (answer_key), and
every author field the author block shows. An article for a post that changed is never found
again and ages out of the LRU. Posts members
may not read (deleted, removed, hidden, purged) are tombstones, rendered by the template.
"""
from typing import NamedTuple

from flask import current_app, get_template_attribute
from markupsafe import Markup
from sqlalchemy import select

from forum.discussion.models import PostCitation
from forum.extensions import db
from forum.lru import LruCache
from forum.security import permissions

_EXTENSION = "curbside.post_fragments"
_MACROS = "discussion/_post_parts.html"


class PostView(NamedTuple):
    """The reader's side of an article: the access predicates' answers for this reader and post."""
    quote: bool
    edit: bool
    delete: bool
    revisions: bool
    report: bool
    moderate: bool
    held_banner: str | None  # "own", "other" or None
    is_new: bool
    # The Helpful button: "marked" (this reader marked it), "unmarked", or None (no button:
    # the reader's own post, or one not published). The count is the post's, in post_key.
    helpful: str | None = None
    # The answer control: "accept" or "unmark" (the case's author), "moderate" or
    # "moderate_unmark" (a link to the thread's moderation page), or None. Whether a post is the answer is in answer_key.
    answer: str | None = None


def _cache() -> LruCache:
    cache = current_app.extensions.get(_EXTENSION)
    if cache is None:
        cache = current_app.extensions[_EXTENSION] = LruCache(
            current_app.config["POST_FRAGMENT_CACHE_SIZE"])
    return cache


def post_key(post, clinical: bool):
    author = post.author
    return (post.id, post.created_at, post.edited_at, post.redacted_at, clinical,
            repr(post.disclosure), post.body_html, post.helpful_count,
            author.id, author.handle, author.full_name, author.role, author.state,
            author.registry_code, author.specialty, author.jurisdiction, author.verified_at)


def answer_key(post, thread):
    """What the article shows of the case's accepted answer (the same for every reader): on the
    opening post ("opening", the answer's id, number, author's name), on the answer "answer",
    else None."""
    answer = thread.answer_post
    if answer is None:
        return None
    if post.number == 1:
        return ("opening", answer.id, answer.number, answer.author.full_name)
    return ("answer",) if post.id == answer.id else None


def _answer_control(viewer, post, thread):
    if not thread.is_clinical or post.number == 1 or not post.is_visible:
        return None
    if permissions.can_accept_answer(viewer, post):
        return "unmark" if thread.answer_post_id == post.id else "accept"
    if permissions.can_moderate_answer(viewer, thread):
        return "moderate_unmark" if thread.answer_post_id == post.id else "moderate"
    return None


def reader_view(viewer, post, last_read) -> PostView | None:
    """What `viewer` gets for `post`, or None when it is a tombstone to them."""
    held = post.is_held and permissions.can_view_held_post(viewer, post)
    if not (post.is_visible or held):
        return None
    return PostView(
        quote=permissions.can_quote(viewer, post), edit=permissions.can_edit_post(viewer, post),
        delete=permissions.can_delete_post(viewer, post),
        revisions=bool(post.edited_at) and permissions.can_view_revisions(viewer, post),
        report=permissions.can_report(viewer, post), moderate=permissions.is_moderator(viewer),
        held_banner=("own" if post.author_id == viewer.id else "other") if held else None,
        is_new=last_read is not None and post.number > last_read and post.author_id != viewer.id,
        helpful=(("marked" if post.marked else "unmarked")
                 if permissions.can_mark_helpful(viewer, post) else None),
        answer=_answer_control(viewer, post, post.thread))


def articles_for(viewer, thread, posts, last_read) -> list[Markup | None]:
    """The article of each post in `posts` (page_rows.PagePost, whose `thread` is `thread`),
    None for a tombstone. `viewer` is the user itself, not Flask-Login's proxy: the access
    predicates run about 100 times a page. Posts not in the cache get their citations in one query."""
    cache = _cache()
    clinical = thread.is_clinical
    articles, missing = [], []
    for index, post in enumerate(posts):
        view = reader_view(viewer, post, last_read)
        if view is None:
            articles.append(None)
            continue
        answer = answer_key(post, thread)
        key = (post_key(post, clinical), answer, view)
        article = cache.get(key)
        if article is None:
            missing.append((index, post, view, key, answer))
        articles.append(article)
    if missing:
        _load_citations([post for _, post, _, _, _ in missing])
        render = get_template_attribute(_MACROS, "post_article")
        for index, post, view, key, answer in missing:
            article = articles[index] = Markup(render(post, clinical, view, answer))
            cache.put(key, article)
    return articles


def _load_citations(posts):
    """Every citation of `posts` (page_rows.PagePost) in one query, as rows with the model's
    names (kind, value, note)."""
    by_post = {post.id: [] for post in posts}
    table = PostCitation.__table__
    for citation in db.session.connection().execute(
            select(table.c.post_id, table.c.kind, table.c.value, table.c.note)
            .where(table.c.post_id.in_(list(by_post)))
            .order_by(table.c.post_id, table.c.position)):
        by_post[citation.post_id].append(citation)
    for post in posts:
        post.citations = by_post[post.id]

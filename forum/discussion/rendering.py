"""A post's source to stored HTML: resolve @mentions (one query), find quoted posts, and hand
the text to forum.security.sanitize, the only producer of HTML."""
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from forum.auth.models import AccountState, User
from forum.database import as_id
from forum.discussion.models import Post, PostStatus
from forum.extensions import db
from forum.security import sanitize

# Stored HTML holds these paths; the routes in views.py answer them.
PROFILE_PATH = "/members/{handle}"
POST_PATH = "/posts/{post_id}"

# A quote-reply starts its blockquote with a marker line linking to the quoted post.
_QUOTE_MARKER_RE = re.compile(r"^>[ \t]*\[[^\]\n]*\]\(/posts/(\d+)\)", re.MULTILINE)
MAX_QUOTED = 20


@dataclass
class RenderedBody:
    html: str
    mentioned_users: list = field(default_factory=list)
    quoted_post_ids: list[int] = field(default_factory=list)


def render_body(source: str) -> RenderedBody:
    """Render `source`; at most one query for mentions and one for quotes."""
    mentions = resolve_mentions(sanitize.mention_candidates(source))
    rendered = sanitize.render_markdown(
        source, {handle: PROFILE_PATH.format(handle=handle) for handle in mentions})
    users = [mentions[handle] for handle in sorted(rendered.mentioned)]
    return RenderedBody(html=rendered.html, mentioned_users=users,
                        quoted_post_ids=quoted_post_ids(source))


def resolve_mentions(handles: set[str]) -> dict:
    """{handle: User} for the handles of verified members, in one query."""
    if not handles:
        return {}
    users = db.session.scalars(
        select(User).where(User.handle.in_(sorted(handles)[:50]), User.state == AccountState.VERIFIED)
    )
    return {user.handle.lower(): user for user in users}


def quoted_post_ids(source: str) -> list[int]:
    """Ids of the visible posts that the source quotes through a quote marker, in order."""
    ids = list(dict.fromkeys(int(m.group(1)) for m in _QUOTE_MARKER_RE.finditer(source or "")))
    ids = [i for i in ids if as_id(i)][:MAX_QUOTED]
    if not ids:
        return []
    existing = set(db.session.scalars(
        select(Post.id).where(Post.id.in_(ids), Post.deleted_at.is_(None),
                              Post.status == PostStatus.VISIBLE)
    ))
    return [i for i in ids if i in existing]


def quote_source(post) -> str:
    """The Markdown a quote-reply starts with: a marker linking to the post, then its text."""
    marker = f"> [@{post.author.handle} wrote in post #{post.number}]({POST_PATH.format(post_id=post.id)})"
    lines = [marker, ">"] + [f"> {line}" if line else ">" for line in post.body_source.splitlines()]
    return "\n".join(lines) + "\n\n"

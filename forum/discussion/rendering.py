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
from forum.security.permissions import is_member

# Stored HTML holds these paths; the routes in views.py answer them.
PROFILE_PATH = "/members/{handle}"
POST_PATH = "/posts/{post_id}"

# A quote-reply starts its blockquote with a marker line linking to the quoted post.
_QUOTE_MARKER_RE = re.compile(r"^>[ \t]*\[[^\]\n]*\]\(/posts/(\d+)\)", re.MULTILINE)
# The same marker at any depth (a quote of a post that itself quoted another): its ">" prefix.
_ANY_QUOTE_MARKER_RE = re.compile(r"^((?:>[ \t]*)+)\[[^\]\n]*\]\(/posts/(\d+)\)[^\n]*$", re.MULTILINE)
_QUOTE_PREFIX_RE = re.compile(r"^(?:>[ \t]*)*")
MAX_QUOTED = 20
# Members one post may mention (Discourse's max_mentions_per_post): composing refuses more.
MAX_MENTIONS = 50
# Different @names, outside code, looked up for one post (an IN list): past it, refused too.
MAX_MENTION_NAMES = 500
# Posts a moderator took out of sight (hidden by a privacy report, removed, purged): a post
# that quotes one shows this note in place of the quote, until the post is shown again.
WITHHELD_STATUSES = (PostStatus.HIDDEN, PostStatus.REMOVED, PostStatus.PURGED)
QUOTE_WITHHELD = "[Quoted post hidden by a moderator.]"
# A purge cuts the quotes of the purged post out for good (posts, revisions, drafts): this note
# stays in their place. It names neither the post nor its author.
QUOTE_PURGED = "[A quoted post was removed for patient privacy.]"


@dataclass
class RenderedBody:
    html: str
    mentioned_users: list = field(default_factory=list)
    quoted_post_ids: list[int] = field(default_factory=list)
    # Every existing post the source quotes, at any depth and whatever its status (PostQuote).
    all_quoted_ids: frozenset[int] = frozenset()
    # Different @names written outside code (looked up only up to MAX_MENTION_NAMES).
    mention_names: int = 0
    # Quotes or lists nested too deeply to show all of the text (sanitize.Rendered.too_deep).
    too_deep: bool = False

    @property
    def mention_problem(self) -> str | None:
        """Why the post mentions too many members for composing to accept it, or None."""
        if self.mention_names > MAX_MENTION_NAMES:
            return (f"Your post has {self.mention_names} different @names; a post may mention at "
                    f"most {MAX_MENTIONS} members.")
        if len(self.mentioned_users) > MAX_MENTIONS:
            return (f"Your post mentions {len(self.mentioned_users)} members; a post may mention at "
                    f"most {MAX_MENTIONS}. Mention fewer, or start a thread they can follow.")
        return None


def shown_source(source: str) -> str:
    """`source` as members may read it again: each quote of a post a moderator took out of
    sight replaced by the note. The composer starts from this (editing one's own post, quoting
    someone's), so the text of a hidden post does not come back through a quote of it."""
    _, withheld, _ = _quoted_posts(source)
    return withhold_quotes(source, withheld, QUOTE_WITHHELD) if withheld else source


def withhold_purged_quotes(texts: list[str]) -> list[str]:
    """`texts` with each quote of a purged post cut out, QUOTE_PURGED in its place: what a
    draft may keep of a quote (a composer opened before the purge still holds the text). One
    query for all of them, none without quotes."""
    ids = {int(m.group(2)) for text in texts for m in _ANY_QUOTE_MARKER_RE.finditer(text or "")}
    ids = sorted(i for i in ids if as_id(i))
    if not ids:
        return list(texts)
    purged = set(db.session.scalars(select(Post.id).where(Post.id.in_(ids), Post.status == PostStatus.PURGED)))
    if not purged:
        return list(texts)
    return [withhold_quotes(text.replace("\r\n", "\n"), purged, QUOTE_PURGED)
            if _quotes_any(text, purged) else text for text in texts]


def _quotes_any(text: str, post_ids: set[int]) -> bool:
    return any(int(m.group(2)) in post_ids for m in _ANY_QUOTE_MARKER_RE.finditer(text or ""))


def render_body(source: str) -> RenderedBody:
    """Render `source`; at most one query for mentions and one for quotes. Quotes of posts a
    moderator took out of sight (WITHHELD_STATUSES) are rendered as a short note instead, so
    their text is not shown, nor indexed, through the posts that quote them."""
    visible, withheld, existing = _quoted_posts(source)
    shown = withhold_quotes(source, withheld, QUOTE_WITHHELD) if withheld else source
    names = sanitize.mention_candidates(shown)
    mentions = resolve_mentions(sorted(names)[:MAX_MENTION_NAMES])
    rendered = sanitize.render_markdown(
        shown, {handle: PROFILE_PATH.format(handle=handle) for handle in mentions})
    users = [mentions[handle] for handle in sorted(rendered.mentioned)]
    return RenderedBody(html=rendered.html, mentioned_users=users,
                        quoted_post_ids=_top_level_quotes(source, visible),
                        all_quoted_ids=frozenset(existing), mention_names=len(names),
                        too_deep=rendered.too_deep)


def resolve_mentions(handles) -> dict:
    """{handle: User} for the handles of members (permissions.is_member: verified, or a
    suspension that has ended, whether or not they have logged in since), in one query."""
    if not handles:
        return {}
    users = db.session.scalars(
        select(User).where(User.handle.in_(sorted(handles)),
                           User.state.in_((AccountState.VERIFIED, AccountState.SUSPENDED))))
    return {user.handle.lower(): user for user in users if is_member(user)}


def quoted_post_ids(source: str) -> list[int]:
    """Ids of the visible posts that the source quotes through a quote marker, in order."""
    visible, _, _ = _quoted_posts(source)
    return _top_level_quotes(source, visible)


def _top_level_quotes(source: str, visible: set[int]) -> list[int]:
    ids = dict.fromkeys(int(m.group(1)) for m in _QUOTE_MARKER_RE.finditer(source or ""))
    return [i for i in ids if i in visible][:MAX_QUOTED]


def _quoted_posts(source: str) -> tuple[set[int], set[int], set[int]]:
    """(visible, withheld, existing): the ids of the posts that `source` quotes at any depth
    which are shown to members, those a moderator took out of sight, and all that exist.
    One query, none without quotes."""
    ids = {int(m.group(2)) for m in _ANY_QUOTE_MARKER_RE.finditer(source or "")}
    ids = sorted(i for i in ids if as_id(i))
    if not ids:
        return set(), set(), set()
    visible, withheld, existing = set(), set(), set()
    for post_id, status, deleted_at in db.session.execute(
            select(Post.id, Post.status, Post.deleted_at).where(Post.id.in_(ids))):
        existing.add(post_id)
        if status in WITHHELD_STATUSES:
            withheld.add(post_id)
        elif status == PostStatus.VISIBLE and deleted_at is None:
            visible.add(post_id)
    return visible, withheld, existing


def withhold_quotes(source: str, post_ids, note: str) -> str:
    """`source` with each quote of the posts `post_ids` (its marker line and the quoted lines
    under it, at the marker's depth or deeper) replaced by one line holding `note`, at the same
    depth. A quote nested in another quote takes only its own lines with it."""
    post_ids = {int(i) for i in post_ids}
    lines = (source or "").split("\n")
    kept, skip_depth = [], None
    for line in lines:
        depth = _QUOTE_PREFIX_RE.match(line).group(0).count(">")
        if skip_depth is not None:
            if depth >= skip_depth and depth > 0:
                continue
            skip_depth = None
        marker = _ANY_QUOTE_MARKER_RE.match(line)
        if marker and int(marker.group(2)) in post_ids:
            prefix = marker.group(1)
            kept.append(prefix + note if prefix.endswith((" ", "\t")) else prefix + " " + note)
            skip_depth = prefix.count(">")
            continue
        kept.append(line)
    return "\n".join(kept)


def quote_source(post) -> str:
    """The Markdown a quote-reply starts with: a marker linking to the post, then its text."""
    marker = f"> [@{post.author.handle} wrote in post #{post.number}]({POST_PATH.format(post_id=post.id)})"
    lines = [marker, ">"] + [f"> {line}" if line else ">" for line in shown_source(post.body_source).splitlines()]
    return "\n".join(lines) + "\n\n"

"""The only place HTML is made from user text: Markdown (raw HTML off) then a bleach allowlist.

render_markdown(source, mentions) returns the HTML to store with the post, rendered once at
write time. markdown-it-py parses CommonMark with tables and without raw HTML or images (a
picture can identify a patient, and a remote image tells its host who reads); headings move down
to h3-h6 so a post never competes with the page's own headings. bleach then has the last word:
only the tags and attributes below survive, links keep only http, https, mailto or site-relative
targets and always carry rel="nofollow noopener noreferrer".
"""
import re
import threading
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "a", "br", "hr",
})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
MENTION_CLASS = "mention"

# A handle as forum.auth.services.make_handle builds it: letters and digits joined by dots
# (hyphens and underscores accepted too), never ending in punctuation.
HANDLE_PATTERN = r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*"
_HANDLE_RE = re.compile(HANDLE_PATTERN)
_HANDLE_JOINERS = "._-"
# Before an "@" these make it part of a word, an address or a path, not a mention.
_NOT_BEFORE_MENTION = "._@/-"
# Bare links in text become links only when they spell out http(s)://, never "word.tld".
_BARE_URL_RE = re.compile(r"\(*\bhttps?://[^\s<>\"'`\x00-\x1f]+", re.IGNORECASE)
_SAFE_HREF_RE = re.compile(r"^(?:https?://|mailto:|/(?!/)|#)", re.IGNORECASE)
# What the linkify filter acts on: bare URLs, and entity-like "&" text, which it re-reads.
_LINKIFY_WORK_RE = re.compile("http|&", re.IGNORECASE)
_HEADING_TAGS = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}
# markdown-it (CommonMark preset) stops descending past this many open blocks (a list and its
# item are two: text shows 19 quotes or 9 lists deep) and drops the text below in silence;
# render_markdown reports it (Rendered.too_deep). Higher, a line of "[" costs seconds.
MAX_NESTING = 20


@dataclass
class Rendered:
    html: str
    mentioned: set[str] = field(default_factory=set)  # handles linked outside quotes
    # Quotes or lists nested past MAX_NESTING held text that the HTML leaves out.
    too_deep: bool = False


def mention_candidates(source: str) -> set[str]:
    """The handles (mention_at) written as @handle where Markdown reads text: not in code
    spans or code blocks, nor in a link's text; those in quotes are included (they are linked,
    though not counted). A superset of the mentions: render_markdown reports the ones that
    became links. One Markdown parse, none for a source without "@"."""
    if "@" not in (source or ""):
        return set()
    env = {"candidates": set(), "mentions": {}, "mentioned": set()}
    _tools().markdown.parse(source, env)
    return env["candidates"]


def mention_at(text: str, pos: int) -> tuple[str, int] | None:
    """(handle, end) of the mention whose "@" is text[pos], or None when there is none.

    The name runs over letters, digits and combining marks of any script, in runs joined by
    one ".", "_" or "-", and ends where such a run ends: at a word boundary in the Unicode
    sense, never inside a word ("@José.García" is one name, never "@jos" then "é.García").
    An "@" right after a letter, a digit or one of "._@/-" (an address, a path) starts none.
    The handle is the name as make_handle would spell it (fold_handle)."""
    if pos > 0 and (_is_name_character(text[pos - 1]) or text[pos - 1] in _NOT_BEFORE_MENTION):
        return None
    end = _name_run_end(text, pos + 1)
    if end == pos + 1:
        return None
    while (end + 1 < len(text) and text[end] in _HANDLE_JOINERS
           and _starts_name_run(text[end + 1])):
        end = _name_run_end(text, end + 1)
    handle = fold_handle(text[pos + 1:end])
    return (handle, end) if handle else None


def fold_handle(name: str) -> str | None:
    """The handle `name` spells, in lower case, folded as make_handle folds a member's name
    (NFKD, accents dropped: "José.García" -> "jose.garcia"); None when a letter has no such
    ASCII form ("Weiß", "Søren"): it would name a handle with a letter left out, perhaps
    another member's, so it names none."""
    if not name.isascii():
        name = "".join(character for character in unicodedata.normalize("NFKD", name)
                       if not unicodedata.category(character).startswith("M"))
    if not name.isascii() or not _HANDLE_RE.fullmatch(name):
        return None
    return name.lower()


def _starts_name_run(character: str) -> bool:
    return unicodedata.category(character)[0] in "LN"


def _is_name_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LNM"


def _name_run_end(text: str, pos: int) -> int:
    """The end of the run of letters, digits and (after the first) combining marks at pos."""
    if pos >= len(text) or not _starts_name_run(text[pos]):
        return pos
    end = pos + 1
    while end < len(text) and _is_name_character(text[end]):
        end += 1
    return end


def render_markdown(source: str, mentions: dict[str, str] | None = None) -> Rendered:
    """Markdown to safe HTML. `mentions` maps lower-cased handles to their profile paths; an
    @handle found there becomes a link, any other stays text. `mentioned` lists the linked
    handles outside blockquotes (the ones to notify)."""
    env = {"mentions": mentions or {}, "mentioned": set()}
    tools = _tools()
    raw = tools.markdown.render(source or "", env)
    # Linkifying is a third of the cleaning. HTML with neither "http" nor "&" in it (most
    # posts; markdown-it writes text out decoded) gives it nothing to do: the same output.
    cleaner = tools.cleaner if _LINKIFY_WORK_RE.search(raw) else tools.cleaner_without_linkify
    html = cleaner.clean(raw).strip()
    return Rendered(html=html, mentioned=env["mentioned"], too_deep=env.get("too_deep", False))


def _allowed_attribute(tag, name, value):
    if name == "href":
        return tag == "a"
    if tag == "a" and name == "title":
        return True
    if tag == "a" and name == "class":
        return value == MENTION_CLASS
    if tag == "ol" and name == "start":
        return value.isdigit()
    return False


class _LinkTargetFilter(Filter):
    """Every link gets the rel we want; an href that is not absolute http(s)/mailto or a
    site path is dropped (bleach already removed other schemes; this also refuses oddities
    such as percent-encoded schemes that a browser would treat as a relative path)."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = dict(token.get("data") or {})
                href = attrs.get((None, "href"))
                if href is not None and not _SAFE_HREF_RE.match(href.strip()):
                    del attrs[(None, "href")]
                attrs[(None, "rel")] = LINK_REL
                token["data"] = attrs
            yield token


# A bare link runs to the next white space; an "@" in it ("https://x.org/v?ref=@amy") is its own.
_BARE_LINK_RE = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)


def _in_bare_link(state, pos: int) -> bool:
    """Is state.src[pos] inside a bare link? The links of a text are found once (env
    "link_spans"), not once per "@": a text of 20,000 "@" cost seconds that way."""
    spans = state.env.setdefault("link_spans", {})
    found = spans.get(state.src)
    if found is None:
        found = spans[state.src] = [(m.start(), m.end()) for m in _BARE_LINK_RE.finditer(state.src)]
    index = bisect_right(found, (pos, len(state.src))) - 1
    return index >= 0 and found[index][0] < pos < found[index][1]


def _mention_rule(state, silent):
    """Inline rule: @handle of a known member becomes a link to the profile. Collecting
    candidates (env "candidates", mention_candidates), it records the handle and links nothing."""
    pos = state.pos
    if state.src[pos] != "@" or state.linkLevel > 0:
        return False
    if _in_bare_link(state, pos):
        return False
    found = mention_at(state.src, pos)
    if found is None:
        return False
    handle, end = found
    candidates = state.env.get("candidates")
    if candidates is not None:
        if not silent:
            candidates.add(handle)
        return False
    href = state.env.get("mentions", {}).get(handle)
    if href is None:
        return False
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href, "class": MENTION_CLASS}
        token.meta = {"mention": handle}
        token = state.push("text", "", 0)
        token.content = state.src[pos:end]
        state.push("link_close", "a", -1)
    state.pos = end
    return True


def _collect_mentions(state):
    """Mentions outside blockquotes count as mentions; inside a quote they are the quoted
    author's words and stay plain links (the quoted post already notified its mentions)."""
    depth = 0
    for token in state.tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "inline" and depth == 0:
            for child in token.children or ():
                if child.type == "link_open" and "mention" in (child.meta or {}):
                    state.env["mentioned"].add(child.meta["mention"])


def _demote_headings(state):
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_TAGS.get(token.tag, token.tag)


def _noting_lost_depth(tokenize):
    """markdown-it's block tokenizer, which marks env "too_deep" when it is about to skip
    text for being nested past maxNesting (it does so in silence)."""
    def tokenize_blocks(state, start_line, end_line):
        if state.level >= state.md.options.maxNesting:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                state.env["too_deep"] = True
        tokenize(state, start_line, end_line)
    return tokenize_blocks


def _build_markdown():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": MAX_NESTING})
    md.block.tokenize = _noting_lost_depth(md.block.tokenize)
    md.enable("table")
    md.disable("image")
    md.inline.ruler.before("emphasis", "mention", _mention_rule)
    md.core.ruler.push("demote_headings", _demote_headings)
    md.core.ruler.push("collect_mentions", _collect_mentions)
    return md


class _LinkifyAfterSanitizer(LinkifyFilter):
    """bleach's LinkifyFilter, minus its second reading of entities. The sanitizer before it
    has already turned "&amp;" into a plain "&" and every other entity into its own token, so
    an "&amp;" still in the text is the writer's literal text: read again, "AT&amp;amp;T" was
    shown as "AT&T" and "&amp;lt;b&amp;gt;" as "<b>"."""

    def extract_entities(self, token):
        yield token


def _build_cleaner(linkify=True):
    """The allowlist cleaner; `linkify` False leaves out only the filter that links bare URLs."""
    filters = [_LinkTargetFilter]
    if linkify:
        filters.insert(0, partial(_LinkifyAfterSanitizer, callbacks=[], skip_tags={"pre", "code"},
                                  parse_email=False, url_re=_BARE_URL_RE))
    return bleach.Cleaner(
        tags=ALLOWED_TAGS, attributes=_allowed_attribute, protocols=ALLOWED_PROTOCOLS,
        strip=True, strip_comments=True, filters=filters,
    )


class _Tools(threading.local):
    """bleach Cleaners are not thread-safe: one parser pair per thread."""

    def __init__(self):
        self.markdown = _build_markdown()
        self.cleaner = _build_cleaner()
        self.cleaner_without_linkify = _build_cleaner(linkify=False)


_local = None


def _tools() -> _Tools:
    global _local
    if _local is None:
        _local = _Tools()
    return _local

"""Pure text helpers for search: post HTML to plain text, user queries to safe terms, highlights."""
import html
import re
import unicodedata

from markupsafe import Markup, escape

# Marks that snippet() / ts_headline() put around matches. They are control characters that
# plain_text() strips from everything indexed, so user text can never forge a highlight.
MARK_START = "\x02"
MARK_STOP = "\x03"
MAX_QUERY_LENGTH = 500
MAX_TERMS = 12
MAX_WORDS_PER_TERM = 8
MAX_WORD_LENGTH = 64

_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_PHRASE = re.compile(r'"([^"]*)"?')
JOINERS = "-/.'’@"
_WORD = re.compile(rf"[^\W_]+(?:[{re.escape(JOINERS)}][^\W_]+)*")
_MARKS = re.compile(f"([{MARK_START}{MARK_STOP}])")


def plain_text(body_html: str) -> str:
    """The readable text of stored (already sanitised) post HTML, on one line."""
    text = html.unescape(_TAG.sub(" ", body_html or ""))
    return clean(text)


def clean(text: str) -> str:
    """Strip control characters (including the highlight marks) and collapse whitespace; in
    NFKC form without soft hyphens, as queries are (parse_query), so "hyper\u00adkalemia"
    pasted from a PDF, a decomposed "Sjögren" or "ﬁbrosis" are found by what people type."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", _normalized(text or ""))).strip()


def _normalized(text: str) -> str:
    """NFKC without soft hyphens: the one form of indexed text (clean) and queries (parse_query)."""
    return unicodedata.normalize("NFKC", text.replace("\u00ad", ""))


def parse_query(raw: str) -> list[tuple[str, ...]]:
    """Split any user input into terms: a term is one word, or the words of a "quoted phrase".

    A word is a run of letters and digits, or several joined by a hyphen, slash, full stop,
    apostrophe or @ ("COVID-19", "SARS-CoV-2", "120/80", "e.g"): kept whole, each engine splits
    it with the tokenizer that split the posts, so it matches where the post has it. (Split here
    instead, PostgreSQL's parser, which reads "COVID-19" as "covid" and "-19", found nothing.)
    Operators and other punctuation (NEAR, *, -, parentheses, colons, stray quotes) are never
    passed through, so the engines always get a valid query.
    """
    raw = _normalized((raw or "")[:MAX_QUERY_LENGTH])
    terms: list[tuple[str, ...]] = []
    position = 0
    for match in _PHRASE.finditer(raw):
        terms.extend((word,) for word in _words(raw[position:match.start()]))
        phrase = tuple(_words(match.group(1))[:MAX_WORDS_PER_TERM])
        if phrase:
            terms.append(phrase)
        position = match.end()
    terms.extend((word,) for word in _words(raw[position:]))
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


def _words(text: str) -> list[str]:
    words = (word.lower()[:MAX_WORD_LENGTH].rstrip(JOINERS) for word in _WORD.findall(text))
    return [word for word in words if word]


def quoted_query(terms: list[tuple[str, ...]]) -> str:
    """Terms as double-quoted strings, ANDed by juxtaposition.

    Valid FTS5 MATCH syntax and valid websearch_to_tsquery input alike: every term is quoted and
    holds only letters, digits and the joiners inside words (never a double quote), which both
    read inside quotes as text to tokenize, so no operator or syntax error can reach the engine.
    """
    return " ".join('"' + " ".join(words) + '"' for words in terms)


def highlight(marked: str | None) -> Markup:
    """Escape engine output, then turn the match marks into <mark> elements (always balanced;
    marks that touch are one: "<mark>COVID-19</mark>", not "<mark>COVID</mark><mark>-19</mark>")."""
    parts: list[str] = []
    is_open = False
    for piece in _MARKS.split(marked or ""):
        if piece == MARK_START:
            if not is_open:
                if parts and parts[-1] == "</mark>":
                    parts.pop()
                else:
                    parts.append("<mark>")
                is_open = True
        elif piece == MARK_STOP:
            if is_open:
                parts.append("</mark>")
                is_open = False
        elif piece:
            parts.append(str(escape(piece)))
    if is_open:
        parts.append("</mark>")
    return Markup("".join(parts))

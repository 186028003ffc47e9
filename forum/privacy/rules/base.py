"""What a rule is (a kind, a default reason, a finder over a Document) and the Document it reads.

Speed matters (a 2,000-character post must screen in well under a millisecond, and Python's re
spends most of its time trying a pattern at every position), so rules rarely scan the whole text
with a regex. They start from anchors found cheaply (a trigger word in `doc.words`, located with
str.find; a separator between digits in `doc.shape`) and match anchored patterns there, over
`doc.low`, the lower-cased text, checking letter case on `doc.text`: both have the same offsets.
Every pattern is linear (no nested unbounded repeats), so hostile input cannot make it backtrack.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Span = tuple[int, int] | tuple[int, int, str]
# Bytes that stay in a word; every other byte becomes a space (see Document.words).
_WORD_BYTES = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))
# The shape of a Latin-1 byte: digits become "0", letters "a", white space " ", the rest stays.
_SHAPE_BYTES = bytes(48 if chr(c).isdigit() else 97 if chr(c).isalpha() else 32 if chr(c).isspace() else c
                     for c in range(256))
# The same with capitals kept apart ("A"): codes written in capitals ("T12 X5PF", "YK68 XRT").
_CASE_SHAPE_BYTES = bytes(65 if chr(c).isupper() else _SHAPE_BYTES[c] for c in range(256))


class Document:
    """The text under screening and its lower-cased twin (same length, same offsets), with what
    every screen reads of them built once, as plain attributes (a rule reads them hundreds of
    times per text, and a property costs a call each time):

    - words: the set of ASCII words (letters and digits, lower-cased, as bytes) in the text;
      rules use it as a cheap pre-check before scanning ("does 'zip' occur at all?").
    - shape: one byte per character: digits as "0", letters as "a", white space as " ",
      punctuation as itself ("(555) 201-3344" -> "(000) 000-0000"); bytes.find on it is very fast.
    - case_shape: the shape with capital letters as "A" ("YK68 XRT" -> "AA00 AAA"): needles of
      capitals and digits, rare in prose, are found by bytes.find far faster than needles of "a".
    """

    __slots__ = ("text", "low", "words", "shape", "case_shape", "_separators", "_word_bytes", "_offsets",
                 "_word_hits", "_found", "shared")

    def __init__(self, text: str):
        self.text = text
        low = text.lower()
        if len(low) != len(text):
            # A few characters lower-case to two ("İ"): keep those as they are so offsets agree.
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        self.low = low
        words = low.encode("ascii", "ignore").translate(_WORD_BYTES)
        # In an ASCII text the words' bytes have the text's offsets: kept, between spaces, for
        # _word_hits_of.
        self._word_bytes = b" " + words + b" " if text.isascii() else None
        self.words = frozenset(words.split())
        latin = text.encode("latin-1", "replace")
        self.shape = latin.translate(_SHAPE_BYTES)
        self.case_shape = latin.translate(_CASE_SHAPE_BYTES)
        self._separators = None
        self._offsets = {}
        self._word_hits = {}
        self._found = {}
        # What one rule works out for others too (the links both link rules read), by name.
        self.shared = {}

    def has_word(self, words: frozenset[bytes]) -> bool:
        """True when any of `words` (made with word_set) occurs as a word of the text."""
        return not self.words.isdisjoint(words)

    def has(self, *needles: str) -> bool:
        """True when any of the lower-case `needles` occurs anywhere in the text. Each needle
        costs a scan of the text, so prefer has_word for more than a few."""
        low = self.low
        return any(needle in low for needle in needles)

    def find_all(self, needle: str, low: bool = True) -> tuple[int, ...]:
        """Start offsets of every occurrence of `needle` (str.find is far faster than a regex scan),
        kept per document: several rules look for the same needle (",", "call")."""
        found = self._found.get((needle, low))
        if found is None:
            haystack, found = self.low if low else self.text, []
            index = haystack.find(needle)
            while index != -1:
                found.append(index)
                index = haystack.find(needle, index + 1)
            found = self._found[needle, low] = tuple(found)
        return found

    def word_offsets(self, words: frozenset[bytes]) -> tuple[int, ...]:
        """Start offsets of whole-word occurrences of `words` (made with word_set), unordered:
        only the words that occur at all are searched for, each with str.find. Several rules
        ask for the same sets and words (given names, "patient"), so both are kept per document
        (a frozenset keeps its hash, so the look-up is cheap)."""
        found = self._offsets.get(words)
        if found is None:
            present = self.words & words
            if len(present) > 1:
                found = tuple(index for word in present for index in self._word_hits_of(word))
            elif present:  # most sets have one word or none in a text: no generator for those
                (word,) = present
                found = tuple(self._word_hits_of(word))
            else:
                found = ()
            self._offsets[words] = found
        return found

    def _word_hits_of(self, word: bytes) -> list[int]:
        """Whole-word offsets of one word (a word of self.words). In an ASCII text the word is
        looked for between spaces in the words' bytes, so only whole words are visited: short
        words such as "on", "no" or "90" occur inside many longer ones, and each of those was
        checked in Python."""
        hits = self._word_hits.get(word)
        if hits is None and self._word_bytes is not None:
            padded, needle, step = self._word_bytes, b" " + word + b" ", len(word) + 1
            hits = self._word_hits[word] = []
            # An index in the padded bytes is the word's offset in the text (one space before).
            index = padded.find(needle)
            while index != -1:
                hits.append(index)
                index = padded.find(needle, index + step)
        elif hits is None:
            # Other text: the words' bytes dropped what is beyond ASCII, so their offsets differ
            # from the text's; each occurrence's neighbours are checked in the text instead.
            low, needle = self.low, word.decode()
            size, length = len(low), len(needle)
            hits = self._word_hits[word] = []
            index = low.find(needle)
            while index != -1:
                end = index + length
                if (index == 0 or not low[index - 1].isalnum()) and (end >= size or not low[end].isalnum()):
                    hits.append(index)
                index = low.find(needle, index + 1)
        return hits

    def separators(self) -> list[int]:
        """Offsets of "/", "-" and "." standing between two digits ("3/14", "201-3344"), in order;
        dates, phone numbers and social security numbers all start from these."""
        if self._separators is None:
            shape, found = self.shape, []
            for needle in (b"0/0", b"0-0", b"0.0"):
                index = shape.find(needle)
                while index != -1:
                    found.append(index + 1)
                    index = shape.find(needle, index + 1)
            self._separators = sorted(found)
        return self._separators

    def word_start(self, index: int) -> bool:
        """True when no letter or digit sits just before `index`."""
        return index == 0 or not self.low[index - 1].isalnum()

    def word_end(self, index: int) -> bool:
        """True when no letter or digit sits at `index`."""
        return index >= len(self.low) or not self.low[index].isalnum()


def matches_from(pattern, text: str, starts: Iterable[int]):
    """The matches pattern.finditer(text) finds, given `starts`, a superset of the offsets where
    a match of it can begin: each is tried in order, those inside the previous match skipped,
    as finditer does. A scan tries the pattern at every position of the text, which for a
    pattern that starts with an alternation or a look-behind cost 80-300 microseconds on a
    2,000-character post."""
    end = 0
    for start in sorted(set(starts)):
        if start >= end:
            match = pattern.match(text, start)
            if match:
                end = match.end()
                yield match


def offsets_of(haystack: bytes, needle: bytes) -> list[int]:
    """Every offset of `needle` in `haystack` (a shape)."""
    found, index = [], haystack.find(needle)
    while index != -1:
        found.append(index)
        index = haystack.find(needle, index + 1)
    return found


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern` split at its top-level "|" (not inside brackets)."""
    parts, depth, current, index = [], 0, "", 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current += pattern[index:index + 2]
            index += 2
            continue
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
        index += 1
    return parts + [current]


def by_first_letter(*alternations: str) -> str:
    """One alternation of word patterns regrouped by their first letter ("a(?:dmitted|dm)|b(?:orn)"):
    re tries the alternatives of a group one by one at every position, so a hundred trigger
    words cost a hundred tries each; grouped, a position costs about one try per first letter.
    Every alternative must start with a plain lower-case letter."""
    groups: dict[str, list[str]] = {}
    for alternation in alternations:
        for alternative in _top_level_alternatives(alternation):
            groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def word_set(words: str) -> frozenset[bytes]:
    """Lower-case words, separated by spaces, in the form Document.words holds them."""
    return frozenset(word.encode() for word in words.lower().split())


@dataclass(frozen=True)
class Rule:
    """One family of identifiers. `find(doc)` yields spans; a span may carry its own reason."""

    kind: str
    reason: str
    find: Callable[[Document], Iterable[Span]]

    def texts(self, text: str) -> list[str]:
        """The flagged substrings of `text` by this rule alone (for tests and tuning)."""
        return [text[span[0]:span[1]] for span in self.find(Document(text))]

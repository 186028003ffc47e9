"""Text as every feature stores it: control and direction-override characters removed, and
what counts as visible (for minimum lengths of titles and names); the reason every moderation
and admin action records."""
import unicodedata

from forum.errors import ValidationFailed

# Removed from every stored text: control characters but tab and line feed (NUL is refused by
# PostgreSQL, the rest print as nothing or as boxes), and the bidirectional embeddings,
# overrides and isolates, which can reverse what a title or a name appears to say.
_STRIPPED = str.maketrans(dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
     *range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Characters that draw nothing although they are not white space or controls.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"))
# Accents and marks one letter may carry. Real writing stacks two or three (Vietnamese,
# Devanagari, pointed Hebrew, Tibetan stacks about five); "Zalgo" text stacks dozens, which
# spill over the lines above and below, over other members' posts and the page's own controls.
MAX_STACKED_MARKS = 8
_STACKING_CATEGORIES = frozenset(("Mn", "Me"))


def clean_text(value: str | None) -> str:
    """Text as stored: Unix line ends, no control or direction-override characters."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").translate(_STRIPPED)


def composed(value: str | None) -> str:
    """`value` in Unicode NFC: a letter and its accent typed as two code points (as a Mac or a
    PDF may paste "é") become the one character a reader sees, so that a length limit counts
    what is shown. For the texts members compose; identifiers keep their own rules."""
    return unicodedata.normalize("NFC", value or "")


def clean_line(value: str | None) -> str:
    """A one-line field as stored (a name, an institution): clean_text, runs of white space
    (line breaks included) as one space, nothing around it."""
    return " ".join(clean_text(value).split())


def excerpt(text: str, limit: int = 160) -> str:
    """The start of `text` on one line, cut at a word with an ellipsis when longer than `limit`
    (lists that name a post or a draft by its first words)."""
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"


def is_visible(character: str) -> bool:
    """Does it draw something? Zero-width and format characters, combining marks on their own,
    white space and blank-looking letters (Hangul filler, blank Braille) do not."""
    return (character not in _BLANK_LOOKING and not character.isspace()
            and unicodedata.category(character) not in _INVISIBLE_CATEGORIES)


def visible_length(text: str) -> int:
    """How many characters of `text` a reader sees (for titles: "at least 3 characters")."""
    return sum(1 for character in text if is_visible(character))


def has_visible_text(text: str) -> bool:
    return any(is_visible(character) for character in text)


def stacked_marks(text: str) -> int:
    """The most combining marks any one character of `text` carries."""
    if text.isascii():
        return 0
    most = run = 0
    for character in text:
        if unicodedata.category(character) in _STACKING_CATEGORIES:
            run += 1
            most = max(most, run)
        else:
            run = 0
    return most


def stacking_problem(text: str, what: str) -> str | None:
    """Why `text` (`what`: "The title") cannot be shown as written, when it stacks more than
    MAX_STACKED_MARKS marks on a letter; else None."""
    most = stacked_marks(text)
    if most <= MAX_STACKED_MARKS:
        return None
    return (f"{what} stacks {most} accents or marks on one letter; at most {MAX_STACKED_MARKS} "
            "fit, or the text spills over the lines around it.")


def clean_reason(reason, *, limit: int, missing: str, field: str = "reason") -> str:
    """A reason as stored: clean_text, trimmed, 1 to `limit` characters. Raises
    ValidationFailed(field=field) with `missing` when there is none."""
    reason = clean_text(reason).strip()
    if not has_visible_text(reason):
        raise ValidationFailed(missing, field=field)
    if len(reason) > limit:
        raise ValidationFailed(f"The reason is {len(reason)} characters long; the limit is {limit}.",
                               field=field)
    return reason

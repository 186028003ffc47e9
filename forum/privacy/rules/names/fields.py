"""Names pasted from an EHR header or a list: a labelled name field ("Patient Name: QUIGLEY,
BARTHOLOMEW", "Name: Higgins, Edna", "Patient: SMITH, MARY A") and a capitalised honorific
("MR SMITH was admitted").

A label that starts a line (or a table cell) is a strong signal, so any given name counts, in
capitals or not (in a table, "| Name | Higgins, Edna |", two words at least, so that a header
row "| Name | Age |" is not read as one). "Patient:" also starts ordinary notes ("Patient:
elderly, frail"), so after it the value must look like a name: a surname and comma, capitals,
or a known given name first.
"""
import re

from forum.privacy.lexicon import NOT_INITIALS, NOT_NAMES
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.common import LOW, UP, WORD, given, is_name, words_of
from forum.privacy.rules.names.forms import PARTICLES

_FIELD_WORDS = word_set("name patient pt surname")
_FIELD = re.compile(
    r"(?P<label>(?:(?:patient|pt)(?:['’]s)?\s+)?(?:(?:full|legal|first|last|given|family)\s+)?name|surname"
    r"|patient|pt)\s*(?P<sep>[:=|])\s*")
# The value: name words separated by one space or a comma (two spaces end it: "SMITH, MARY A   Sex: F").
_NAME_PART = rf"[{UP}][{UP}{LOW}'’\-]*\.?"
_VALUE = re.compile(rf"(?P<value>{_NAME_PART}(?:(?:,\s?| )(?:{PARTICLES} ){{0,2}}{_NAME_PART}){{0,3}})")
# "(surname Pryce)", "surname is Pryce": a surname given in a sentence, not as a field.
_SURNAME_WORDS = word_set("surname")
_SURNAME = re.compile(rf"[Ss]urname\s+(?:is\s+|was\s+)?(?P<name>{WORD})")
# A table whose header row has a Patient or Name column: the cells of that column below it.
_CELL_NAME = re.compile(rf"(?:[{UP}]\.\s?){{0,2}}{WORD}(?:\s+{WORD})?|[{UP}]{{2,}}(?:,\s?{WORD})?")
_NAME_HEADERS = frozenset({"patient", "name", "patient name", "pt", "surname", "full name"})
# Values that are not anyone's name.
_NOT_A_NAME = frozenset("""
redacted removed withheld anonymous anonymised anonymized unknown none na n/a nil xxx male female
man woman boy girl elderly adult child infant baby pending deleted hidden patient
""".split())
_LINE_PREFIX = " \t|*->#"
_HONORIFIC_WORDS = word_set("mr mrs ms miss")
_CAPITAL_HONORIFIC = re.compile(r"(?:MR|MRS|MS|MISS)\.?\s+(?P<name>[A-Z][A-Z'’\-]{2,})\b(?![a-z])")
# Words before "MR" that make it mitral regurgitation, not "Mister".
_VALVE_BEFORE = re.compile(
    r"(?:\b(?:mild|moderate|severe|trace|trivial|torrential|functional|ischaemic|ischemic|acute|chronic"
    r"|primary|secondary|significant|residual|no|with|and|of|and/or)|\b[A-Z]{2,})\s*$")


def _line_prefix(doc, index: int) -> str:
    return doc.low[doc.low.rfind("\n", 0, index) + 1:index].strip(_LINE_PREFIX)


def _label_starts(doc, anchor: int) -> bool:
    """The label starts a line, a table cell, a "Re:" line, or a quotation pasted into a
    sentence ("Lab printout: 'Name: SHARMA Devika  Sample: serum'")."""
    prefix = _line_prefix(doc, anchor)
    if prefix in ("", "re:"):
        return True
    before = doc.text[:anchor].rstrip()
    return bool(before) and before[-1] in "'‘\"“(["


def _looks_like_a_name(value: str, label: str, separator: str) -> bool:
    words = [w for w in words_of(value) if len(w) > 1]  # a middle initial ("A") is no word
    if not words or any(w.lower() in NOT_NAMES or w.lower() in _NOT_A_NAME for w in words):
        return False
    if separator == "|" and len(words) < 2:
        return False  # a table's header row: "| Name | Age |"
    if "name" in label or label == "surname":
        return True
    return "," in value or (value.isupper() and len(words) > 1) or given(words[0])


def name_fields(doc):
    text = doc.text
    for anchor in doc.word_offsets(_FIELD_WORDS):
        match = _FIELD.match(doc.low, anchor)
        if not match or not _label_starts(doc, anchor):
            continue
        found = _VALUE.match(text, match.end())
        if found:
            value = found.group("value").rstrip(",. ")
            if _looks_like_a_name(value, match.group("label"), match.group("sep")):
                yield found.start(), found.start() + len(value)


def surnames(doc):
    """"(surname Pryce)", "her surname is Okonjo"."""
    for anchor in doc.word_offsets(_SURNAME_WORDS):
        match = _SURNAME.match(doc.text, anchor)
        if match and is_name(match.group("name"), need_given=False):
            yield match.span("name")


def _cells(line: str, offset: int):
    """(start, cell text) of each cell of a Markdown table row starting at `offset`."""
    starts = [i for i, char in enumerate(line) if char == "|"]
    return [(offset + a + 1, line[a + 1:b]) for a, b in zip(starts, starts[1:])]


def table_names(doc):
    """Names in the cells of a Markdown table's Patient or Name column ("| 4 | E. Lindqvist |")."""
    if "|" not in doc.text or not doc.has_word(_FIELD_WORDS):
        return
    column, offset = None, 0
    for line in doc.text.split("\n"):
        cells = _cells(line, offset) if line.lstrip().startswith("|") else None
        offset += len(line) + 1
        if cells is None:
            column = None
        elif column is None:
            names = [cell.strip().lower() for _, cell in cells]
            column = next((i for i, cell in enumerate(names) if cell in _NAME_HEADERS), None)
        elif column < len(cells):
            start, cell = cells[column]
            value = cell.strip()
            if value and _CELL_NAME.fullmatch(value) and is_name(value, need_given=False):
                start += len(cell) - len(cell.lstrip())
                yield start, start + len(value)


def capital_honorifics(doc):
    """"MR SMITH" in a note typed in capitals; not "severe MR AND TR" or "MR ECHO"."""
    text = doc.text
    if not doc.has_word(_HONORIFIC_WORDS):
        return
    for start in doc.word_offsets(_HONORIFIC_WORDS):
        match = _CAPITAL_HONORIFIC.match(text, start)
        if not match:
            continue
        name = match.group("name")
        if name in NOT_INITIALS or name.lower() in NOT_NAMES:
            continue
        if _VALVE_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue
        yield match.start(), match.end()

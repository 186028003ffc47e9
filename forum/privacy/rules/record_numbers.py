"""Medical record, chart, account, insurance and member numbers: a label followed by an identifier.

Only labelled numbers count, so PMIDs, DOIs, trial registrations and lab values are left alone.
"""
import re

from forum.privacy.rules.base import Rule, word_set

KIND = "record_number"
REASON = ("Looks like a medical record, chart, account or insurance number: remove it entirely; "
          "even part of one can identify the patient.")

# Scanned from an anchor: a number word ("number", "no.", "#", "ID") or a label that stands alone
# ("MRN", "CSN", "medical record"); the label before a number word is checked behind it.
_ANCHOR_WORDS = word_set("number no num id identifier mrn csn fin har record card aadhaar")
_ANCHOR = re.compile(r"(?:number|no\.?|num\.?|#|id|identifier|mrn|csn|fin|har|record|card|aadhaar)(?![a-z])")
_STANDALONE = frozenset({"mrn", "csn", "fin", "har", "aadhaar"})
_LABEL_BEFORE = re.compile(
    r"(?:^|[^a-z])(?P<label>mr|medical|med|chart|hospital|patient|pt|ur|nhs|chi|health|aadhaar|account|acct\.?"
    r"|a/c|insurance|insurance\s+policy|policy|member|membership|subscriber|group|medicare|medicare\s+beneficiary"
    r"|medicaid|encounter|visit|episode|case|claim|accession|specimen|lab|bracelet|wristband|billing"
    r"|beneficiary|enrollee|plan|fin|csn|har|mrn|record|card)\s*$")
# Labels that count only after a qualifier ("medical record", "health card").
_QUALIFIED = {"record": ("medical", "med"), "card": ("health",)}
_GLUE = (r"(?:\s{0,3}(?:is|was|are|were|=|:|#|of|ending\s+(?:in|with)|last\s+(?:four|4|six|6)"
         r"(?:\s+digits)?)){0,3}\s{0,3}[:#]?\s{0,3}")
_ID_AFTER = re.compile(
    _GLUE + r"(?P<id>(?:[a-z]{1,4}[- ]?)?\d[0-9a-z]{0,19}(?:[- /](?=[a-z]{0,4}\d)[0-9a-z]{1,12}){0,4})(?![\w@])")
# Short labels that are also English words count only in capitals ("FIN 88812", not "fin").
_CAPITALS_ONLY = frozenset({"fin", "har", "csn"})
_MIN_DIGITS = 3


def _label_start(doc, anchor: re.Match):
    """Where the record label begins, or None when the anchor is not a record label."""
    word = anchor.group()
    label_start = anchor.start()
    if word not in _STANDALONE:
        before = _LABEL_BEFORE.search(doc.low, max(0, label_start - 30), label_start)
        if not before:
            return None
        word, label_start = before.group("label").split()[0].rstrip("."), before.start("label")
    # Take in the words of a longer label: "medical record number", "health card number".
    for _ in range(2):
        before = _LABEL_BEFORE.search(doc.low, max(0, label_start - 30), label_start)
        if not before:
            break
        qualifier = before.group("label").split()[0].rstrip(".")
        if word in _QUALIFIED and qualifier not in _QUALIFIED[word]:
            break
        word, label_start = qualifier, before.start("label")
    if word in _QUALIFIED:
        return None
    first = doc.text[label_start:label_start + 3]
    if first.lower() in _CAPITALS_ONLY and first != first.upper():
        return None
    return label_start


def find(doc):
    """Spans from the label through the identifier it introduces."""
    low = doc.low
    starts = list(doc.word_offsets(_ANCHOR_WORDS)) + list(doc.find_all("#"))
    for start in starts:
        anchor = _ANCHOR.match(low, start)
        if not anchor:
            continue
        found = _ID_AFTER.match(low, anchor.end())
        if not found or sum(c.isdigit() for c in found.group("id")) < _MIN_DIGITS:
            continue
        start = _label_start(doc, anchor)
        if start is not None:
            yield start, found.end()


RULE = Rule(KIND, REASON, find)

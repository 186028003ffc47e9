"""The author's text shown read-only with each span the screen flagged marked, numbered and
explained: built from escaped text and <mark> elements, server-side (no script, no styles)."""
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from forum.privacy.findings import BODY, TITLE, Finding

KIND_LABELS = {
    "ssn": "Social security number",
    "record_number": "Record or account number",
    "device_id": "Vehicle, device or network identifier",
    "email": "Email address",
    "image_link": "Link to an image",
    "profile_link": "Link to a personal page",
    "phone": "Phone or fax number",
    "address": "Street address or ZIP code",
    "date": "Date tied to a person",
    "age": "Age over 89",
    "room": "Room or bed number",
    "nickname": "Nickname or code name",
    "name": "Name",
}
FIELD_LABELS = {TITLE: "Title", BODY: "Post"}
_NOTE_FIELD = re.compile(r"(citations|disclosure-relationships)-(\d+)-note")
_NOTE_LABELS = {"citations": "Citation", "disclosure-relationships": "Disclosure relationship"}


def field_label(name: str) -> str:
    """What the author calls a screened text: "Title", "Post", "Citation 2 note"..."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    note = _NOTE_FIELD.fullmatch(name or "")
    if note:
        return f"{_NOTE_LABELS[note[1]]} {int(note[2]) + 1} note"
    return (name or "text").replace("-", " ").capitalize()


@dataclass
class NumberedFinding:
    number: int
    finding: Finding

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.finding.kind, self.finding.kind.replace("_", " ").capitalize())

    @property
    def field_label(self) -> str:
        return field_label(self.finding.field)


@dataclass
class FlaggedText:
    field: str
    label: str
    html: Markup


@dataclass
class ScreenReport:
    """What the composer shows: each screened text with findings, marked, then the list."""

    texts: list[FlaggedText] = field(default_factory=list)
    findings: list[NumberedFinding] = field(default_factory=list)

    def __bool__(self):
        return bool(self.findings)


def screen_report(texts: dict[str, str], findings) -> ScreenReport:
    """Number `findings` (by text, in the order of `texts` {field: text as screened}, then by
    position) and mark them in their texts."""
    report = ScreenReport()
    order = {name: position for position, name in enumerate(texts)}
    ordered = sorted(findings or (), key=lambda f: (order.get(f.field, len(order)), f.start, f.end))
    report.findings = [NumberedFinding(n, f) for n, f in enumerate(ordered, start=1)]
    for name, text in texts.items():
        mine = [item for item in report.findings if item.finding.field == name]
        if mine:
            report.texts.append(FlaggedText(name, field_label(name), mark_spans(text or "", mine)))
    return report


def mark_spans(text: str, items: list[NumberedFinding]) -> Markup:
    """`text` escaped, each finding's span wrapped in <mark> and followed by its number.
    Spans are non-overlapping (the screen merges overlaps); any out of range are skipped."""
    parts = []
    position = 0
    for item in sorted(items, key=lambda i: i.finding.start):
        start, end = item.finding.start, item.finding.end
        if start < position or end > len(text) or end <= start:
            continue
        parts.append(escape(text[position:start]))
        parts.append(Markup('<mark class="privacy-flag" id="privacy-flag-{n}">{span}</mark>'
                            '<sup class="privacy-flag-number"><a href="#privacy-reason-{n}" '
                            'aria-label="Finding {n}">{n}</a></sup>')
                     .format(n=item.number, span=text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)

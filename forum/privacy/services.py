"""screen(text), screen_texts({field: text}) and screen_post(title, body): find patient
identifiers before a post is published."""
from typing import NamedTuple

from forum.privacy.findings import BODY, TITLE, Finding
from forum.privacy.registry import RULES
from forum.privacy.rules.base import Document


class _Span(NamedTuple):
    start: int
    end: int
    priority: int
    kind: str
    reason: str

    @property
    def rank(self):
        """Longest first, then the earlier rule in the registry."""
        return (-(self.end - self.start), self.priority)


def screen(text: str, field: str = BODY) -> list[Finding]:
    """Findings in `text`, ordered by start; overlapping spans are merged into one.

    A merged finding keeps the kind and reason of its longest part (the earlier rule on a tie),
    and always satisfies `text[f.start:f.end] == f.text`.
    """
    if not text:
        return []
    doc = Document(text)
    spans = []
    for priority, rule in enumerate(RULES):
        for found in rule.find(doc):
            start, end = found[0], found[1]
            if end > start:
                spans.append(_Span(start, end, priority, rule.kind, found[2] if len(found) > 2 else rule.reason))
    return [Finding(best.kind, start, end, text[start:end], best.reason, field)
            for start, end, best in _merge(spans)]


def screen_texts(texts: dict[str, str]) -> list[Finding]:
    """Findings in each named text of a post, in the order given; each finding's `field` is
    the name of its text. Every free text a post publishes is screened this way: the title, the
    body, and the notes of its citations and disclosure, which every reader sees too."""
    return [finding for name, text in texts.items() for finding in screen(text or "", name)]


def screen_post(title: str, body: str) -> list[Finding]:
    """Findings in a post's title (field "title") then in its body (field "body")."""
    return screen_texts({TITLE: title, BODY: body})


def _merge(spans: list[_Span]):
    """Yield (start, end, best span) for each run of overlapping spans."""
    spans.sort(key=lambda span: (span.start, span.rank))
    start = end = None
    best = None
    for span in spans:
        if best is not None and span.start < end:
            end = max(end, span.end)
            best = min(best, span, key=lambda s: s.rank)
            continue
        if best is not None:
            yield start, end, best
        start, end, best = span.start, span.end, span
    if best is not None:
        yield start, end, best

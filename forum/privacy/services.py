"""screen(text), screen_texts({field: text}) and screen_post(title, body): find patient
identifiers before a post is published."""
from operator import itemgetter

from forum.privacy.findings import BODY, TITLE, Finding
from forum.privacy.registry import RULES
from forum.privacy.rules.base import Document


# A rule's span as screen() keeps it: (start, start - end, priority, end, kind, reason). Sorted
# on its first three fields, spans come by start, then longest first, then the earlier rule;
# plain tuples and itemgetter cost far less than named tuples and a lambda per span.
_ORDER = itemgetter(0, 1, 2)


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
        kind, reason = rule.kind, rule.reason
        for found in rule.find(doc):
            start, end = found[0], found[1]
            if end > start:
                spans.append((start, start - end, priority, end, kind, found[2] if len(found) > 2 else reason))
    return [Finding(kind, start, end, text[start:end], reason, field)
            for start, end, kind, reason in _merge(spans)]


def screen_texts(texts: dict[str, str]) -> list[Finding]:
    """Findings in each named text of a post, in the order given; each finding's `field` is
    the name of its text. Every free text a post publishes is screened this way: the title, the
    body, and the notes of its citations and disclosure, which every reader sees too."""
    return [finding for name, text in texts.items() for finding in screen(text or "", name)]


def screen_post(title: str, body: str) -> list[Finding]:
    """Findings in a post's title (field "title") then in its body (field "body")."""
    return screen_texts({TITLE: title, BODY: body})


def _merge(spans: list[tuple]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, reason) for each run of overlapping spans: the kind and reason of the
    run's longest span, the earlier rule's on a tie (the sort is stable, so among spans equal in
    both the first found wins)."""
    spans.sort(key=_ORDER)
    merged = []
    best = None
    for span in spans:
        if best is not None and span[0] < end:
            if span[3] > end:
                end = span[3]
            if span[1] < best[1] or (span[1] == best[1] and span[2] < best[2]):
                best = span
            continue
        if best is not None:
            merged.append((start, end, best[4], best[5]))
        start, end, best = span[0], span[3], span
    if best is not None:
        merged.append((start, end, best[4], best[5]))
    return merged

"""Check a draft against the posting rules and render it, without storing anything.

prepare_post collects every problem (body length, at most MAX_MENTIONS members mentioned, the
clinical rules: disclosure always, citations on the opening post, the privacy screen on every
text the post publishes) so the composer shows them all at once, and renders the body when it
is usable, which is also what the Preview button shows.
"""
import re
from dataclasses import dataclass, field

from forum.discussion import case_template, citations, disclosures
from forum.discussion.drafts import CitationInput, PostDraft, Problems
from forum.discussion.rendering import RenderedBody, render_body
from forum.privacy import screen_texts
from forum.privacy.findings import BODY, TITLE
from forum.privacy.holds import clean_explanation, explanation_problem
from forum.search.text import plain_text
from forum.text import (clean_line, clean_text, composed, has_visible_text, stacking_problem,
                        visible_length)

MAX_BODY_LENGTH = 20_000
TITLE_MIN, TITLE_MAX = 3, 150  # a new thread's title (posting checks them)
_SUBMISSION_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class PreparedCitation:
    kind: str
    value: str
    note: str

    def as_dict(self):
        return {"kind": self.kind, "value": self.value, "note": self.note}


@dataclass
class PreparedPost:
    source: str = ""
    rendered: RenderedBody | None = None
    citations: list[PreparedCitation] = field(default_factory=list)
    disclosure: dict | None = None
    findings: list = field(default_factory=list)  # the privacy screen's (field: which text)
    hold_explanation: str | None = None  # set when the author declared the findings harmless
    title: str | None = None  # an opening post's edit: the thread's new title, if it changes

    @property
    def html(self):
        return self.rendered.html if self.rendered else ""

    @property
    def is_held(self) -> bool:
        """Declared past the screen: publish as "held" for moderator review."""
        return bool(self.findings) and self.hold_explanation is not None


def check_title(raw: str | None, problems: Problems) -> str:
    """A thread title as stored (one line, single spaces); adds a problem on the "title" field
    when it is too short or too long. New threads and an opening post's edit share it."""
    title = clean_line(composed(raw))
    if visible_length(title) < TITLE_MIN:
        problems.add("title", f"Give the thread a title of at least {TITLE_MIN} characters.")
    elif len(title) > TITLE_MAX:
        problems.add("title", f"The title is {len(title)} characters long; the limit is {TITLE_MAX}.")
    elif stacked := stacking_problem(title, "The title"):
        problems.add("title", stacked)
    return title


def prepare_post(draft: PostDraft, problems: Problems, *, clinical: bool, opening: bool,
                 with_disclosure: bool = True, title: str = "",
                 published_source: str | None = None,
                 published_notes: frozenset[str] = frozenset()) -> PreparedPost:
    """Validate, screen and render `draft`. Adds to `problems`; never raises, never writes.

    Clinical threads need a disclosure on every post (unless `with_disclosure` is False, as
    for an edit, which keeps the original snapshot) and at least one citation on the opening post.
    The privacy screen reads `title` (a new thread's), the body and the citation and disclosure
    notes before anything is rendered; what an edit leaves as it was published
    (`published_source`, `published_notes`) is not screened again.
    """
    prepared = PreparedPost()
    # Cleaned after composing: the case template's fields are typed text too, and a direction
    # override in them would show readers what the privacy screen read reversed.
    written = case_template.compose(draft.case, draft.body or "", problems)
    prepared.source = clean_text(composed(written)).strip()
    if not has_visible_text(prepared.source):
        problems.add("body", "Write your post: it cannot be empty.")
    elif len(prepared.source) > MAX_BODY_LENGTH:
        with_case = "" if case_template.is_empty(draft.case) else ", with the case summary,"
        problems.add("body", f"Your post{with_case} is {len(prepared.source):,} characters long; "
                             f"the limit is {MAX_BODY_LENGTH:,}.")
    elif stacked := stacking_problem(prepared.source, "Your post"):
        problems.add("body", stacked)
    prepared.citations = _check_citations(draft.citations, problems, required=clinical and opening)
    if clinical and with_disclosure:
        prepared.disclosure = disclosures.validate_disclosure(draft.disclosure, problems)
    source = prepared.source if _body_within_limits(draft, prepared.source) else None
    _screen(draft, _screened_texts(draft, title, source, published_source, published_notes,
                                   with_disclosure=clinical and with_disclosure), prepared, problems)
    if "body" not in problems.errors:
        rendered = render_body(prepared.source)
        if rendered.too_deep:
            problems.add("body", "Your post nests quotes or lists too deeply: the text at the "
                                 "deepest levels could not be shown. Use fewer levels of quotes "
                                 "within quotes or lists within lists.")
        elif not has_visible_text(plain_text(rendered.html)):
            # "#", ">", "---", a zero-width space: Markdown that shows no text at all
            problems.add("body", "Write your post: it shows no text (only formatting marks or "
                                 "invisible characters).")
        elif rendered.mention_problem:
            problems.add("body", rendered.mention_problem)
        else:
            prepared.rendered = rendered
    return prepared


def _body_within_limits(draft: PostDraft, source: str) -> bool:
    """False when the body, or a case template field composed into it, is over its length limit."""
    return len(source) <= MAX_BODY_LENGTH and case_template.within_limits(draft.case)


def _screened_texts(draft: PostDraft, title: str, source: str | None, published_source: str | None,
                    published_notes: frozenset[str], *, with_disclosure: bool) -> dict[str, str]:
    """Every free text the post would publish, by the form field it comes from, as it would be
    stored: the title, the body, each citation's note and, when the post carries a disclosure,
    each relationship's note. Readers see the notes beside the body, so a patient named in a
    note is as exposed as one named in the body.

    A text over its length limit is left out (`source` is None for such a body): the post is
    refused for its length anyway, and screening a text of any length on request would let
    one submission, or one Preview, cost seconds of work."""
    texts = {}
    if title and len(title) <= TITLE_MAX:
        texts[TITLE] = title
    if source is not None and (published_source is None or source != published_source):
        texts[BODY] = source
    for index, row in enumerate((draft.citations or ())[:citations.MAX_CITATIONS]):
        note = citation_note(row.note)
        if note and len(note) <= citations.MAX_NOTE_LENGTH and note not in published_notes:
            texts[f"citations-{index}-note"] = note
    if with_disclosure and draft.disclosure is not None:
        for index, row in enumerate(draft.disclosure.relationships[:disclosures.MAX_RELATIONSHIPS]):
            note = disclosures.relationship_note(row.note)
            if note and len(note) <= disclosures.MAX_NOTE_LENGTH:
                texts[f"disclosure-relationships-{index}-note"] = note
    return texts


def citation_note(value: str | None) -> str:
    """A citation's note as stored: one line, single spaces, NFC."""
    return clean_line(composed(value))


def _screen(draft: PostDraft, texts: dict[str, str], prepared: PreparedPost, problems: Problems):
    """Run the privacy screen over `texts`; findings stop the post unless the author declared
    them harmless with an acceptable explanation (then the post is held for moderators)."""
    prepared.findings = screen_texts(texts)
    if not prepared.findings:
        return
    problems.note_findings(prepared.findings, texts)
    if not draft.privacy_declared:
        problems.add("privacy", "The privacy screen found text that may identify a patient. "
                                "Edit it out, or declare that it does not identify a patient.")
        return
    problem = explanation_problem(draft.privacy_explanation)
    if problem:
        problems.add("privacy_explanation", problem)
    else:
        prepared.hold_explanation = clean_explanation(draft.privacy_explanation)


def check_submission_key(key: str | None, problems: Problems):
    if not key or not _SUBMISSION_KEY_RE.match(key):
        problems.add("submission_key", "This form is missing its one-time key: reload the page "
                                       "and submit again.")


def _check_citations(rows: list[CitationInput], problems: Problems, required: bool):
    found: list[PreparedCitation] = []
    seen: dict[tuple[str, str], int] = {}
    filled = [(i, row) for i, row in enumerate(rows or []) if not row.is_blank]
    if len(filled) > citations.MAX_CITATIONS:
        problems.add("citations", f"Give at most {citations.MAX_CITATIONS} citations per post.")
        return []
    for index, row in filled:
        number = index + 1
        value, note = clean_text(row.value).strip(), citation_note(row.note)
        if not value:
            problems.add(f"citations-{index}-value",
                         f"Citation {number}: give the PMID, DOI or https link this note is about.")
            continue
        if len(note) > citations.MAX_NOTE_LENGTH:
            problems.add(f"citations-{index}-note",
                         f"Citation {number}: the note is {len(note):,} characters long; the limit "
                         f"is {citations.MAX_NOTE_LENGTH}.")
        elif stacked := stacking_problem(note, f"Citation {number}: the note"):
            problems.add(f"citations-{index}-note", stacked)
        try:
            parsed = citations.parse_citation(value)
        except citations.CitationError as exc:
            problems.add(f"citations-{index}-value", f"Citation {number}: {exc}")
            continue
        key = citations.identity(parsed)
        if key in seen:
            problems.add(f"citations-{index}-value", f"Citation {number} repeats citation {seen[key]}.")
            continue
        seen[key] = number
        found.append(PreparedCitation(parsed.kind, parsed.value, note))
    if required and not filled:
        problems.add("citations", "A clinical case needs at least one citation: "
                                  "a PMID, a DOI or an https link.")
    return found

"""What a composer hands the services (plain data, no forms) and the error that lists every
problem found in it, keyed by the form field to blame."""
from dataclasses import dataclass, field

from forum.errors import Conflict, ValidationFailed


@dataclass
class CitationInput:
    value: str = ""
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.value or "").strip() and not (self.note or "").strip()


@dataclass
class RelationshipInput:
    type: str = ""
    body: str = ""
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return not any((v or "").strip() for v in (self.type, self.body, self.note))


@dataclass
class DisclosureInput:
    """`choice` is "none" (no relevant conflicts), "declared" or "" (not chosen)."""

    choice: str = ""
    relationships: list[RelationshipInput] = field(default_factory=list)


@dataclass
class CaseInput:
    """The optional de-identified case template of the clinical composer."""

    age_band: str = ""
    sex: str = ""
    setting: str = ""
    presentation: str = ""
    question: str = ""


@dataclass
class PostDraft:
    body: str = ""
    citations: list[CitationInput] = field(default_factory=list)
    disclosure: DisclosureInput | None = None
    case: CaseInput | None = None
    submission_key: str | None = None
    # The author's answer to the privacy screen: "this does not identify a patient", and why.
    privacy_declared: bool = False
    privacy_explanation: str = ""


@dataclass
class ThreadDraft:
    category_id: int | None
    title: str
    kind: str
    post: PostDraft


class InvalidDraft(ValidationFailed):
    """Validation found problems; `errors` maps form field names to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        first = next(iter(errors.values()))[0] if errors else "Please correct the form."
        super().__init__(first)
        self.errors = errors


class HeldByScreen(InvalidDraft):
    """A refused draft in which the privacy screen found something (undeclared, or declared
    along with other problems): nothing is published, and the composer shows the findings
    again. Each finding indexes into the text of `texts` ({field: text as screened}) that its
    `field` names."""

    status = 422

    def __init__(self, errors: dict[str, list[str]], findings: list, texts: dict[str, str]):
        super().__init__(errors)
        self.findings = findings
        self.texts = texts


class DuplicateSubmission(Conflict):
    """This composer form was already submitted once (same author, same nonce), or its words
    were just posted by the same author in the same place (`post_id`: that post)."""

    def __init__(self, post_id: int | None = None):
        super().__init__("You posted exactly this a few minutes ago, so it was not posted again."
                         if post_id else "You already submitted this form; it was posted once.")
        self.post_id = post_id


class Problems:
    """Collects every problem so the author sees them all at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}
        self.screened = None  # (findings, texts) when the privacy screen found something

    def add(self, field_name: str, message: str):
        self.errors.setdefault(field_name, []).append(message)

    def note_findings(self, findings: list, texts: dict[str, str]):
        """Keep the screen's findings and the texts it read ({field: text}) so a refused draft
        is shown again with them highlighted."""
        self.screened = (findings, texts)

    def raise_if_any(self):
        if self.errors and self.screened:
            raise HeldByScreen(self.errors, *self.screened)
        if self.errors:
            raise InvalidDraft(self.errors)

    def __bool__(self):
        return bool(self.errors)

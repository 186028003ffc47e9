"""The interface every registry verifier implements, and the evidence it returns."""
from abc import ABC, abstractmethod
from dataclasses import dataclass, field


class Outcome:
    VERIFIED = "verified"
    NEEDS_REVIEW = "needs_review"
    NAME_MISMATCH = "name_mismatch"
    NOT_PHYSICIAN = "not_physician"
    INACTIVE = "inactive"
    NOT_FOUND = "not_found"
    INVALID_IDENTIFIER = "invalid_identifier"
    COULD_NOT_CHECK = "could_not_check"

    LABELS = {
        VERIFIED: "Verified: registry record matches",
        NEEDS_REVIEW: "Needs review",
        NAME_MISMATCH: "Name does not match the registry",
        NOT_PHYSICIAN: "Registry record is not a physician",
        INACTIVE: "Registry record is inactive",
        NOT_FOUND: "Not found in the registry",
        INVALID_IDENTIFIER: "Invalid identifier",
        COULD_NOT_CHECK: "Could not check (registry unavailable)",
    }
    # Outcomes that mean "the registry says no" rather than "a person must look".
    ADVERSE = (NAME_MISMATCH, NOT_PHYSICIAN, INACTIVE, NOT_FOUND, INVALID_IDENTIFIER)
    # What the applicant reads on their status page. A verified match reads like any other
    # application that needs review: a match another account already claims is downgraded to
    # NEEDS_REVIEW (verifiers.common.flag_other_claims), so telling the two apart would let
    # anyone learn, by applying with a physician's public record, whether that physician is a
    # member. Only the admin sees the reasons.
    APPLICANT_LABELS = {
        VERIFIED: "needs review by an admin",
        NEEDS_REVIEW: "needs review by an admin",
        NAME_MISMATCH: "the name does not match the registry record",
        NOT_PHYSICIAN: "the registry record is not a physician's",
        INACTIVE: "the registry record is inactive",
        NOT_FOUND: "not found in the registry",
        INVALID_IDENTIFIER: "the number is not valid",
        COULD_NOT_CHECK: "could not check (registry unavailable)",
    }


class MatchLevel:
    STRONG = "strong"
    PARTIAL = "partial"
    NONE = "none"
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class Applicant:
    """What the applicant declared, as the verifier needs it."""

    full_name: str
    identifier: str  # raw or normalized; verifiers normalize again
    jurisdiction: str  # "US-MA", "GB", "IN-MH", or a country code


@dataclass
class Evidence:
    outcome: str
    match_level: str
    reasons: list[str] = field(default_factory=list)
    record: dict | None = None  # JSON-safe snapshot of the registry record consulted
    sources: list[str] = field(default_factory=list)  # e.g. ["extract"], ["extract", "api"]


class Verifier(ABC):
    """One per registry. `verify` never raises for registry trouble: it returns COULD_NOT_CHECK."""

    registry: str = ""
    label: str = ""

    @abstractmethod
    def normalize(self, raw: str) -> str:
        """Canonical identifier, or identifiers.InvalidIdentifier with the reason."""

    @abstractmethod
    def verify(self, applicant: Applicant) -> Evidence:
        """Look the applicant up and judge the match."""

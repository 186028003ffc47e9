"""What every verifier shares: identifier handling, findings, record snapshots, duplicate claims."""
from abc import abstractmethod
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from forum.extensions import db
from forum.registry import identifiers
from forum.registry.base import Applicant, Evidence, MatchLevel, Outcome, Verifier
from forum.registry.models import RegistryImport, RegistryRecord
from forum.registry.names import RegistryName, match_name

# Worst first: the evidence carries the worst outcome any finding raised.
SEVERITY = (Outcome.INVALID_IDENTIFIER, Outcome.COULD_NOT_CHECK, Outcome.NOT_FOUND, Outcome.INACTIVE,
            Outcome.NOT_PHYSICIAN, Outcome.NAME_MISMATCH, Outcome.NEEDS_REVIEW, Outcome.VERIFIED)
REGISTRY_NAMES = {"npi": "NPPES", "gmc": "GMC", "nmc": "council register", "other": "registry"}
MAX_CLAIMS_SHOWN = 3


@dataclass(frozen=True)
class AccountApplicant(Applicant):
    """An applicant with an account: its own claim on the identifier is not a duplicate."""

    user_id: int | None = None


class Findings:
    """Reasons gathered while judging one record; the worst flagged outcome wins."""

    def __init__(self):
        self.outcome = Outcome.VERIFIED
        self.reasons: list[str] = []
        self.name_level: str | None = None

    def flag(self, outcome: str, reason: str) -> None:
        self.reasons.append(reason)
        if SEVERITY.index(outcome) < SEVERITY.index(self.outcome):
            self.outcome = outcome

    def note(self, reason: str) -> None:
        self.reasons.append(reason)

    def judge_name(self, full_name: str, registry_name: RegistryName) -> None:
        """A partial name match needs a person; a family-name mismatch is a name mismatch."""
        if not (registry_name.family or registry_name.given):
            self.flag(Outcome.NEEDS_REVIEW, "The registry record carries no name to compare with.")
            return
        match = match_name(full_name, registry_name)
        self.name_level = match.level
        if match.level == MatchLevel.NONE:
            for reason in match.reasons:
                self.flag(Outcome.NAME_MISMATCH, reason)
        elif match.level == MatchLevel.PARTIAL:
            for reason in match.reasons:
                self.flag(Outcome.NEEDS_REVIEW, reason)
        else:
            self.reasons.extend(match.reasons)

    def evidence(self, record: dict | None, sources: list[str]) -> Evidence:
        return Evidence(self.outcome, match_level_for(self.outcome, self.name_level),
                        list(self.reasons), record, list(sources))


def match_level_for(outcome: str, name_level: str | None) -> str:
    """Strong only when everything agrees (verified); otherwise how far the identity matched."""
    if outcome == Outcome.VERIFIED:
        return MatchLevel.STRONG
    if name_level is None:
        return MatchLevel.UNCHECKED
    return MatchLevel.NONE if name_level == MatchLevel.NONE else MatchLevel.PARTIAL


class RegistryVerifier(Verifier):
    """Normalise, check against the registry (subclass), then look for duplicate claims."""

    def __init__(self, config=None):
        self.config = config or {}

    def normalize(self, raw: str) -> str:
        return identifiers.normalize(self.registry, raw)

    def verify(self, applicant: Applicant) -> Evidence:
        try:
            identifier = self.normalize(applicant.identifier)
        except identifiers.InvalidIdentifier as exc:
            return Evidence(Outcome.INVALID_IDENTIFIER, MatchLevel.NONE, [str(exc)], None, [])
        evidence = self.check(applicant, identifier)
        flag_other_claims(evidence, self.registry, identifier, applicant)
        return evidence

    @abstractmethod
    def check(self, applicant: Applicant, identifier: str) -> Evidence:
        """Judge the applicant against the registry for an already normalised identifier."""


def flag_other_claims(evidence: Evidence, registry: str, identifier: str, applicant: Applicant) -> None:
    """Another live account with the same identifier makes even a perfect match need a person."""
    from forum.auth.models import AccountState, User

    query = select(User.handle, User.state).where(
        User.registry_code == registry, User.registry_identifier == identifier,
        User.state != AccountState.REJECTED)
    if registry in ("nmc", "other"):  # numbers are unique only within a council or country
        query = query.where(User.jurisdiction == applicant.jurisdiction)
    user_id = getattr(applicant, "user_id", None)
    if user_id is not None:
        query = query.where(User.id != user_id)
    claims = db.session.execute(query.order_by(User.id).limit(MAX_CLAIMS_SHOWN + 1)).all()
    if not claims:
        return
    shown = ", ".join(f"@{handle} ({state.replace('_', ' ')})" for handle, state in claims[:MAX_CLAIMS_SHOWN])
    more = " and others" if len(claims) > MAX_CLAIMS_SHOWN else ""
    evidence.reasons.append(
        f"Another account already claims {identifier}: {shown}{more}. One registration belongs to "
        "one person: find out which applicant is genuine before approving.")
    if evidence.outcome == Outcome.VERIFIED:
        evidence.outcome = Outcome.NEEDS_REVIEW
        evidence.match_level = MatchLevel.PARTIAL


def snapshot(record: RegistryRecord) -> dict:
    """A JSON-safe copy of a stored record, as kept with the evidence."""
    return {
        "source": "extract", "registry": record.registry_code, "council": record.council or "",
        "identifier": record.identifier, "family_name": record.family_name or "",
        "given_name": record.given_name or "", "middle_name": record.middle_name or "",
        "other_family_name": record.other_family_name or "", "other_given_name": record.other_given_name or "",
        "credential": record.credential or "", "status": record.status or "",
        "deactivated_on": _iso(record.deactivated_on), "reactivated_on": _iso(record.reactivated_on),
        "taxonomies": list(record.taxonomies or []), "details": dict(record.details or {}),
        "imported_at": _iso(record.imported_at),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def snapshot_date(snap: dict, key: str) -> date | None:
    value = snap.get(key)
    return date.fromisoformat(value[:10]) if value else None


def registry_name(snap: dict) -> RegistryName:
    return RegistryName(
        family=snap.get("family_name", ""), given=snap.get("given_name", ""),
        middle=snap.get("middle_name", ""), other_family=snap.get("other_family_name", ""),
        other_given=snap.get("other_given_name", ""),
        other_type=(snap.get("details") or {}).get("other_last_name_type", ""))


def find_records(registry: str, identifier: str, council: str | None = "") -> list[dict]:
    """Snapshots of stored records with this identifier (any council when `council` is None)."""
    query = select(RegistryRecord).where(RegistryRecord.registry_code == registry,
                                         RegistryRecord.identifier == identifier)
    if council is not None:
        query = query.where(RegistryRecord.council == council)
    return [snapshot(record) for record in db.session.scalars(query.order_by(RegistryRecord.council))]


def find_record(registry: str, identifier: str, council: str = "") -> dict | None:
    found = find_records(registry, identifier, council)
    return found[0] if found else None


def extract_description(registry: str) -> str:
    """'the NPPES extract imported on 2024-06-01 (file.csv)', for reasons that cite their source."""
    latest = db.session.scalars(
        select(RegistryImport).where(RegistryImport.registry_code == registry,
                                     RegistryImport.finished_at.is_not(None))
        .order_by(RegistryImport.finished_at.desc()).limit(1)).first()
    name = REGISTRY_NAMES.get(registry, registry)
    if latest is None:
        return f"the local {name} extract"
    return f"the {name} extract imported on {latest.finished_at:%Y-%m-%d} ({latest.source_name})"


def has_extract(registry: str) -> bool:
    return db.session.scalar(
        select(RegistryRecord.id).where(RegistryRecord.registry_code == registry).limit(1)) is not None


def absent(registry: str, what: str, import_hint: str) -> Evidence:
    """Not in the extract: "not found", unless there is no extract at all to have looked in."""
    if not has_extract(registry):
        return Evidence(Outcome.COULD_NOT_CHECK, MatchLevel.UNCHECKED,
                        [f"No {REGISTRY_NAMES[registry]} extract has been imported, so {what} could not "
                         f"be checked. Import one with `{import_hint}`, then re-run the check."], None, [])
    return Evidence(Outcome.NOT_FOUND, MatchLevel.NONE,
                    [f"{what} is not in {extract_description(registry)}. Ask the applicant to check the "
                     "number; if it was registered since, re-run the check after the next import."],
                    None, ["extract"])

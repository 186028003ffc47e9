"""US NPI verifier: the local NPPES extract first, the NPI Registry API when configured."""
import re
from dataclasses import dataclass

from forum.registry import jurisdictions
from forum.registry.base import Applicant, Evidence, MatchLevel, Outcome
from forum.registry.npi_api import CouldNotCheck, fetch_npi
from forum.registry.specialties import SPECIALTIES
from forum.registry.verifiers.common import (
    Findings, RegistryVerifier, absent, extract_description, find_record, has_extract, registry_name,
    snapshot_date,
)

PHYSICIAN_PREFIX = "20"
ORAL_SURGERY = "204E00000X"
RESIDENT = "390200000X"
DENTAL_DEGREES = frozenset({"DDS", "DMD"})
MEDICAL_DEGREES = frozenset({"MD", "DO", "MBBS", "MBCHB"})
NON_PHYSICIAN_KINDS = {
    "363L": "nurse practitioner", "363A": "physician assistant", "213E": "podiatrist",
    "111N": "chiropractor", "1223": "dentist", "152W": "optometrist", "1835": "pharmacist",
    "163W": "registered nurse", "364S": "clinical nurse specialist", "367A": "nurse midwife",
    "367500000X": "nurse anesthetist", "1041": "social worker", "103T": "psychologist",
}
IMPORT_HINT = "flask registry import nppes FILE"


@dataclass(frozen=True)
class ApiAnswer:
    """What the online API said: not asked, a record, nothing (None), or an error message."""

    asked: bool
    record: dict | None = None
    error: str | None = None


def is_inactive(snap: dict) -> bool:
    """Deactivated with no reactivation on or after the deactivation date."""
    deactivated, reactivated = snapshot_date(snap, "deactivated_on"), snapshot_date(snap, "reactivated_on")
    return deactivated is not None and (reactivated is None or reactivated < deactivated)


class NpiVerifier(RegistryVerifier):
    registry = "npi"
    label = "US National Provider Identifier (NPPES)"

    def ask_api(self, npi: str) -> ApiAnswer:
        base_url = self.config.get("NPI_API_URL")
        if not base_url:
            return ApiAnswer(asked=False)
        try:
            return ApiAnswer(True, fetch_npi(npi, base_url, float(self.config.get("NPI_API_TIMEOUT") or 5)))
        except CouldNotCheck as exc:
            return ApiAnswer(True, error=str(exc))

    def check(self, applicant: Applicant, npi: str) -> Evidence:
        extract, api = find_record("npi", npi), self.ask_api(npi)
        if extract is None:
            return self._without_extract(applicant, npi, api)
        findings, record = Findings(), extract
        sources = ["extract"] + (["api"] if api.asked and not api.error else [])
        if api.record is not None:
            record = {**api.record, "extract_record": extract}
            if is_inactive(extract):
                findings.flag(Outcome.NEEDS_REVIEW, (
                    f"{extract_description('npi').capitalize()} lists NPI {npi} as deactivated on "
                    f"{extract['deactivated_on']}, but the NPI Registry API lists it as active: it was "
                    "probably reactivated since. Confirm on the NPPES site before approving."))
        elif api.error:
            findings.note(f"{api.error} The check relied on {extract_description('npi')} only.")
        elif api.asked and not is_inactive(extract):
            findings.flag(Outcome.NEEDS_REVIEW, (
                f"{extract_description('npi').capitalize()} lists NPI {npi} as active, but the NPI Registry "
                "API no longer lists it, which happens when an NPI is deactivated after the extract. "
                "Confirm on the NPPES site."))
        judge_record(findings, applicant, record)
        return findings.evidence(record, sources)

    def _without_extract(self, applicant: Applicant, npi: str, api: ApiAnswer) -> Evidence:
        where = extract_description("npi") if has_extract("npi") else "any imported NPPES extract"
        if api.record is not None:
            findings = Findings()
            findings.note(f"NPI {npi} is not in {where}; the NPI Registry API lists it (probably issued "
                          "since the extract).")
            judge_record(findings, applicant, api.record)
            return findings.evidence(api.record, ["api"])
        if api.error:
            return Evidence(Outcome.COULD_NOT_CHECK, MatchLevel.UNCHECKED,
                            [f"NPI {npi} is not in {where}, and: {api.error} Re-run the check later."],
                            None, ["extract"])
        if api.asked:
            return Evidence(Outcome.NOT_FOUND, MatchLevel.NONE, [
                f"Neither {where} nor the NPI Registry API lists NPI {npi}. The API omits deactivated "
                "NPIs, so the number was never issued or has been deactivated: ask the applicant to "
                "check it."], None, ["extract", "api"])
        evidence = absent("npi", f"NPI {npi}", IMPORT_HINT)
        if evidence.outcome == Outcome.NOT_FOUND:
            evidence.reasons.append("The extract keeps only physicians, residents and deactivated NPIs, so "
                                    "the NPI of a nurse practitioner, physician assistant or other "
                                    "non-physician is absent too.")
        return evidence


def judge_record(findings: Findings, applicant: Applicant, snap: dict) -> None:
    """Status, entity type, taxonomies, licence state and name of one NPPES record."""
    npi = snap["identifier"]
    if is_inactive(snap):
        findings.flag(Outcome.INACTIVE, f"NPPES lists NPI {npi} as deactivated on {snap['deactivated_on']}, "
                                        "with no later reactivation.")
        if not snap.get("taxonomies") and not snap.get("family_name"):
            findings.note("The deactivated entry carries only the NPI and the date, so nothing else "
                          "could be compared.")
            return
    elif snap.get("deactivated_on"):
        findings.note(f"NPI {npi} was deactivated on {snap['deactivated_on']} and reactivated on "
                      f"{snap['reactivated_on']}; it is active.")
    if (snap.get("details") or {}).get("entity_type") == "2":
        findings.flag(Outcome.NOT_PHYSICIAN, f"NPI {npi} belongs to an organisation, not an individual.")
        return
    judge_taxonomies(findings, snap)
    judge_state(findings, applicant, snap)
    findings.judge_name(applicant.full_name, registry_name(snap))


def credential_words(credential: str) -> set[str]:
    return set(re.sub(r"[^A-Z ,/]", "", (credential or "").upper().replace(",", " ").replace("/", " ")).split())


def judge_taxonomies(findings: Findings, snap: dict) -> None:
    """Physician = any taxonomy starting 20; dentists under 204E and residents go to a person."""
    codes = [t.get("code", "") for t in snap.get("taxonomies") or [] if t.get("code")]
    physician = [code for code in codes if code.startswith(PHYSICIAN_PREFIX)]
    credential = snap.get("credential") or ""
    words = credential_words(credential)
    if physician and set(physician) == {ORAL_SURGERY} and words & DENTAL_DEGREES and not words & MEDICAL_DEGREES:
        findings.flag(Outcome.NEEDS_REVIEW, (
            f"The only physician taxonomy is {ORAL_SURGERY} (oral and maxillofacial surgery) and the "
            f"credential is {credential!r}: dentists hold this specialty too. Check for a medical "
            "degree (MD or DO) before approving."))
    elif physician:
        shown = ", ".join(f"{code} ({SPECIALTIES[code]})" if code in SPECIALTIES else code for code in physician)
        findings.note(f"NPPES lists physician taxonomy {shown}.")
    elif RESIDENT in codes:
        findings.flag(Outcome.NEEDS_REVIEW, (
            f"NPPES lists taxonomy {RESIDENT} (student in an organised health care education or "
            "training programme): a resident or student, not yet a physician specialty. Decide "
            "whether to admit this trainee."))
    elif codes:
        kinds = sorted({_kind(code) for code in codes})
        findings.flag(Outcome.NOT_PHYSICIAN, (
            f"None of the NPPES taxonomies ({', '.join(codes)}) is a physician taxonomy (codes starting "
            f"20); the record describes a {' / '.join(kinds)}."))
    else:
        findings.flag(Outcome.NOT_PHYSICIAN, "The NPPES record lists no taxonomy, so it cannot be "
                                             "confirmed as a physician's.")


def _kind(code: str) -> str:
    for prefix, kind in NON_PHYSICIAN_KINDS.items():
        if code.startswith(prefix):
            return kind
    return "non-physician provider"


def judge_state(findings: Findings, applicant: Applicant, snap: dict) -> None:
    """The declared state should hold one of the licences NPPES lists (else the practice state)."""
    declared = jurisdictions.us_state(applicant.jurisdiction)
    if declared is None:
        findings.flag(Outcome.NEEDS_REVIEW, f"The declared jurisdiction {applicant.jurisdiction!r} is not a "
                                            "US state, but an NPI is a US identifier.")
        return
    slots = snap.get("taxonomies") or []
    relevant = [t for t in slots if str(t.get("code", "")).startswith(PHYSICIAN_PREFIX)
                or t.get("code") == RESIDENT] or slots
    states = sorted({t["state"] for t in relevant if t.get("state")})
    name = jurisdictions.label(applicant.jurisdiction)
    if declared in states:
        findings.note(f"A licence in the declared state ({name}) is on record.")
    elif states:
        findings.flag(Outcome.NEEDS_REVIEW, (
            f"The applicant declared {name}, but NPPES lists licences in {', '.join(states)} only: a "
            "licence in the declared state cannot be confirmed from NPPES."))
    elif (snap.get("details") or {}).get("practice_state") == declared:
        findings.note(f"NPPES lists no licence state, but the practice location is in {name}.")
    else:
        findings.flag(Outcome.NEEDS_REVIEW, (
            f"NPPES lists no licence state for this NPI, so the declared state ({name}) cannot be "
            "confirmed."))

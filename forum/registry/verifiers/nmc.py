"""India NMC verifier: the admin-maintained council register CSV, keyed by (council, number)."""
import re

from forum.registry import jurisdictions
from forum.registry.base import Applicant, Evidence, MatchLevel, Outcome
from forum.registry.names import RegistryName, match_name
from forum.registry.verifiers.common import Findings, RegistryVerifier, absent, find_record, find_records

IMPORT_HINT = "flask registry import csv --registry nmc FILE"
MEDICAL_QUALIFICATIONS = ("MBBS",)
NON_MEDICAL_QUALIFICATIONS = {
    "BDS": "dental surgery", "BAMS": "Ayurveda", "BHMS": "homoeopathy", "BUMS": "Unani medicine",
    "BSMS": "Siddha medicine", "BNYS": "naturopathy and yoga",
}


def council_of(jurisdiction: str) -> str | None:
    """'IN-MH' -> 'MH' when it names a known council."""
    if jurisdiction and jurisdiction.startswith("IN-") and jurisdiction[3:] in jurisdictions.INDIA_COUNCILS:
        return jurisdiction[3:]
    return None


def council_name(code: str) -> str:
    return jurisdictions.INDIA_COUNCILS.get(code, code)


def nmc_name(snap: dict) -> RegistryName:
    """Registers often hold the whole name in one field: then its last word is the family name."""
    family, given, middle = snap.get("family_name", ""), snap.get("given_name", ""), snap.get("middle_name", "")
    if not family:
        words = f"{given} {middle}".split()
        family, given, middle = (words[-1], " ".join(words[:-1]), "") if words else ("", "", "")
    return RegistryName(family=family, given=given, middle=middle)


class NmcVerifier(RegistryVerifier):
    registry = "nmc"
    label = "India National Medical Commission / State Medical Council"

    def check(self, applicant: Applicant, number: str) -> Evidence:
        council = council_of(applicant.jurisdiction)
        if council is None:
            return Evidence(Outcome.NEEDS_REVIEW, MatchLevel.UNCHECKED, [
                f"The declared jurisdiction {applicant.jurisdiction!r} is not an Indian medical council, "
                "and a registration number means something only within its council."], None, [])
        record = find_record("nmc", number, council)
        if record is None:
            return self._elsewhere(applicant, council, number)
        findings = Findings()
        details = record.get("details") or {}
        if details.get("removed"):
            findings.flag(Outcome.INACTIVE, f"The {council_name(council)} register marks registration "
                                            f"{number} as removed.")
        judge_qualification(findings, details.get("qualification") or record.get("credential", ""))
        findings.judge_name(applicant.full_name, nmc_name(record))
        return findings.evidence(record, ["extract"])

    def _elsewhere(self, applicant: Applicant, council: str, number: str) -> Evidence:
        """The same number under another council whose name matches suggests a wrong council choice."""
        for record in find_records("nmc", number, council=None):
            match = match_name(applicant.full_name, nmc_name(record))
            if match.level != MatchLevel.NONE:
                return Evidence(Outcome.NEEDS_REVIEW, MatchLevel.PARTIAL, [
                    f"Registration {number} is not listed under the {council_name(council)}, but it is "
                    f"under the {council_name(record['council'])} with a matching name: the applicant may "
                    "have chosen the wrong council. Confirm before approving.", *match.reasons],
                    record, ["extract"])
        return absent("nmc", f"Registration {number} of the {council_name(council)}", IMPORT_HINT)


def qualification_parts(text: str) -> list[str]:
    """'M.B.B.S., MD (Med)' -> ['MBBS', 'MD', 'MED']."""
    return [re.sub(r"[^A-Z]", "", part) for part in re.split(r"[,;/+&()]", (text or "").upper())
            if re.sub(r"[^A-Z]", "", part)]


def judge_qualification(findings: Findings, qualification: str) -> None:
    """MBBS makes a medical practitioner; BDS, BAMS, BHMS and the like do not."""
    parts = qualification_parts(qualification)
    if any(part.startswith(MEDICAL_QUALIFICATIONS) for part in parts):
        findings.note(f"The registered qualification includes MBBS ({qualification}).")
        return
    other = [part for part in parts if part in NON_MEDICAL_QUALIFICATIONS]
    if other:
        findings.flag(Outcome.NOT_PHYSICIAN, (
            f"The registered qualification is {qualification!r} ({NON_MEDICAL_QUALIFICATIONS[other[0]]}), "
            "not MBBS: this is not a medical practitioner's registration."))
    elif parts:
        findings.flag(Outcome.NEEDS_REVIEW, (
            f"The registered qualification {qualification!r} is not MBBS: check whether it is a "
            "recognised primary medical qualification."))
    else:
        findings.flag(Outcome.NEEDS_REVIEW, "The register entry lists no qualification: check for MBBS "
                                            "on the council's public register.")

"""UK GMC verifier: the imported List of Registered Medical Practitioners."""
from forum.registry import statuses
from forum.registry.base import Applicant, Evidence, Outcome
from forum.registry.verifiers.common import Findings, RegistryVerifier, absent, find_record, registry_name

IMPORT_HINT = "flask registry import csv --registry gmc FILE"
STATUS_FINDINGS = {
    statuses.GMC_ACTIVE: (None, "The GMC lists this doctor as registered with a licence to practise."),
    statuses.GMC_PROVISIONAL: (Outcome.NEEDS_REVIEW, (
        "The GMC lists this doctor as provisionally registered with a licence to practise: a doctor "
        "in the first foundation year. Decide whether to admit this trainee.")),
    statuses.GMC_WITHOUT_LICENCE: (Outcome.INACTIVE, (
        "The GMC lists this doctor as registered without a licence to practise: they may not "
        "practise medicine in the UK.")),
    statuses.GMC_SUSPENDED: (Outcome.INACTIVE, "The GMC lists this doctor's registration as suspended."),
    statuses.GMC_NOT_REGISTERED: (Outcome.INACTIVE, "The GMC lists this reference number as not registered."),
}


class GmcVerifier(RegistryVerifier):
    registry = "gmc"
    label = "UK General Medical Council"

    def check(self, applicant: Applicant, reference: str) -> Evidence:
        record = find_record("gmc", reference)
        if record is None:
            return absent("gmc", f"GMC reference number {reference}", IMPORT_HINT)
        findings = Findings()
        status = statuses.canonical_gmc_status(record["status"])
        if status is None:
            findings.flag(Outcome.NEEDS_REVIEW, f"The GMC status {record['status']!r} is not one Curbside "
                                                "knows; check the register entry by hand.")
        else:
            outcome, reason = STATUS_FINDINGS[status]
            if outcome is None:
                findings.note(reason)
            else:
                findings.flag(outcome, reason)
        findings.judge_name(applicant.full_name, registry_name(record))
        return findings.evidence(record, ["extract"])

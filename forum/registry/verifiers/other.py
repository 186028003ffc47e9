"""Registries Curbside has no extract or API for: every application goes to a person."""
from forum.registry import jurisdictions
from forum.registry.base import Applicant, Evidence, MatchLevel, Outcome
from forum.registry.verifiers.common import RegistryVerifier


class OtherVerifier(RegistryVerifier):
    registry = "other"
    label = "Other registry (manual review)"

    def check(self, applicant: Applicant, identifier: str) -> Evidence:
        country = jurisdictions.label(applicant.jurisdiction) or "the declared country"
        return Evidence(Outcome.NEEDS_REVIEW, MatchLevel.UNCHECKED, [
            f"No registry for {country} is connected to Curbside: look up licence {identifier!r} on "
            f"the issuing authority's public register and compare the name with "
            f"{applicant.full_name!r} before approving."], None, [])

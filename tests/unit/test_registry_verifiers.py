"""Each verifier's outcomes on the fictional sample extract, GMC and NMC rows, and the API."""
from pathlib import Path

import pytest

from forum.auth.models import AccountState
from forum.registry.base import Applicant, MatchLevel, Outcome
from forum.registry.csv_import import import_registry_csv
from forum.registry.models import RegistryRecord
from forum.registry.nppes_import import import_nppes
from forum.registry.verifiers import AccountApplicant, get_verifier
from tests import factories
from tests.registry_fixtures import api_result, gmc_csv, nmc_csv, physician_row, sample_rows, write_nppes


@pytest.fixture
def extract(db, tmp_path):
    import_nppes(write_nppes(tmp_path / "npidata.csv", sample_rows()))


def npi_check(name, npi, jurisdiction, config=None):
    return get_verifier("npi", config or {}).verify(Applicant(name, npi, jurisdiction))


def said(evidence, phrase):
    return any(phrase in reason for reason in evidence.reasons)


def test_unknown_registry_is_refused():
    with pytest.raises(ValueError, match="Unknown registry"):
        get_verifier("ama", {})


@pytest.mark.parametrize("name, npi, state", [
    ("Amelia J. Quillfeather", "1234567893", "US-MA"),
    ("Dr Rafael O'Neil-Baptiste Jr.", "1987654328", "US-NY"),
    ("Mei Lin Vanterpool", "1000000004", "US-CA"),
    ("Josefina De La Cruz", "1666666668", "US-TX"),  # deactivated, then reactivated
    ("Theodore R. Winterbourne", "1777777776", "US-MA"),  # README's "Apply to join" example
])
def test_matching_physicians_are_verified_strong(extract, name, npi, state):
    evidence = npi_check(name, npi, state)
    assert (evidence.outcome, evidence.match_level, evidence.sources) == (Outcome.VERIFIED, MatchLevel.STRONG, ["extract"])
    assert evidence.record["identifier"] == npi and evidence.record["source"] == "extract"


def test_reactivation_is_explained(extract):
    assert said(npi_check("Josefina Dela Cruz", "1666666668", "US-TX"), "reactivated on 2019-07-15")


def test_invalid_check_digit_is_invalid_identifier(extract):
    evidence = npi_check("Amelia Quillfeather", "1234567890", "US-MA")
    assert (evidence.outcome, evidence.match_level, evidence.sources) == (Outcome.INVALID_IDENTIFIER, MatchLevel.NONE, [])
    assert said(evidence, "check digit")


def test_deactivated_npi_is_inactive(extract):
    evidence = npi_check("Anyone At All", "1333333338", "US-NY")
    assert evidence.outcome == Outcome.INACTIVE and said(evidence, "deactivated on 2021-03-31")


def test_dentist_under_oral_surgery_needs_review(extract):
    evidence = npi_check("Simone Parkhurst", "1444444446", "US-OR")
    assert (evidence.outcome, evidence.match_level) == (Outcome.NEEDS_REVIEW, MatchLevel.PARTIAL)
    assert said(evidence, "dentists hold this specialty too")


def test_oral_surgeon_with_a_medical_degree_is_verified(db, tmp_path):
    row = physician_row("1444444446", "PARKHURST", "SIMONE", taxonomy="204E00000X", state="OR",
                        **{"Provider Credential Text": "DDS, MD"})
    import_nppes(write_nppes(tmp_path / "x.csv", [row]))
    assert npi_check("Simone Parkhurst", "1444444446", "US-OR").outcome == Outcome.VERIFIED


def test_resident_needs_review(extract):
    evidence = npi_check("Priya Abernathy-Singh", "1555555550", "US-PA")
    assert evidence.outcome == Outcome.NEEDS_REVIEW and said(evidence, "390200000X")


@pytest.mark.parametrize("taxonomy, kind", [("363LF0000X", "nurse practitioner"), ("363A00000X", "physician assistant"),
                                            ("213E00000X", "podiatrist"), ("111N00000X", "chiropractor")])
def test_non_physician_taxonomies_are_not_physician(db, taxonomy, kind):
    # The importer leaves these rows out; a record from an older import (or the API) is judged so.
    db.session.add(RegistryRecord(
        registry_code="npi", identifier="1111111112", family_name="HOLLOWAY", given_name="BRIDGET",
        status="active", details={"entity_type": "1"},
        taxonomies=[{"code": taxonomy, "license": "AP000777", "state": "WA", "primary": True}]))
    db.session.flush()
    evidence = npi_check("Bridget Holloway", "1111111112", "US-WA")
    assert evidence.outcome == Outcome.NOT_PHYSICIAN and said(evidence, kind)


def test_non_physician_absent_from_extract_is_not_found_with_the_reason(extract):
    evidence = npi_check("Bridget Holloway", "1111111112", "US-WA")
    assert (evidence.outcome, evidence.match_level) == (Outcome.NOT_FOUND, MatchLevel.NONE)
    assert said(evidence, "keeps only physicians")


def test_valid_npi_not_in_extract_is_not_found(extract):
    evidence = npi_check("Amelia Quillfeather", "1999999992", "US-MA")
    assert (evidence.outcome, evidence.match_level) == (Outcome.NOT_FOUND, MatchLevel.NONE)
    assert said(evidence, "NPPES extract imported on") and said(evidence, "(npidata.csv)")


def test_no_extract_and_no_api_could_not_check(db):
    evidence = npi_check("Amelia Quillfeather", "1234567893", "US-MA")
    assert (evidence.outcome, evidence.match_level) == (Outcome.COULD_NOT_CHECK, MatchLevel.UNCHECKED)
    assert said(evidence, "flask registry import nppes")


def test_other_licence_state_needs_review(extract):
    evidence = npi_check("Amelia Quillfeather", "1234567893", "US-NY")
    assert (evidence.outcome, evidence.match_level) == (Outcome.NEEDS_REVIEW, MatchLevel.PARTIAL)
    assert said(evidence, "declared New York, but NPPES lists licences in MA only")


@pytest.mark.parametrize("name, outcome, phrase", [
    ("Mei Lin Chen", Outcome.NEEDS_REVIEW, "former or other last name CHEN"),
    ("Rafael Baptiste", Outcome.NEEDS_REVIEW, "only partly matches"),
    ("Amelia Smith", Outcome.NAME_MISMATCH, "family name does not match"),
])
def test_name_variants(extract, name, outcome, phrase):
    npi = {"Mei Lin Chen": "1000000004", "Rafael Baptiste": "1987654328", "Amelia Smith": "1234567893"}[name]
    state = {"1000000004": "US-CA", "1987654328": "US-NY", "1234567893": "US-MA"}[npi]
    evidence = npi_check(name, npi, state)
    assert evidence.outcome == outcome and said(evidence, phrase)
    assert evidence.match_level == (MatchLevel.NONE if outcome == Outcome.NAME_MISMATCH else MatchLevel.PARTIAL)


def test_another_live_account_with_the_same_npi_needs_review(extract):
    mine = factories.make_user(state=AccountState.PENDING_REVIEW, identifier="1234567893", full_name="Amelia Quillfeather")
    other = factories.make_user(state=AccountState.VERIFIED, identifier="1234567893", full_name="Someone Else")
    factories.make_user(state=AccountState.REJECTED, identifier="1234567893", handle="rejected1")
    evidence = get_verifier("npi", {}).verify(
        AccountApplicant("Amelia Quillfeather", "1234567893", "US-MA", user_id=mine.id))
    assert (evidence.outcome, evidence.match_level) == (Outcome.NEEDS_REVIEW, MatchLevel.PARTIAL)
    assert said(evidence, f"@{other.handle} (verified)") and not said(evidence, "rejected1")
    assert not said(evidence, f"@{mine.handle}")


def test_own_account_is_not_a_duplicate(extract):
    mine = factories.make_user(state=AccountState.PENDING_REVIEW, identifier="1234567893")
    evidence = get_verifier("npi", {}).verify(
        AccountApplicant("Amelia Quillfeather", "1234567893", "US-MA", user_id=mine.id))
    assert evidence.outcome == Outcome.VERIFIED


def test_run_checks_stores_evidence_without_flagging_itself(app, extract):
    from forum.registry.services import run_checks

    user = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Amelia Quillfeather")
    check = run_checks(user, trigger="test")
    assert (check.outcome, check.match_level, check.triggered_by) == (Outcome.VERIFIED, MatchLevel.STRONG, "test")
    assert check.record_snapshot["family_name"] == "QUILLFEATHER"


def test_the_applicant_reads_a_claimed_match_like_any_match(app, extract):
    """The duplicate claim is for the admin: a verified match that another account claims
    (stored as needs review) and one nobody claims read the same to the applicant."""
    from forum.registry.services import applicant_outcome, run_checks

    first = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Amelia Quillfeather")
    unclaimed = run_checks(first, trigger="test")
    second = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Amelia Quillfeather")
    claimed = run_checks(second, trigger="test")
    assert (unclaimed.outcome, claimed.outcome) == (Outcome.VERIFIED, Outcome.NEEDS_REVIEW)
    assert applicant_outcome(unclaimed) == applicant_outcome(claimed) == "needs review by an admin"
    assert applicant_outcome(None) is None


def test_every_outcome_has_words_for_the_applicant():
    assert set(Outcome.APPLICANT_LABELS) == set(Outcome.LABELS)
    adverse = {Outcome.APPLICANT_LABELS[outcome] for outcome in Outcome.ADVERSE}
    assert Outcome.APPLICANT_LABELS[Outcome.NEEDS_REVIEW] not in adverse and len(adverse) == len(Outcome.ADVERSE)


# --- NPI Registry API combined with the extract --------------------------------------------------


def api_config(httpserver):
    return {"NPI_API_URL": httpserver.url_for("/api"), "NPI_API_TIMEOUT": 2}


def answer(httpserver, npi, respond):
    respond(httpserver.expect_request("/api/", query_string={"version": "2.1", "number": npi}))


def test_api_can_verify_an_npi_the_extract_lacks(extract, httpserver):
    answer(httpserver, "1999999992", lambda r: r.respond_with_json(api_result("1999999992")))
    evidence = npi_check("Amelia Quillfeather", "1999999992", "US-MA", api_config(httpserver))
    assert (evidence.outcome, evidence.sources) == (Outcome.VERIFIED, ["api"])
    assert said(evidence, "the NPI Registry API lists it")


def test_api_non_physician_is_not_physician(db, httpserver):
    taxonomies = [{"code": "363LF0000X", "primary": True, "state": "WA", "license": "AP000777"}]
    answer(httpserver, "1111111112", lambda r: r.respond_with_json(
        api_result("1111111112", "HOLLOWAY", "BRIDGET", taxonomies=taxonomies)))
    evidence = npi_check("Bridget Holloway", "1111111112", "US-WA", api_config(httpserver))
    assert evidence.outcome == Outcome.NOT_PHYSICIAN and said(evidence, "nurse practitioner")


def test_api_organisation_is_not_physician(db, httpserver):
    answer(httpserver, "2453198766", lambda r: r.respond_with_json(api_result("2453198766", enumeration_type="NPI-2")))
    assert npi_check("Amelia Quillfeather", "2453198766", "US-MA", api_config(httpserver)).outcome == Outcome.NOT_PHYSICIAN


def test_extract_deactivated_but_api_active_needs_review(extract, httpserver):
    answer(httpserver, "1333333338", lambda r: r.respond_with_json(api_result("1333333338")))
    evidence = npi_check("Amelia Quillfeather", "1333333338", "US-MA", api_config(httpserver))
    assert evidence.outcome == Outcome.NEEDS_REVIEW and said(evidence, "probably reactivated since")
    assert evidence.sources == ["extract", "api"] and evidence.record["extract_record"]["identifier"] == "1333333338"


def test_extract_active_but_api_silent_needs_review(extract, httpserver):
    answer(httpserver, "1234567893", lambda r: r.respond_with_json({"result_count": 0, "results": []}))
    evidence = npi_check("Amelia Quillfeather", "1234567893", "US-MA", api_config(httpserver))
    assert evidence.outcome == Outcome.NEEDS_REVIEW and said(evidence, "no longer lists it")


def test_extract_deactivated_and_api_silent_is_inactive(extract, httpserver):
    answer(httpserver, "1333333338", lambda r: r.respond_with_json({"result_count": 0, "results": []}))
    assert npi_check("X Y", "1333333338", "US-MA", api_config(httpserver)).outcome == Outcome.INACTIVE


def test_absent_everywhere_is_not_found(extract, httpserver):
    answer(httpserver, "1999999992", lambda r: r.respond_with_json({"result_count": 0, "results": []}))
    evidence = npi_check("Amelia Quillfeather", "1999999992", "US-MA", api_config(httpserver))
    assert (evidence.outcome, evidence.sources) == (Outcome.NOT_FOUND, ["extract", "api"])


@pytest.mark.parametrize("respond", [
    lambda r: r.respond_with_data("", status=429),
    lambda r: r.respond_with_data("", status=503),
    lambda r: r.respond_with_json({"Errors": [{"description": "service unavailable"}]}),
    lambda r: r.respond_with_data("not json"),
])
def test_api_trouble_without_extract_record_could_not_check(extract, httpserver, respond):
    answer(httpserver, "1999999992", respond)
    evidence = npi_check("Amelia Quillfeather", "1999999992", "US-MA", api_config(httpserver))
    assert (evidence.outcome, evidence.match_level) == (Outcome.COULD_NOT_CHECK, MatchLevel.UNCHECKED)


def test_api_trouble_with_extract_record_falls_back_to_the_extract(extract, httpserver):
    answer(httpserver, "1234567893", lambda r: r.respond_with_data("", status=500))
    evidence = npi_check("Amelia Quillfeather", "1234567893", "US-MA", api_config(httpserver))
    assert (evidence.outcome, evidence.sources) == (Outcome.VERIFIED, ["extract"])
    assert said(evidence, "HTTP 500") and said(evidence, "relied on")


# --- GMC, NMC and other registries ----------------------------------------------------------------


@pytest.fixture
def gmc_list(db, tmp_path):
    path = tmp_path / "gmc.csv"
    path.write_text(gmc_csv([
        ("1234567", "Quillfeather", "Amelia Jane", "Registered with a licence to practise"),
        ("2345678", "Okafor", "Chidi", "Provisionally registered with a licence to practise"),
        ("3456789", "Brown", "Alan", "Registered without a licence to practise"),
        ("4567890", "Grey", "Ann", "Suspended"),
        ("5678901", "White", "Ben", "Not registered"),
    ]))
    import_registry_csv("gmc", path)


@pytest.mark.parametrize("reference, name, outcome", [
    ("C1234567", "Amelia Quillfeather", Outcome.VERIFIED),
    ("2345678", "Chidi Okafor", Outcome.NEEDS_REVIEW),
    ("3456789", "Alan Brown", Outcome.INACTIVE),
    ("4567890", "Ann Grey", Outcome.INACTIVE),
    ("5678901", "Ben White", Outcome.INACTIVE),
    ("1234567", "Amelia Smith", Outcome.NAME_MISMATCH),
    ("7654321", "Amelia Quillfeather", Outcome.NOT_FOUND),
    ("12345", "Amelia Quillfeather", Outcome.INVALID_IDENTIFIER),
])
def test_gmc_outcomes(gmc_list, reference, name, outcome):
    evidence = get_verifier("gmc", {}).verify(Applicant(name, reference, "GB"))
    assert evidence.outcome == outcome, evidence.reasons
    assert evidence.reasons


def test_gmc_without_an_imported_list_could_not_check(db):
    evidence = get_verifier("gmc", {}).verify(Applicant("Amelia Quillfeather", "1234567", "GB"))
    assert evidence.outcome == Outcome.COULD_NOT_CHECK and said(evidence, "--registry gmc")


@pytest.fixture
def nmc_register(db, tmp_path):
    path = tmp_path / "nmc.csv"
    path.write_text(nmc_csv([
        ("MH", "2001/12345", "2001", "Ravi", "", "Sharma", "Mohan Sharma", "MBBS", "no"),
        ("MH", "2002/55555", "2002", "Anita", "", "Desai", "", "BDS", "no"),
        ("Delhi Medical Council", "DMC-777", "1999", "Suresh", "K", "Iyer", "", "M.B.B.S., MD", "yes"),
        ("KA", "KMC-1", "2010", "Lakshmi", "", "Rao", "", "BAMS", "no"),
        ("TN", "88888", "2011", "Priya", "", "Nair", "", "MBBS", "no"),
    ]))
    import_registry_csv("nmc", path)


@pytest.mark.parametrize("council, number, name, outcome, phrase", [
    ("IN-MH", "2001/12345", "Ravi Sharma", Outcome.VERIFIED, "MBBS"),
    ("IN-MH", "2002/55555", "Anita Desai", Outcome.NOT_PHYSICIAN, "dental surgery"),
    ("IN-KA", "KMC-1", "Lakshmi Rao", Outcome.NOT_PHYSICIAN, "Ayurveda"),
    ("IN-DL", "DMC-777", "Suresh K Iyer", Outcome.INACTIVE, "removed"),
    ("IN-KA", "88888", "Priya Nair", Outcome.NEEDS_REVIEW, "wrong council"),
    ("IN-KA", "99999", "Priya Nair", Outcome.NOT_FOUND, "Karnataka Medical Council"),
    ("IN-MH", "2001/12345", "Ravi Kapoor", Outcome.NAME_MISMATCH, "does not match"),
])
def test_nmc_outcomes(nmc_register, council, number, name, outcome, phrase):
    evidence = get_verifier("nmc", {}).verify(Applicant(name, number, council))
    assert evidence.outcome == outcome, evidence.reasons
    assert said(evidence, phrase), evidence.reasons


def test_other_registry_is_manual_review(db):
    evidence = get_verifier("other", {}).verify(Applicant("Jane Doe", "ABC-123", "FR"))
    assert (evidence.outcome, evidence.match_level, evidence.sources) == (Outcome.NEEDS_REVIEW, MatchLevel.UNCHECKED, [])
    assert said(evidence, "France") and said(evidence, "ABC-123")


def test_other_registry_duplicate_claim_in_same_country(db):
    factories.make_user(registry="other", identifier="ABC-123", jurisdiction="FR", handle="first")
    factories.make_user(registry="other", identifier="ABC-123", jurisdiction="BE", handle="belgian")
    evidence = get_verifier("other", {}).verify(Applicant("Jane Doe", "ABC-123", "FR"))
    assert said(evidence, "@first") and not said(evidence, "@belgian")


def test_the_readmes_apply_example_is_unclaimed_in_the_demo(db):
    """README: apply with NPI 1777777776 on the freshly seeded demo; no demo account holds it,
    so the application reaches the admin as a clean, strong match."""
    from sqlalchemy import select

    from forum.auth.models import User
    from forum.demo.seed import seed_demo

    seed_demo(echo=lambda *_: None)
    db.session.flush()
    assert db.session.scalars(select(User).where(User.registry_identifier == "1777777776")).first() is None
    evidence = npi_check("Theodore R. Winterbourne", "1777777776", "US-MA")
    assert (evidence.outcome, evidence.match_level) == (Outcome.VERIFIED, MatchLevel.STRONG)
    assert not said(evidence, "Another account already claims")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "NPI `1777777776`" in readme and "forum/demo/nppes_sample.csv" in readme

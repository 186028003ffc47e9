"""Citations are parsed, normalized and linked; bad ones are refused with the reason; the
disclosure and case-template rules that sit beside them in the composer."""
import pytest

from forum.discussion import case_template, disclosures
from forum.discussion.citations import CitationError, href, label, parse_citation
from forum.discussion.drafts import CaseInput, DisclosureInput, Problems, RelationshipInput


@pytest.mark.parametrize("text, kind, value", [
    ("12345678", "pmid", "12345678"),
    ("PMID: 123", "pmid", "123"),
    ("pmid 00042", "pmid", "42"),
    ("https://pubmed.ncbi.nlm.nih.gov/24569125/", "pmid", "24569125"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/24569125", "pmid", "24569125"),
    ("10.1056/NEJMoa2034577", "doi", "10.1056/NEJMoa2034577"),
    ("doi:10.1530/EJE-13-1020", "doi", "10.1530/EJE-13-1020"),
    ("https://doi.org/10.1056/NEJM200005253422107", "doi", "10.1056/NEJM200005253422107"),
    ("http://dx.doi.org/10.1000/a%2Fb", "doi", "10.1000/a/b"),
    ("  https://www.nice.org.uk/guidance/ng136  ", "url", "https://www.nice.org.uk/guidance/ng136"),
    # Pasted from a reference list: the list's punctuation is not part of the DOI.
    ("doi:10.1016/S0140-6736(20)32661-1.", "doi", "10.1016/S0140-6736(20)32661-1"),
    ("10.1056/NEJMoa2034577.", "doi", "10.1056/NEJMoa2034577"),
    ("DOI: 10.1016/S0140-6736(20)32661-1);", "doi", "10.1016/S0140-6736(20)32661-1"),
    ("10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2", "doi",
     "10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2"),
    ("PMC7745181", "url", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7745181/"),
    ("PMCID: pmc7745181", "url", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7745181/"),
    ("PMID:12345678.", "pmid", "12345678"),
    ("12345678,", "pmid", "12345678"),
    ("https://example.com/paper.", "url", "https://example.com/paper"),
    ("https://en.wikipedia.org/wiki/Sepsis_(disease)", "url", "https://en.wikipedia.org/wiki/Sepsis_(disease)"),
    # A doi.org link's query or fragment is no part of the DOI.
    ("https://doi.org/10.1056/NEJMoa2034577?utm_source=x", "doi", "10.1056/NEJMoa2034577"),
    ("https://doi.org/10.1056/NEJMoa2034577#sec-2", "doi", "10.1056/NEJMoa2034577"),
    # As physicians paste them: PubMed's own tails, MEDLINE's "PMID-", a label without colon.
    ("PMID: 32640463; PMCID: PMC7745181", "pmid", "32640463"),
    ("PMID: 32640463 [PubMed - indexed for MEDLINE]", "pmid", "32640463"),
    ("PMID- 32640463", "pmid", "32640463"),
    ("PubMed ID: 32640463", "pmid", "32640463"),
    ("DOI 10.1056/NEJMoa2034577", "doi", "10.1056/NEJMoa2034577"),
    ("doi: https://doi.org/10.1056/NEJMoa2034577", "doi", "10.1056/NEJMoa2034577"),
    # The literature's own sites without their scheme.
    ("doi.org/10.1056/NEJMoa2034577", "doi", "10.1056/NEJMoa2034577"),
    ("pubmed.ncbi.nlm.nih.gov/32640463/", "pmid", "32640463"),
    # Brackets or quotes around it, or left open from the sentence.
    ("(10.1056/NEJMoa2034577)", "doi", "10.1056/NEJMoa2034577"),
    ("<https://www.nice.org.uk/guidance/ng136>", "url", "https://www.nice.org.uk/guidance/ng136"),
    ("“PMID: 32640463”", "pmid", "32640463"),
    ("(PMID: 32640463", "pmid", "32640463"),
    ("(doi:10.1016/S0140-6736(20)32661-1)", "doi", "10.1016/S0140-6736(20)32661-1"),
    # Line breaks a one-line field drops on paste (a DOI a PDF wrapped); a no-break space.
    ("https://doi.org/10.1056/\nNEJMoa2034577", "doi", "10.1056/NEJMoa2034577"),
    ("PMID:\u00a032640463", "pmid", "32640463"),
    ("PMID:\t32640463", "pmid", "32640463"),
    # A zero-width space or byte-order mark pasted along at either end.
    ("\ufeffPMID: 32640463\u200b", "pmid", "32640463"),
    ("\u200b https://doi.org/10.1056/NEJMoa2034577 \u2060", "doi", "10.1056/NEJMoa2034577"),
    # A DOI whose "/" came URL-encoded.
    ("10.1016%2FS0140-6736(20)32661-1", "doi", "10.1016/S0140-6736(20)32661-1"),
    # PubMed Central's old address is the same article as its id.
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7745181/", "url", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7745181/"),
    ("PMC007745181", "url", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7745181/"),
    # An internationalized site name is kept in its ASCII form: no look-alike letter hides in it.
    ("https://bücher.example/leitlinie", "url", "https://xn--bcher-kva.example/leitlinie"),
    ("https://pubmеd.ncbi.nlm.nih.gov/123/", "url", "https://xn--pubmd-2we.ncbi.nlm.nih.gov/123/"),
])
def test_citations_are_normalized(text, kind, value):
    parsed = parse_citation(text)
    assert (parsed.kind, parsed.value) == (kind, value)


@pytest.mark.parametrize("text, reason", [
    ("0", "greater than 0"),
    ("1234567890123", "at most 9 digits"),
    ("10.12/abc", "not a valid DOI"),
    ("10.1234", "not a valid DOI"),
    ("doi: 10.1000/has space", "not a valid DOI"),
    ("http://example.org/paper", "uses http"),
    ("javascript:alert(1)", "not a PMID"),
    ("ftp://example.org/x", "not a PMID"),
    ("see the guideline", "contains spaces"),
    ("https://user:pw@example.org/x", "user name or password"),
    ("https://localhost/x", "valid web site"),
    ("https://", "valid web site"),
    # Invisible characters, literal or percent-encoded: PostgreSQL refuses NUL outright.
    ("doi:10.1056/ab%00cd", "invisible or control character"),
    ("https://doi.org/10.1056/ab%E2%80%AEcd", "invisible or control character"),
    ("https://example.com/\x01x", "invisible or control character"),
    ("10.1056/NEJM\u200b2034577", "invisible or control character"),
    # Digits of other scripts are no PMID or DOI prefix; "ſ" is no "s".
    ("１２３４５６７８", "not a PMID"),
    ("١٢٣٤٥", "not a PMID"),
    ("10.１２３４/x", "not a valid DOI"),
    ("https://ſtatnews.com/x", "valid web site"),
    ("https://example.com:99999/x", "invalid port"),
    ("https://example.com:abc/x", "invalid port"),
    ("pmc0", "not a PubMed Central id"),
    ("https://doi.org/", "“https://doi.org/” holds no DOI"),
    ("www.nejm.org/doi/full/10.1056/NEJMoa2034577", "has no https:// in front"),
    ("https://example.com\\@evil.example/", "backslash"),
    ("https://ｅｘａｍｐｌｅ.com/", "valid web site"),
    # A whole reference in one field: which of its identifiers to give.
    ("Smith J, Doe A. Remdesivir. N Engl J Med. 2020;383:1-10. doi: 10.1056/NEJMoa2034577. "
     "PMID: 32640463; PMCID: PMC7745181.",
     "looks like a whole reference; give only its PMID 32640463 or its DOI 10.1056/NEJMoa2034577."),
    ("10.1056/NEJMoa 2034577", "contains spaces"),
    # Within the limit as typed, past it (and the column's size) once normalized.
    ("https://bücher.example/" + "a" * 1975, "longer than 2000 characters"),
    ("www.ncbi.nlm.nih.gov/" + "a" * 1975, "longer than 2000 characters"),
])
def test_bad_citations_say_why(text, reason):
    with pytest.raises(CitationError) as caught:
        parse_citation(text)
    assert reason in str(caught.value)


def test_links_are_the_same_citation_only_up_to_scheme_and_host_case():
    from forum.discussion.citations import identity
    same = [identity(parse_citation(t)) for t in ("https://Example.org/Trial", "HTTPS://example.ORG/Trial")]
    assert same[0] == same[1]
    assert identity(parse_citation("https://example.org/trial")) != same[0]  # paths are case-sensitive
    assert identity(parse_citation("10.1056/nejmoa2034577")) == identity(parse_citation("doi:10.1056/NEJMoa2034577"))
    assert identity(parse_citation("PMC7745181")) == identity(parse_citation(
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7745181/"))


def test_citation_links_and_labels():
    assert href("pmid", "123") == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert href("doi", "10.1000/a b<c>") == "https://doi.org/10.1000/a%20b%3Cc%3E"
    assert href("url", "https://x.example/p") == "https://x.example/p"
    assert label("pmid", "123") == "PMID 123"
    assert label("doi", "10.1/x") == "doi:10.1/x"
    assert label("url", "https://x.example/p?q=1") == "x.example/p"


def test_over_long_relationships_say_how_long_and_accents_count_once():
    problems = Problems()
    disclosures.validate_disclosure(DisclosureInput("declared", [
        RelationshipInput("consulting", "A" * 201, "n" * 301),
        RelationshipInput("speaking", "E\u0301" * 200, "e\u0301" * 300)]), problems)
    assert problems.errors == {
        "disclosure-relationships-0-body": ["Relationship 1: the company or body is 201 characters long; "
                                            "the limit is 200."],
        "disclosure-relationships-0-note": ["Relationship 1: the note is 301 characters long; the limit is 300."]}


def test_disclosure_requires_an_explicit_choice():
    problems = Problems()
    assert disclosures.validate_disclosure(DisclosureInput(""), problems) is None
    assert "Choose" in problems.errors["disclosure-choice"][0]


def test_no_conflicts_snapshot():
    problems = Problems()
    snapshot = disclosures.validate_disclosure(DisclosureInput("none", [RelationshipInput()]), problems)
    assert not problems
    assert snapshot["no_conflicts"] is True and snapshot["relationships"] == []
    assert disclosures.summary(snapshot) == "No relevant conflicts"


def test_declared_relationships_are_typed_and_named():
    problems = Problems()
    snapshot = disclosures.validate_disclosure(DisclosureInput("declared", [
        RelationshipInput("consulting", "  Acme   Pharma ", "advisory board"),
        RelationshipInput(),
        RelationshipInput("equity", "Beta Devices"),
    ]), problems)
    assert not problems
    assert snapshot["relationships"] == [
        {"type": "consulting", "body": "Acme Pharma", "note": "advisory board"},
        {"type": "equity", "body": "Beta Devices", "note": ""},
    ]
    assert disclosures.summary(snapshot) == "Declares: consulting (Acme Pharma); equity (Beta Devices)"


def test_incomplete_or_contradictory_disclosures_are_refused():
    problems = Problems()
    disclosures.validate_disclosure(DisclosureInput("declared", [RelationshipInput("bribery", "")]), problems)
    assert problems.errors["disclosure-relationships-0-type"] == ["Relationship 1: choose its type."]
    assert problems.errors["disclosure-relationships-0-body"] == ["Relationship 1: name the company or body."]
    problems = Problems()
    disclosures.validate_disclosure(DisclosureInput("declared", []), problems)
    assert "at least one relationship" in problems.errors["disclosure-choice"][0]
    problems = Problems()
    disclosures.validate_disclosure(DisclosureInput("none", [RelationshipInput("equity", "X")]), problems)
    assert "but listed relationships" in problems.errors["disclosure-choice"][0]


def test_case_template_is_composed_above_the_text():
    problems = Problems()
    source = case_template.compose(CaseInput("70-79", "female", "emergency", "Dizzy for a week.",
                                             "Would you image?"), "My thoughts.", problems)
    assert not problems
    assert source.startswith("**De-identified case**")
    assert "- Age band: 70-79\n- Sex: Female\n- Setting: Emergency department" in source
    assert "**Presentation**\n\nDizzy for a week." in source
    assert source.endswith("Would you image?\n\nMy thoughts.")


def test_case_template_refuses_values_outside_its_lists():
    problems = Problems()
    case_template.compose(CaseInput("73", "f", "my clinic in Leeds"), "", problems)
    assert set(problems.errors) == {"case-age_band", "case-sex", "case-setting"}


def test_empty_case_template_leaves_the_body_alone():
    assert case_template.compose(CaseInput(), "Just text", Problems()) == "Just text"


def test_a_code_fence_left_open_in_the_case_template_is_closed_there():
    source = case_template.compose(CaseInput("", "", "", "Labs:\n```\nNa 128", "What next?"),
                                   "Free text.", Problems())
    assert source.index("Na 128\n```") < source.index("**Question for colleagues**")
    assert source.endswith("Free text.")

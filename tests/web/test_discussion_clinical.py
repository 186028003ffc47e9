"""Clinical cases end to end through the composer: disclosure and citations are required,
validated and shown; nothing is stored when refused; snapshots outlive profile edits."""
import re

import pytest
from sqlalchemy import select

from forum.discussion.models import Post, PostCitation, Thread
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories


@pytest.fixture
def category(db):
    category = df.make_category("Clinical cases: internal medicine")
    db.session.commit()
    return category


def nothing_stored():
    return df.count_rows(Thread) == 0 and df.count_rows(Post) == 0 and df.count_rows(PostCitation) == 0


def test_composer_reminds_about_patients_and_offers_the_case_template(member_client, category):
    page = member_client.get("/threads/new").get_data(as_text=True)
    assert "never include anything that could identify a patient" in page
    assert "De-identified case template" in page
    assert '<label for="case-age_band">Age band</label>' in page
    assert '<label for="citations-0-value">PMID, DOI or https link</label>' in page


def test_clinical_thread_without_disclosure_is_refused(member_client, category):
    response = df.post_new_thread(member_client, category, **{"citations-0-value": "PMID: 24569125"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was posted" in page
    assert 'id="disclosure-choice-error"' in page
    assert "Choose “No relevant conflicts” or declare your relationships." in page
    assert nothing_stored()


def test_clinical_thread_without_citation_is_refused(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(citations=()))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A clinical case needs at least one citation: a PMID, a DOI or an https link." in page
    # announced where a screen reader is: on the group and on the first citation's field
    assert 'aria-describedby="citations-group-error"' in page
    assert re.search(r'<input[^>]*aria-describedby="citations-group-error"[^>]*aria-invalid="true"[^>]*'
                     r'id="citations-0-value"', page)
    assert nothing_stored()


def test_invalid_citation_is_refused_naming_the_citation_and_why(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        citations=("PMID: 24569125", "10.12/abc", "http://example.org/guideline")))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="citations-1-value-error"' in page
    assert "Citation 2: “10.12/abc” is not a valid DOI" in page
    assert "Citation 3: “http://example.org/guideline” uses http: give the https address" in page
    assert 'value="10.12/abc"' in page  # what was typed is kept for correction
    assert nothing_stored()


def test_clinical_thread_with_disclosure_and_citations_is_posted_and_shown(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        citations=("PMID: 24569125", "https://doi.org/10.1056/NEJM200005253422107",
                   "https://www.nice.org.uk/guidance/ng136"),
        ), **{"citations-0-note": "ESE guideline 2014"})
    assert response.status_code == 302
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sodium falling on an SSRI" in page
    assert '<h2 class="visually-hidden">Post 1, by Amelia Quillfeather</h2>' in page  # no h1 -> h3 jump
    assert "Conflicts of interest: none relevant" in page
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/24569125/" rel="nofollow noopener noreferrer">PMID 24569125</a>' in page
    assert "ESE guideline 2014" in page
    assert '<a href="https://doi.org/10.1056/NEJM200005253422107" rel="nofollow noopener noreferrer">doi:10.1056/NEJM200005253422107</a>' in page
    assert "www.nice.org.uk/guidance/ng136" in page
    stored = db.session.scalars(select(PostCitation).order_by(PostCitation.position)).all()
    assert [(c.kind, c.value) for c in stored] == [
        ("pmid", "24569125"), ("doi", "10.1056/NEJM200005253422107"),
        ("url", "https://www.nice.org.uk/guidance/ng136")]


def test_citations_as_physicians_paste_them_are_stored_normalized_and_repeats_named(member_client, category):
    """PubMed's own citation tail, a DOI in brackets with the sentence's full stop, doi.org
    without https://, PubMed Central's old address: each is the identifier it names."""
    pasted = ("PMID: 32640463; PMCID: PMC7745181", "(doi:10.1016/S0140-6736(20)32661-1).",
              "doi.org/10.1056/NEJMoa2034577", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7745181/")
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        citations=(*pasted, "https://pubmed.ncbi.nlm.nih.gov/32640463/", "PMC7745181")))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Citation 5 repeats citation 1." in page and "Citation 6 repeats citation 4." in page
    assert nothing_stored()
    response = df.post_new_thread(member_client, category, **df.clinical_fields(citations=pasted))
    assert response.status_code == 302
    stored = db.session.scalars(select(PostCitation).order_by(PostCitation.position)).all()
    assert [(c.kind, c.value) for c in stored] == [
        ("pmid", "32640463"), ("doi", "10.1016/S0140-6736(20)32661-1"), ("doi", "10.1056/NEJMoa2034577"),
        ("url", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7745181/")]
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/32640463/" rel="nofollow noopener noreferrer">PMID 32640463</a>' in page


def test_a_whole_reference_in_a_citation_field_says_which_identifier_to_give(member_client, category):
    reference = ("Beigel JH, et al. Remdesivir for the Treatment of Covid-19. N Engl J Med. "
                 "2020;383(19):1813-1826. doi: 10.1056/NEJMoa2007764. PMID: 32445440.")
    response = df.post_new_thread(member_client, category, **df.clinical_fields(citations=(reference,)))
    assert response.status_code == 400
    assert ("Citation 1: it looks like a whole reference; give only its PMID 32445440 or its DOI "
            "10.1056/NEJMoa2007764.") in response.get_data(as_text=True)
    assert nothing_stored()


def test_declared_relationships_are_shown_as_a_badge(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        choice="declared", relationships=[("consulting", "Acme Pharma", "advisory board 2025"),
                                          ("research_funding", "National Heart Institute", "")]))
    assert response.status_code == 302
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Conflicts of interest declared (2)" in page
    assert "<strong>Consulting</strong>: Acme Pharma" in page
    assert "advisory board 2025" in page
    assert "<strong>Research funding</strong>: National Heart Institute" in page


def test_incomplete_relationship_is_refused_beside_the_row(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        choice="declared", relationships=[("consulting", "", "")]))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="disclosure-relationships-0-body-error"' in page
    assert "Relationship 1: name the company or body." in page
    assert nothing_stored()


def test_general_thread_needs_neither(member_client, category):
    response = df.post_new_thread(member_client, category, kind="general", title="Rota swaps")
    assert response.status_code == 302
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "General discussion" in page and "Conflicts of interest" not in page


def test_case_template_is_placed_at_the_top_of_the_post(member_client, category):
    response = df.post_new_thread(member_client, category, body="Thoughts welcome.", **df.clinical_fields(),
                                  **{"case-age_band": "70-79", "case-sex": "female",
                                     "case-setting": "outpatient", "case-presentation": "Fatigue.",
                                     "case-question": "Stop the SSRI?"})
    assert response.status_code == 302
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>De-identified case</strong>" in page
    assert "<li>Age band: 70-79</li>" in page and "<li>Setting: Outpatient clinic</li>" in page
    assert "<strong>Question for colleagues</strong>" in page and "Stop the SSRI?" in page


def test_preview_renders_without_posting(member_client, category):
    response = df.post_new_thread(member_client, category, body="**Bold** idea", action="preview",
                                  **df.clinical_fields())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Not posted yet" in page and "<strong>Bold</strong> idea" in page
    assert "No relevant conflicts" in page
    assert nothing_stored()


def test_add_citation_button_adds_a_row_without_posting(member_client, category):
    response = df.post_new_thread(member_client, category, action="add_citation",
                                  **df.clinical_fields(citations=("1", "2")))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="citations-2-value"' in page and "Nothing was posted" not in page
    assert nothing_stored()


def test_clinical_reply_needs_the_repliers_disclosure(member_client, category, member):
    author = factories.make_user()
    thread = df.start_thread(author, category, kind="clinical")
    db.session.commit()
    refused = df.post_reply(member_client, thread.id, body="Stop it.")
    assert refused.status_code == 400
    assert "Choose “No relevant conflicts”" in refused.get_data(as_text=True)
    assert df.count_rows(Post) == 1
    accepted = df.post_reply(member_client, thread.id, body="Stop it.",
                             **df.clinical_fields(citations=("doi:10.1530/EJE-13-1020",)))
    assert accepted.status_code == 302
    page = member_client.get(accepted.headers["Location"]).get_data(as_text=True)
    assert page.count("Conflicts of interest: none relevant") == 2
    assert "doi:10.1530/EJE-13-1020" in page


def test_composer_is_prefilled_from_the_standing_disclosure(member_client, category):
    saved = member_client.post("/profile", data={
        "institution": "Mercy General", "disclosure-choice": "declared",
        "disclosure-relationships-0-type": "speaking", "disclosure-relationships-0-body": "Beta Devices",
        "action": "post"})
    assert saved.status_code == 302
    page = member_client.get("/threads/new").get_data(as_text=True)
    assert '<input checked id="disclosure-choice-1" name="disclosure-choice" type="radio" value="declared">' in page
    assert 'value="Beta Devices"' in page
    assert '<option selected value="speaking">' in page


def test_snapshot_is_unchanged_after_editing_the_profile(member_client, category, member):
    declared = df.clinical_fields(choice="declared", relationships=[("equity", "Gamma Labs", "shares")])
    response = df.post_new_thread(member_client, category, **declared)
    thread_url = response.headers["Location"]
    edited = member_client.post("/profile", data={"institution": "", "disclosure-choice": "none",
                                                  "action": "post"})
    assert edited.status_code == 302
    profile = member_client.get(f"/members/{member.handle}").get_data(as_text=True)
    assert "No relevant conflicts of interest" in profile
    page = member_client.get(thread_url).get_data(as_text=True)
    assert "<strong>Equity</strong>: Gamma Labs" in page and "shares" in page


def test_more_than_20_citations_are_refused_not_cut_short(member_client, category):
    """The form reads rows past the limit, so the 21st is refused with a message instead of
    being dropped in silence."""
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        citations=[f"PMID: {1000 + i}" for i in range(21)]))
    assert response.status_code == 400
    assert "Give at most 20 citations per post." in response.get_data(as_text=True)
    assert nothing_stored()


def test_more_than_10_relationships_are_refused_not_cut_short(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        choice="declared", relationships=[("consulting", f"Company {i}", "") for i in range(11)]))
    assert response.status_code == 400
    assert "Declare at most 10 relationships." in response.get_data(as_text=True)
    assert nothing_stored()


def test_the_add_row_buttons_stop_at_the_limits(member_client, category):
    page = df.post_new_thread(member_client, category, action="add_citation", **df.clinical_fields(
        citations=[f"PMID: {1000 + i}" for i in range(19)])).get_data(as_text=True)
    assert 'id="citations-19-value"' in page and 'value="add_citation"' not in page
    assert nothing_stored()


@pytest.mark.parametrize("title", ["\u200b\u200b\u200b", "\u3164\u3164\u3164", "\u2800\u2800\u2800",
                                   "\u00ad\u00ad\u00ad", "\u202e\u202e\u202e", "\x01\x02\x03", "a\u200bb"])
def test_titles_that_show_fewer_than_3_characters_are_refused(member_client, category, title):
    response = df.post_new_thread(member_client, category, kind="general", title=title)
    assert response.status_code == 400
    assert "Give the thread a title of at least 3 characters." in response.get_data(as_text=True)
    assert nothing_stored()


@pytest.mark.parametrize("body", ["\u200b", "&nbsp;", "&#8203;", "&zwnj;", "\x01\x02", "#", ">", "- ",
                                  "```\n```", "[]()", "---", "\u0301\u0301"])
def test_bodies_that_show_no_text_are_refused(member_client, category, body):
    response = df.post_new_thread(member_client, category, kind="general", body=body)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="body-error"' in page and "Write your post" in page
    assert nothing_stored()


def test_direction_overrides_and_controls_are_removed_from_titles_and_bodies(member_client, category):
    response = df.post_new_thread(member_client, category, kind="general",
                                  title="Case \u202etxt.exe\x07 bell", body="Fine\x01 text \u2067here\u2069.")
    assert response.status_code == 302
    thread = db.session.scalars(select(Thread)).one()
    assert thread.title == "Case txt.exe bell"
    assert db.session.scalars(select(Post)).one().body_source == "Fine text here."


def test_a_percent_encoded_nul_in_a_doi_is_refused_beside_the_citation(member_client, category):
    """It decodes after the request-wide NUL check; PostgreSQL refused it with a server error."""
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        citations=("doi:10.1056/ab%00cd",)))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="citations-0-value-error"' in page and "invisible or control character" in page
    assert nothing_stored()


def test_an_over_long_post_with_a_case_summary_says_the_summary_counts(member_client, category):
    response = df.post_new_thread(member_client, category, kind="general", body="x" * 19_000,
                                  **{"case-presentation": "y" * 1_500})
    assert response.status_code == 400
    assert "Your post, with the case summary, is" in response.get_data(as_text=True)
    assert nothing_stored()


def test_case_fields_count_line_breaks_once_and_say_how_long_they_are(member_client, category):
    """A browser sends each line break of a text area as CR LF: 2,000 lines were refused as
    4,000 characters over a limit of 4,000 without saying how many there were."""
    lines = "\r\n".join(["Na 128"] * 571)  # 3,990 characters as shown, 4,560 as sent
    response = df.post_new_thread(member_client, category, kind="general",
                                  **{"case-presentation": lines, "case-question": "q" * 4_001})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The question is 4,001 characters long; the limit is 4,000." in page
    assert 'id="case-presentation-error"' not in page
    response = df.post_new_thread(member_client, category, kind="general", **{"case-presentation": lines})
    assert response.status_code == 302


RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def test_the_case_template_fields_lose_direction_overrides_like_the_body(member_client, category):
    """A direction override in the presentation would show readers, forwards, words the privacy
    screen read backwards ("Mrs. Jones, DOB ..." typed reversed inside U+202E)."""
    hidden = RLO + "Mrs. Jones, DOB 03/14/1951"[::-1] + PDF
    response = df.post_new_thread(member_client, category, **df.clinical_fields(),
                                  **{"case-age_band": "60-69", "case-presentation": f"Seen today: {hidden}\x07",
                                     "case-question": f"{LRI}Next step?{PDI}"})
    assert response.status_code == 302
    post = db.session.scalars(select(Post)).one()
    for text in (post.body_source, post.body_html):
        assert not set(text) & {RLO, PDF, LRI, PDI, "\x07"}
    assert "Next step?" in post.body_html


def test_a_relationship_note_loses_direction_overrides_and_is_screened_as_shown(member_client, category):
    reversed_note = RLO + "Mrs. Jones, DOB 03/14/1951"[::-1] + PDF
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        choice="declared", relationships=[("consulting", f"Acme {RLO}amrahP{PDF}", f"via {reversed_note}")]))
    assert response.status_code == 302
    snapshot = db.session.scalars(select(Post)).one().disclosure
    relationship = snapshot["relationships"][0]
    assert relationship["body"] == "Acme amrahP" and RLO not in relationship["note"]
    # the same identifier written the right way round is held back by the screen
    again = df.post_new_thread(member_client, category, title="Second case", **df.clinical_fields(
        choice="declared", relationships=[("consulting", "Acme", "via Mrs. Jones, DOB 03/14/1951")]))
    assert again.status_code == 422


def test_a_relationship_must_name_something_visible(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(
        choice="declared", relationships=[("consulting", "\u200b\u200b\u2060", "")]))
    assert response.status_code == 400
    assert "Relationship 1: name the company or body." in response.get_data(as_text=True)
    assert nothing_stored()

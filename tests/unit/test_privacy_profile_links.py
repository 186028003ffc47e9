"""Links to personal pages (profiles, fundraisers, patient journals, obituaries) are flagged;
links to articles, institutions and the sites' own pages are not."""
import pytest

from forum.privacy.rules.profile_links import RULE


@pytest.mark.parametrize("text, expected", [
    ("Visit https://facebook.com/jane.doe.5 for her fundraiser.", "https://facebook.com/jane.doe.5"),
    ("her page facebook.com/jane.doe", "facebook.com/jane.doe"),
    ("from her phone: m.facebook.com/jane.doe", "m.facebook.com/jane.doe"),  # subdomain, no scheme
    ("https://m.facebook.com/profile.php?id=1000123", "https://m.facebook.com/profile.php?id=1000123"),
    ("(https://twitter.com/jdoe1962)", "https://twitter.com/jdoe1962"),
    ("x.com/jdoe?lang=en", "x.com/jdoe?lang=en"),
    ("https://www.gofundme.com/f/help-jane-beat-cancer.", "https://www.gofundme.com/f/help-jane-beat-cancer"),
    ("updates on caringbridge.org/visit/janedoe", "caringbridge.org/visit/janedoe"),
    ("https://www.legacy.com/us/obituaries/name/john-doe", "https://www.legacy.com/us/obituaries/name/john-doe"),
    ("https://www.linkedin.com/in/jdoe/", "https://www.linkedin.com/in/jdoe/"),
    ("https://www.youtube.com/@janedoe", "https://www.youtube.com/@janedoe"),
    ("https://www.tiktok.com/@jane", "https://www.tiktok.com/@jane"),
    ("reddit.com/u/throwaway123", "reddit.com/u/throwaway123"),
])
def test_flags_links_to_personal_pages(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "the support group www.facebook.com/groups/lupus-support",
    "https://x.com/NEJM/status/1234567890",
    "https://twitter.com/search?q=sepsis",
    "https://www.linkedin.com/company/mayo-clinic",
    "https://youtube.com/watch?v=abc123",
    "https://www.reddit.com/r/medicine/comments/abc",
    "https://www.nejm.org/doi/full/10.1056/NEJMoa2034577",
    "https://pubmed.ncbi.nlm.nih.gov/33301246/",
    "the fax.com site and https://netflix.com/title/1",
    "3 x 4 cm lesion, max 2 x daily",
])
def test_leaves_other_links_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("his insta is @jdoe_runs - he posts about his chemo", "@jdoe_runs"),
    ("Follow his recovery on twitter @johnsrecovery", "@johnsrecovery"),
    ("Her handle on Reddit is u/janedoe_cancer", "u/janedoe_cancer"),
])
def test_flags_someones_handle_named_with_its_network(text, expected):
    assert RULE.texts(text) == [expected]


@pytest.mark.parametrize("text", [
    "@sarah agree, start heparin",
    "I saw it on twitter, @NEJM posted the trial.",
    "Insulin 5 u/kg/day on twitter advice, her dose.",
])
def test_leaves_mentions_and_journal_handles_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("her diary: https://toms-leukaemia-diary.wordpress.com/", "https://toms-leukaemia-diary.wordpress.com/"),
    ("family set up gofund.me/abc123de for the flights", "gofund.me/abc123de"),
    ("www.justgiving.com/page/run-for-dad-2024", "www.justgiving.com/page/run-for-dad-2024"),
])
def test_flags_fundraisers_and_personal_blogs(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["see https://wordpress.com/support for help", "https://www.justgiving.com/about"])
def test_leaves_the_hosts_own_pages_alone(text):
    assert RULE.texts(text) == []

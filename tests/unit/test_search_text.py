"""Query sanitising, highlighting and HTML-to-text for search, without a database."""
import pytest

from forum.search.text import (MARK_START, MARK_STOP, MAX_TERMS, clean, highlight, parse_query,
                               plain_text, quoted_query)

HOSTILE = [
    '"', '""', '"unbalanced', "NEAR(a b, 3)", "a NEAR b", "*", "sep*", "-", "-sepsis", "a - b",
    "(", ")", "((a OR b)", "a AND", "OR", "NOT", "title:sepsis", "^sepsis", "{a b}: c",
    "'; DROP TABLE post; --", "1=1 OR 'a'='a'", "%", "_", "\\", "\x00\x02\x03", "<script>",
    "a" * 1000, "é" * 300, "🙂 emoji", "a b c d e f g h i j k l m n o p q r s t",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_any_input_becomes_quoted_words_only(raw):
    terms = parse_query(raw)
    assert len(terms) <= MAX_TERMS
    for words in terms:
        for word in words:
            # Letters and digits, perhaps joined inside the word by - / . ' ’ @ (never a quote).
            assert word.replace("-", "").replace("/", "").replace(".", "").replace("'", "") \
                .replace("’", "").replace("@", "").isalnum()
            assert word[0].isalnum() and word[-1].isalnum() and len(word) <= 64
    query = quoted_query(terms)
    assert query.count('"') == 2 * len(terms)


def test_phrases_are_kept_together_and_words_lowercased():
    assert parse_query('Sepsis "Early Goal directed" LACTATE') == [
        ("sepsis",), ("early", "goal", "directed"), ("lactate",)]
    assert quoted_query([("a",), ("b", "c")]) == '"a" "b c"'


def test_operators_are_not_passed_through():
    assert parse_query("a NEAR(b) -c*") == [("a",), ("near",), ("b",), ("c",)]
    assert parse_query("  ") == []
    assert parse_query(None) == []


@pytest.mark.parametrize("raw, terms", [
    ("COVID-19 pneumonia", [("covid-19",), ("pneumonia",)]),
    ("SARS-CoV-2", [("sars-cov-2",)]),
    ('"acute kidney-injury" IL-6', [("acute", "kidney-injury"), ("il-6",)]),
    ("BP 120/80", [("bp",), ("120/80",)]),
    ("e.g. K+ Na+", [("e.g",), ("k",), ("na",)]),
    ("-sepsis x--y a- O'Brien", [("sepsis",), ("x",), ("y",), ("a",), ("o'brien",)]),
])
def test_words_joined_by_a_hyphen_slash_or_dot_stay_whole(raw, terms):
    """Each engine splits "COVID-19" with the tokenizer that split the posts: split here,
    PostgreSQL's parser (which reads it as "covid" and "-19") found nothing."""
    assert parse_query(raw) == terms


def test_duplicate_terms_are_dropped():
    assert parse_query("heart heart HEART") == [("heart",)]


def test_highlight_escapes_user_text_and_marks_matches():
    marked = f"<b>x</b> {MARK_START}sepsis{MARK_STOP} & \"quotes\""
    assert str(highlight(marked)) == '&lt;b&gt;x&lt;/b&gt; <mark>sepsis</mark> &amp; &#34;quotes&#34;'


def test_highlight_is_always_balanced():
    assert str(highlight(f"{MARK_START}open")) == "<mark>open</mark>"
    assert str(highlight(f"stray{MARK_STOP} end")) == "stray end"
    assert str(highlight(None)) == ""


def test_plain_text_strips_tags_unescapes_and_drops_marks():
    html = "<p>Fever &amp; <em>rash</em></p><p>second&lt;script&gt;</p>\x02"
    assert plain_text(html) == "Fever & rash second<script>"
    assert clean("a\x03\x02  b\n c") == "a b c"


def test_marks_that_touch_become_one():
    assert str(highlight(f"{MARK_START}COVID{MARK_STOP}{MARK_START}-19{MARK_STOP} and "
                         f"{MARK_START}a{MARK_STOP} {MARK_START}b{MARK_STOP}")) == \
        "<mark>COVID-19</mark> and <mark>a</mark> <mark>b</mark>"


def test_queries_and_indexed_text_are_nfkc_without_soft_hyphens():
    assert parse_query("Sjo\u0308gren ﬁbrosis ＣＯＶＩＤ") == [("sjögren",), ("fibrosis",), ("covid",)]
    assert clean("hyper\u00adkalemia ﬁbrosis") == "hyperkalemia fibrosis"


def test_postgresql_reads_folded_text_like_sqlites_tokenizer():
    from forum.search.engines import folded, folded_query
    assert folded("“Sepsis” Sjögren diabetes—poorly COVID-19 https://x.org/a_b ﬁ") == \
        "Sepsis Sjogren diabetes poorly COVID 19 https x org a b fi"
    assert folded_query('"covid-19" "sjögren syndrome" "—"') == '"covid 19" "sjogren syndrome"'

"""The search page through the test client: form, results, filters, states and hostile input."""
import re
from datetime import timedelta

import pytest

from forum.auth.models import AccountState
from forum.discussion.models import ThreadKind
from forum.extensions import db
from forum.timeutil import utcnow
from tests import factories
from tests.conftest import login
from tests.search_factories import make_category, make_post, make_thread, opening_post
from tests.unit.test_search_text import HOSTILE


def test_the_empty_page_shows_the_form_with_labelled_fields(member_client):
    response = member_client.get("/search")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for field in ("q", "category", "author", "clinical"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    assert "Results" not in page


def test_results_show_title_snippet_author_and_link(member_client, member):
    thread = make_thread(member, title="Kawasaki disease follow-up", body="Echo at six weeks <b>bold</b>")
    db.session.commit()
    response = member_client.get("/search?q=echo")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kawasaki disease follow-up" in page
    assert "<mark>Echo</mark>" in page and "&lt;b&gt;bold" in page and "<b>" not in page
    assert member.full_name in page
    assert f'href="/posts/{opening_post(thread).id}"' in page


@pytest.mark.parametrize("query", ["COVID-19", "covid-19 pneumonia", '"SARS-CoV-2 infection"', "IL-6",
                                   "120/80", "beta-blocker"])
def test_words_with_hyphens_and_slashes_find_the_posts_that_have_them(member_client, member, query):
    """On both engines: PostgreSQL's parser reads "COVID-19" as "covid" and "-19", so a query
    split into "covid" and "19" found nothing there."""
    make_thread(member, title="Cytokine storm", body="COVID-19 pneumonia after SARS-CoV-2 infection: IL-6 "
                "was 210, BP 120/80 off the beta-blocker.")
    make_thread(member, title="Unrelated", body="Covid vaccine uptake in 2019; IL receptor; beta and blocker.")
    db.session.commit()
    page = member_client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "Cytokine storm" in page and "Unrelated" not in page
    assert "<mark>" in page


def test_no_results_and_no_words_states(member_client, member):
    make_thread(member, title="Something", body="text")
    db.session.commit()
    assert "No posts match" in member_client.get("/search?q=zebrafish").get_data(as_text=True)
    assert "no words to look for" in member_client.get("/search?q=%22%2A%22").get_data(as_text=True)
    page = member_client.get("/search?q=text&author=ghost").get_data(as_text=True)
    assert "No member has the handle" in page and "ghost" in page


def test_filters_from_the_query_string(member_client, member, moderator):
    neurology = make_category("Neurology")
    make_thread(member, title="Migraine general", body="triptan general")
    make_thread(moderator, category=neurology, title="Migraine case", body="triptan case",
                kind=ThreadKind.CLINICAL)
    db.session.commit()

    def titles(query):
        page = member_client.get("/search?" + query).get_data(as_text=True)
        return {t for t in ("Migraine general", "Migraine case") if t in page}

    assert titles("q=triptan") == {"Migraine general", "Migraine case"}
    assert titles(f"q=triptan&category={neurology.id}") == {"Migraine case"}
    assert titles("q=triptan&clinical=y") == {"Migraine case"}
    assert titles(f"q=triptan&author={member.handle}") == {"Migraine general"}


def test_an_unknown_category_is_a_form_error_not_a_crash(member_client):
    response = member_client.get("/search?q=x&category=999999")
    assert response.status_code == 400
    response = member_client.get("/search?q=x&category=abc")
    assert response.status_code == 400


@pytest.mark.parametrize("raw", HOSTILE + ["a" * 1000 + " " + "NEAR(" * 50])
def test_hostile_queries_never_500(member_client, member, raw):
    make_thread(member, title="Hostile", body="near or not and")
    db.session.commit()
    response = member_client.get("/search", query_string={"q": raw, "author": raw[:60], "page": raw[:20]})
    assert response.status_code in (200, 400)


def test_an_overlong_query_says_so(member_client):
    response = member_client.get("/search", query_string={"q": "a" * 1000})
    assert response.status_code == 400
    assert "at most 500 characters" in response.get_data(as_text=True)


def test_deleted_posts_and_hidden_posts_are_not_shown(member_client, member):
    thread = make_thread(member, title="Nephrotic", body="albumin visible")
    deleted = make_post(thread, member, "albumin deleted text")
    deleted.deleted_at = utcnow()
    held = make_post(thread, member, "albumin held text")
    held.status = "held"
    db.session.commit()
    page = member_client.get("/search?q=albumin").get_data(as_text=True)
    assert "visible" in page and "deleted text" not in page and "held text" not in page


def test_pagination_links_keep_the_filters(member_client, member):
    thread = make_thread(member, title="Paging", body="start")
    for i in range(25):
        make_post(thread, member, f"ferritin value {i}")
    db.session.commit()
    first = member_client.get("/search?q=ferritin&clinical=").get_data(as_text=True)
    assert 'rel="next"' in first and "page=2" in first and "q=ferritin" in first
    second = member_client.get("/search?q=ferritin&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_search_is_for_members_only(app, client, db):
    assert client.get("/search?q=x").status_code == 302
    pending = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    other = app.test_client()
    login(other, pending)
    response = other.get("/search?q=x")
    assert response.status_code == 302 and response.headers["Location"].endswith("/status")


def test_nav_links_to_search(member_client):
    assert 'href="/search"' in member_client.get("/notifications").get_data(as_text=True)


@pytest.mark.parametrize("query", [
    "", "q=warfarin", "q=warfarin&category=2&clinical=y&author=%40jdoe", "q=x&clinical=no",
    "q=" + "x" * 600, "q=x&author=" + "a" * 50, "q=x&category=99", "q=x&category=abc",
    'q=%22a+b%22+%3Cb%3E&author=%22%3E%3Cscript%3E', "q=a&q=b&clinical=&category=",
    "q=x&order=newest", "q=x&order=oldest", "q=x&order=",
    "q=x&since=2026-01-02&until=2026-01-05", "q=x&since=2026-01-02&until=2025-01-01",
    "q=x&since=yesterday", "q=x&until=0001-01-01", "q=x&since=", "q=x&since=%22%3E%3Cb%3E",
    "q=x&answered=y", "q=x&answered=y&clinical=y",
])
def test_the_search_fields_are_drawn_as_the_field_macro_draws_them(app, query):
    """SearchPostsForm.html replaces the generic macro on the search page: same markup."""
    import re

    from flask import render_template_string
    from werkzeug.datastructures import MultiDict

    from forum.search.forms import HELP, SearchPostsForm
    from urllib.parse import parse_qsl

    macro = ('{% from "_macros/forms.html" import field %}'
             "{{ field(form.q, help=help.q) }}{{ field(form.category) }}"
             "{{ field(form.author, help=help.author) }}{{ field(form.clinical) }}{{ field(form.order) }}"
             "{{ field(form.since, help=help.since) }}{{ field(form.until, help=help.until) }}"
             "{{ field(form.answered) }}")
    fast = ('{{ form.html("q") }}{{ form.html("category") }}{{ form.html("author") }}'
            '{{ form.html("clinical") }}{{ form.html("order") }}{{ form.html("since") }}{{ form.html("until") }}'
            '{{ form.html("answered") }}')
    with app.test_request_context("/search?" + query):
        form = SearchPostsForm(formdata=MultiDict(parse_qsl(query, keep_blank_values=True)))
        form.set_categories([(1, "Cardiology"), (2, "Emergency & critical care"), (3, '"Quoted" <b>')])
        if (form.q.data or "").strip():
            form.validate()
        squash = lambda html: re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()  # noqa: E731
        assert squash(render_template_string(fast, form=form)) == squash(
            render_template_string(macro, form=form, help=HELP))


@pytest.mark.parametrize("query", ["sjogren", "Sjögren", "Sjo\u0308gren", "sepsis", "diabetes",
                                   "crohn", "pubmed", "12345678", "covid 19", "ﬁbrosis", "hyperkalemia",
                                   "guillain barre", "lactate"])
def test_both_engines_split_and_fold_words_alike(member_client, member, query):
    """PostgreSQL indexes folded text as SQLite's tokenizer reads it: accents, ligatures, soft
    hyphens, curly quotes, dashes, links and hyphens no longer hide a word there."""
    make_thread(member, title="Folding", body="“Sepsis” then Sjögren; diabetes—poorly controlled; "
                "Crohn’s flare; see https://pubmed.ncbi.nlm.nih.gov/12345678/; COVID-19; fibrosis; "
                "hyper\u00adkalemia; Guillain–Barré; sepsis.Lactate was 4")
    make_thread(member, title="Other", body="Nothing to see.")
    db.session.commit()
    page = member_client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "Folding" in page and "No posts match" not in page


def test_a_title_match_ranks_above_many_body_mentions(member_client, member):
    make_thread(member, title="Troponin interpretation in CKD", body="How do you read it?")
    make_thread(member, title="Chest pain log", body="Day 1: troponin 30 ng/L. " * 15)
    db.session.commit()
    page = member_client.get("/search?q=troponin").get_data(as_text=True)
    assert page.index("interpretation in CKD") < page.index("Chest pain log")


def test_an_author_field_of_spaces_is_no_filter(member_client, member):
    make_thread(member, title="Spaces", body="sepsis bundle")
    db.session.commit()
    page = member_client.get("/search?q=sepsis&author=%20%20").get_data(as_text=True)
    assert "Spaces" in page and "No member has the handle" not in page


def test_a_hyphenated_match_is_one_mark(member_client, member):
    make_thread(member, title="Marks", body="COVID-19 pneumonia")
    db.session.commit()
    page = member_client.get("/search?q=covid-19").get_data(as_text=True)
    assert "<mark>COVID-19</mark>" in page or "<mark>COVID</mark>-<mark>19</mark>" in page
    assert "</mark><mark>" not in page


@pytest.mark.parametrize("query", ["WHO", "who guidance", '"to be or not to be"'])
def test_common_english_words_are_searchable(member_client, member, query):
    """No stop words on either engine: "WHO" is the World Health Organization here."""
    make_thread(member, title="WHO guidance on sepsis", body="The WHO recommends it. To be or not to be.")
    db.session.commit()
    page = member_client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "on sepsis" in page and "No posts match" not in page


def test_sort_by_newest_from_the_page_and_kept_by_the_pager(member_client, member):
    make_thread(member, title="Troponin interpretation in CKD", body="How do you read it?")
    make_thread(member, title="Chest pain log", body="Day 1: troponin 30 ng/L. " * 15)
    db.session.commit()
    page = member_client.get("/search?q=troponin&order=newest").get_data(as_text=True)
    assert page.index("Chest pain log") < page.index("interpretation in CKD")
    assert '<option selected value="newest">Newest first</option>' in page
    response = member_client.get("/search?q=troponin&order=oldest")
    assert response.status_code == 400 and 'id="order-error"' in response.get_data(as_text=True)


def test_a_period_from_the_page_keeps_the_posts_of_its_days(member_client, member):
    old = make_thread(member, title="Lithium levels last spring", body="lithium toxicity")
    opening_post(old).created_at = utcnow() - timedelta(days=200)
    make_thread(member, title="Lithium this week", body="lithium dosing")
    db.session.commit()
    cutoff = (utcnow() - timedelta(days=100)).date().isoformat()
    page = member_client.get(f"/search?q=lithium&until={cutoff}").get_data(as_text=True)
    assert "last spring" in page and "this week" not in page
    assert f'id="until" name="until" type="date" value="{cutoff}"' in page
    page = member_client.get(f"/search?q=lithium&since={cutoff}").get_data(as_text=True)
    assert "this week" in page and "last spring" not in page


@pytest.mark.parametrize("query, field, message", [
    ("since=2026-02-30", "since", "Enter a day as YYYY-MM-DD, for example 2026-03-01."),
    ("until=next+week", "until", "Enter a day as YYYY-MM-DD, for example 2026-03-01."),
    ("until=0001-01-01", "until", "Enter a day between 1900 and 9998."),
    ("since=2026-03-02&until=2026-03-01", "until", "This day is before the day in “Posted from”."),
])
def test_a_bad_period_is_refused_beside_its_field(member_client, member, query, field, message):
    make_thread(member, title="Lithium", body="lithium")
    db.session.commit()
    response = member_client.get(f"/search?q=lithium&{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1), page[page.find("search-filters"):][:1500]
    assert "search-results" not in page


def test_the_pager_keeps_the_period(member_client, member):
    thread = make_thread(member, title="Paging", body="start")
    for i in range(25):
        make_post(thread, member, f"ferritin value {i}")
    db.session.commit()
    today = utcnow().date().isoformat()
    first = member_client.get(f"/search?q=ferritin&since={today}&until={today}").get_data(as_text=True)
    assert 'rel="next"' in first and f"since={today}" in first and f"until={today}" in first


def test_answered_cases_only(member_client, member):
    from forum.discussion.models import Thread
    answered = make_thread(member, title="Answered hyponatraemia case", body="sodium question",
                           kind=ThreadKind.CLINICAL)
    reply = make_post(answered, factories.make_user(), "sodium answer")
    make_thread(member, title="Open hyponatraemia case", body="sodium question", kind=ThreadKind.CLINICAL)
    make_thread(member, title="General sodium chat", body="sodium talk")
    db.session.get(Thread, answered.id).answer_post_id = reply.id
    db.session.commit()
    page = member_client.get("/search?q=sodium&answered=y").get_data(as_text=True)
    assert "Answered hyponatraemia case" in page and "Open hyponatraemia" not in page and "General sodium" not in page
    assert 'id="answered" name="answered" type="checkbox" value="y"' in page and "checked" in page

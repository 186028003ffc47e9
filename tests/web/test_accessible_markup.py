"""Server-rendered accessibility: where the focus lands after a refused form, a row added or a
preview (autofocus, no JavaScript needed), invalid radio groups, heading ranks, page titles,
the development banner inside a landmark, and table cells that keep their column's name on a phone."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from forum.discussion.models import Post
from forum.extensions import db
from forum.moderation.services import members
from tests import discussion_factories as df
from tests import factories

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def category(db):
    category = df.make_category("Clinical cases: internal medicine")
    db.session.commit()
    return category


def autofocused(page):
    """The opening tags that carry autofocus (the browser focuses the first)."""
    return re.findall(r"<[a-z]+\b[^>]*\sautofocus\b[^>]*>", page)


def test_a_refused_login_opens_with_the_focus_on_its_error_summary(client, member):
    page = client.post("/login", data={"email": member.email, "password": "not-the-password"}).get_data(as_text=True)
    focus = autofocused(page)
    assert len(focus) == 1 and 'class="form-summary"' in focus[0] and 'tabindex="-1"' in focus[0], focus
    assert 'role="alert"' in focus[0]
    # the summary links to the field that failed, which says so itself
    assert re.search(r'<a href="#password">Password: [^<]+</a>', page)
    assert re.search(r'<input[^>]*aria-describedby="password-error"[^>]*aria-invalid="true"[^>]*id="password"', page)


def test_a_form_without_errors_takes_no_focus(client):
    assert autofocused(client.get("/login").get_data(as_text=True)) == []
    assert autofocused(client.get("/register").get_data(as_text=True)) == []


def test_a_refused_registration_links_each_failed_field_from_the_summary(client):
    page = client.post("/register", data={}).get_data(as_text=True)
    summary = re.search(r'<div class="form-summary"[^>]*autofocus>(.*?)</div>', page, re.S)
    assert summary, "no focused summary on the refused registration"
    for field_id in ("full_name", "email", "password"):
        assert f'href="#{field_id}"' in summary.group(1), field_id
        assert f'id="{field_id}"' in page
    assert 'href="#csrf_token"' not in summary.group(1)


def test_a_refused_composer_opens_on_its_summary_and_marks_the_radio_groups(member_client, category):
    response = df.post_new_thread(member_client, category, kind="", **{"citations-0-value": "PMID: 24569125"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    focus = autofocused(page)
    assert focus and 'class="form-summary"' in focus[0], focus
    kinds = re.findall(r'<input[^>]*name="kind"[^>]*>', page)
    assert kinds and all('aria-invalid="true"' in k for k in kinds), kinds


def test_a_clinical_case_without_disclosure_marks_each_disclosure_choice_invalid(member_client, category):
    page = df.post_new_thread(member_client, category, **{"citations-0-value": "PMID: 24569125"}).get_data(as_text=True)
    choices = re.findall(r'<input[^>]*name="disclosure-choice"[^>]*>', page)
    assert len(choices) == 2 and all('aria-invalid="true"' in c for c in choices), choices
    assert re.search(r'<fieldset[^>]*id="disclosure-choice"[^>]*aria-describedby="disclosure-choice-error"', page) or \
        re.search(r'<fieldset[^>]*aria-describedby="disclosure-choice-error"', page)


def test_a_valid_composer_marks_nothing_invalid(member_client, category):
    page = member_client.get("/threads/new").get_data(as_text=True)
    assert 'aria-invalid' not in page


@pytest.mark.parametrize("action, focused", [
    ("add_citation", r'<input[^>]*autofocus[^>]*id="citations-2-value"'),
    ("add_relationship", r'<select[^>]*autofocus[^>]*id="disclosure-relationships-1-type"'),
])
def test_an_added_row_opens_with_the_focus_on_its_first_field(member_client, category, action, focused):
    page = df.post_new_thread(member_client, category, action=action).get_data(as_text=True)
    focus = autofocused(page)
    assert len(focus) == 1 and re.search(focused, focus[0]), focus


def test_a_preview_opens_with_the_focus_on_the_preview(member_client, category):
    page = df.post_new_thread(member_client, category, action="preview", kind="general").get_data(as_text=True)
    focus = autofocused(page)
    assert focus and 'class="preview"' in focus[0] and 'tabindex="-1"' in focus[0], focus


def test_the_member_moderation_page_ranks_its_headings_under_the_h1(db, clients_by_role):
    moderator, author = clients_by_role
    page = moderator.get(f"/moderation/members/{author.id}").get_data(as_text=True)
    ranks = [int(n) for n in re.findall(r"<h([1-6])\b", page)]
    assert ranks[0] == 1 and all(b <= a + 1 for a, b in zip(ranks, ranks[1:])), ranks


@pytest.fixture
def clients_by_role(app, db):
    moderator = factories.make_user(full_name="Mo Derator", role="moderator")
    author = factories.make_user(full_name="Ann Author")
    db.session.commit()
    members.warn_member(moderator, author, "Mind the tone.")
    db.session.commit()
    from tests.conftest import login
    client = app.test_client()
    assert login(client, moderator).status_code == 302
    return client, author


def page_title(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1)


def test_the_thread_moderation_page_is_titled_with_its_thread(app, db):
    moderator = factories.make_user(full_name="Mo Derator", role="moderator")
    thread = df.start_thread(factories.make_user(), title="Sodium on sertraline")
    db.session.commit()
    from tests.conftest import login
    client = app.test_client()
    login(client, moderator)
    assert "Sodium on sertraline" in page_title(client.get(f"/moderation/threads/{thread.id}").get_data(as_text=True))


def test_an_admin_reading_a_members_security_log_sees_whose_in_the_title(admin_client, member):
    own = page_title(admin_client.get("/account/security-log").get_data(as_text=True))
    theirs = page_title(admin_client.get(f"/admin/members/{member.id}/security-log").get_data(as_text=True))
    assert own != theirs and member.full_name in theirs


def test_the_development_banner_stands_inside_the_header_landmark(app):
    with app.test_request_context("/"):
        from flask import render_template
        page = render_template("errors/error.html", title="Not found", message="x", status=404,
                               env_name="development")
    header = re.search(r"<header\b.*?</header>", page, re.S)
    assert "env-banner" in page and header and "env-banner" in header.group(0)


class _TableCells(HTMLParser):
    """Collects, for each <td> of a responsive `.table`, whether a phone shows its column's
    name: a data-label, a .cell-label inside it, or being the row's first cell (its title)."""

    def __init__(self):
        super().__init__()
        self.depth, self.unnamed, self.cell, self.index = 0, [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.depth += 1 if "table" in (attrs.get("class") or "").split() else 0
        elif self.depth and tag == "tr":
            self.index = 0
        elif self.depth and tag == "td":
            self.index += 1
            named = "data-label" in attrs or "colspan" in attrs or self.index == 1
            self.cell = {"named": named, "line": self.getpos()[0]}
        elif self.cell is not None and "cell-label" in (attrs.get("class") or ""):
            self.cell["named"] = True

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            if not self.cell["named"]:
                self.unnamed.append(self.cell["line"])
            self.cell = None
        elif tag == "table" and self.depth:
            self.depth -= 1


@pytest.mark.parametrize("template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                                            if 'class="table' in p.read_text()))
def test_table_cells_keep_their_column_name_on_a_phone(template):
    """At phone width the header row is hidden and each row is a stack of cells: a cell past the
    first says which column it is, or a number means nothing."""
    parser = _TableCells()
    parser.feed((TEMPLATES / template).read_text())
    assert parser.unnamed == [], f"{template}: cells without data-label or .cell-label on lines {parser.unnamed}"


def test_boxes_that_scroll_a_long_post_can_be_reached_by_keyboard(app, db):
    """The report and delete pages quote the post in a box of limited height: a keyboard user
    must be able to focus it to scroll it, and hear what it is."""
    author, reader = factories.make_user(full_name="Ann Author"), factories.make_user(full_name="Rita Reader")
    thread = df.start_thread(author, title="Sodium on sertraline", body="Opening post.")
    db.session.commit()
    post_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id))
    from tests.conftest import login
    for person, path in ((reader, f"/posts/{post_id}/report"), (author, f"/posts/{post_id}/delete")):
        client = app.test_client()
        login(client, person)
        page = client.get(path).get_data(as_text=True)
        box = re.search(r'<div class="post-body quoted-excerpt"[^>]*>', page)
        assert box and 'tabindex="0"' in box.group(0) and 'aria-label="' in box.group(0), (path, box)


def test_a_citation_row_is_removed_without_javascript_and_the_focus_takes_its_place(member_client, category):
    response = df.post_new_thread(member_client, category, action="remove_citation-0", **df.clinical_fields(
        citations=("PMID: 24569125", "10.1056/NEJMoa1511939")))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and df.count_rows(Post) == 0
    assert re.search(r'<input[^>]*id="citations-0-value"[^>]*value="10.1056/NEJMoa1511939"', page)
    assert "PMID: 24569125" not in page
    focus = autofocused(page)
    assert len(focus) == 1 and 'id="citations-0-value"' in focus[0], focus


def test_a_relationship_row_is_removed_and_each_remove_button_names_its_row(member_client, category):
    fields = df.clinical_fields(choice="declared", relationships=(("speaking", "Acme", ""), ("consulting", "Beta", "")))
    page = df.post_new_thread(member_client, category, action="remove_relationship-1", **fields).get_data(as_text=True)
    assert 'value="Acme"' in page and 'value="Beta"' not in page
    focus = autofocused(page)
    assert len(focus) == 1 and 'id="disclosure-relationships-0-type"' in focus[0], focus
    # one relationship row left: nothing to remove; two citation rows: each button says which
    assert 'value="remove_relationship-' not in page
    assert re.search(r'value="remove_citation-1"[^>]*>Remove<span class="visually-hidden"> citation 2</span>', page)


def test_removing_a_row_that_is_not_there_changes_nothing(member_client, category):
    response = df.post_new_thread(member_client, category, action="remove_citation-7",
                                  **df.clinical_fields(citations=("PMID: 24569125",)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and df.count_rows(Post) == 0
    assert re.search(r'<input[^>]*id="citations-0-value"[^>]*value="PMID: 24569125"', page)
    assert 'id="citations-1-value"' in page  # the thread composer's second, blank row


def test_the_admin_member_page_and_the_public_profile_have_titles_of_their_own(admin_client, member):
    admin_view = page_title(admin_client.get(f"/admin/members/{member.id}").get_data(as_text=True))
    profile = page_title(admin_client.get(f"/members/{member.handle}").get_data(as_text=True))
    assert member.full_name in admin_view and admin_view != profile


def summary_links(page):
    """[(href, text)] of the focused error summary's links."""
    summary = re.search(r'<div class="form-summary"[^>]*autofocus>(.*?)</div>', page, re.S)
    assert summary, "no focused summary on the refused composer"
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', summary.group(1))


def control_ids(page):
    return set(re.findall(r'<(?:input|select|textarea|section)\b[^>]*\sid="([^"]+)"', page))


def test_a_refused_clinical_thread_links_each_problem_to_its_own_control(member_client, category):
    """No disclosure, and a bad second citation among three: the summary names each problem
    and links to the control that holds it, the citation row included (no JavaScript)."""
    response = df.post_new_thread(member_client, category, title="", **{
        "citations-0-value": "PMID: 24569125", "citations-1-value": "not a citation",
        "citations-2-value": "PMID: 24569125"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    links = summary_links(page)
    targets = [href for href, _text in links]
    assert targets == ["#title", "#disclosure-choice-0", "#citations-1-value", "#citations-2-value"], links
    assert all(target[1:] in control_ids(page) for target in targets)
    texts = dict(links)
    assert texts["#title"].startswith("Title: Give the thread a title")
    assert texts["#disclosure-choice-0"].startswith("Conflicts of interest: Choose")
    assert texts["#citations-1-value"].startswith("Citation 2: ")
    assert texts["#citations-2-value"] == "Citation 3 repeats citation 1."
    # each link's text is the message beside the field it leads to
    assert re.search(r'<ul class="errors" id="citations-1-value-error">\s*<li>Citation 2: ', page)


def test_a_clinical_thread_without_citations_links_to_the_first_citation_row(member_client, category):
    page = df.post_new_thread(member_client, category, **{"disclosure-choice": "none"}).get_data(as_text=True)
    assert summary_links(page) == [("#citations-0-value", "A clinical case needs at least one citation: "
                                                          "a PMID, a DOI or an https link.")]


def test_a_refused_relationship_row_is_linked_to_its_own_field(member_client, category):
    page = df.post_new_thread(member_client, category, **df.clinical_fields(
        choice="declared", relationships=[("consulting", "Acme Pharma", ""), ("", "Beta Labs", "")])
    ).get_data(as_text=True)
    assert summary_links(page) == [("#disclosure-relationships-1-type", "Relationship 2: choose its type.")]
    assert 'id="disclosure-relationships-1-type"' in page


def test_a_reply_held_back_by_the_privacy_screen_links_to_the_findings(member_client, category):
    thread = df.start_thread(factories.make_user(full_name="Ann Author"), category, title="Sodium on SSRIs")
    db.session.commit()
    response = df.post_reply(member_client, thread.id, body="Mrs. Jones, DOB 03/14/1951, MRN 4432190.",
                             privacy_declared="y", privacy_explanation="short")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    links = summary_links(page)
    assert [href for href, _ in links] == ["#privacy_explanation"], links
    assert links[0][1].startswith("Why the highlighted text does not identify a patient")
    page = df.post_reply(member_client, thread.id, body="Mrs. Jones, DOB 03/14/1951, MRN 4432190.").get_data(as_text=True)
    assert [href for href, _ in summary_links(page)] == ["#privacy-findings"]
    assert re.search(r'<section class="privacy-findings" id="privacy-findings" tabindex="-1"', page)


def test_a_refused_edit_links_to_its_body(member_client, member, category):
    thread = df.start_thread(member, category, title="Sodium on SSRIs")
    db.session.commit()
    post = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    response = member_client.post(f"/posts/{post.id}/edit", data={"body": "   ", "action": "post"})
    assert response.status_code == 400
    assert summary_links(response.get_data(as_text=True)) == [
        ("#body", "Post (Markdown): Write your post: it cannot be empty.")]

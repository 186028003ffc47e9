"""The hold flow through the composer: a flagged draft comes back (422) with each span marked
and explained; edited clean it posts, declared it is held: seen by its author (with a banner)
and moderators only, nowhere else. Also the per-member posting rate limits (429)."""
import re

import pytest
from sqlalchemy import select

from forum.discussion.models import Post, PostRevision, PostStatus, Thread
from forum.extensions import db
from forum.privacy.holds import approve_hold, open_hold_for
from forum.privacy.models import PrivacyHold
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login

IDENTIFYING = "Mrs. Jones, DOB 03/14/1951, MRN 4432190"
EXPLANATION = "Mrs. Jones is the title of a published case report, not a patient."
CLEAN_CLINICAL = ("72-year-old woman on metformin 500 mg bid and sertraline 50 mg daily; BP 140/90, "
                  "K 3.2, Na 124. Bell's palsy in 2019, Parkinson's disease suspected. On room air, "
                  "bed rest advised; grade 2/6 murmur. Which workup first?")


@pytest.fixture
def category(db):
    category = df.make_category("Nephrology")
    db.session.commit()
    return category


@pytest.fixture
def colleague(db):
    user = factories.make_user(full_name="Rafael Colleague", handle="rafael.colleague")
    db.session.commit()
    return user


def client_for(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


@pytest.fixture
def colleague_client(app, colleague):
    return client_for(app, colleague)


@pytest.fixture
def moderator_client(app, moderator):
    return client_for(app, moderator)


def general_thread(client, category, body, **fields):
    return df.post_new_thread(client, category, kind="general", title="Falling sodium on an SSRI",
                              body=body, **fields)


def declare(explanation=EXPLANATION):
    return {"privacy_declared": "y", "privacy_explanation": explanation}


def held_thread(member_client, category):
    response = general_thread(member_client, category, f"{IDENTIFYING}. Hyponatraemia workup?", **declare())
    assert response.status_code == 302
    return db.session.scalars(select(Thread)).one()


def opening(thread):
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()


def test_flagged_thread_is_shown_again_with_each_span_marked_and_nothing_stored(member_client, category):
    response = general_thread(member_client, category, f"{IDENTIFYING} <script>alert(1)</script>")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for text in ("Mrs. Jones", "03/14/1951", "MRN 4432190"):
        assert re.search(r'<mark class="privacy-flag" id="privacy-flag-\d">' + re.escape(text) + "</mark>", page)
    assert "Looks like a patient&#39;s name" in page or "Looks like a patient's name" in page
    assert "Looks like a date of birth" in page
    assert "Looks like a medical record, chart, account or insurance number" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<label for="privacy_declared">This does not identify a patient</label>' in page
    assert 'for="privacy_explanation"' in page
    panel = page[page.index('class="privacy-findings"'):page.index("</section>", page.index('class="privacy-findings"'))]
    assert "style=" not in panel and "<script" not in panel and " on" not in re.sub(r"[^<]*", "", panel)
    assert df.count_rows(Thread) == df.count_rows(Post) == df.count_rows(PrivacyHold) == 0


def test_flagged_title_is_marked_too(member_client, category):
    response = df.post_new_thread(member_client, category, kind="general", title="Mrs. Jones and her sodium",
                                  body="What next?")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Title, as you wrote it" in page
    assert '<mark class="privacy-flag" id="privacy-flag-1">Mrs. Jones</mark>' in page


def test_edited_clean_the_draft_posts(member_client, category):
    key = df.composer_form(member_client, "/threads/new")
    data = {"category": str(category.id), "kind": "general", "title": "Falling sodium on an SSRI",
            "body": IDENTIFYING, "action": "post", "submission_key": key}
    assert member_client.post("/threads/new", data=data).status_code == 422
    data["body"] = "An older woman on an SSRI with a falling sodium. Workup?"
    response = member_client.post("/threads/new", data=data)
    assert response.status_code == 302
    thread = db.session.scalars(select(Thread)).one()
    assert opening(thread).status == PostStatus.VISIBLE and df.count_rows(PrivacyHold) == 0


def test_declaration_without_explanation_is_refused(member_client, category):
    response = general_thread(member_client, category, IDENTIFYING, privacy_declared="y", privacy_explanation="")
    assert response.status_code == 422
    assert "Explain in at least 10 characters" in response.get_data(as_text=True)
    response = general_thread(member_client, category, IDENTIFYING, **declare("fine"))
    assert response.status_code == 422
    assert df.count_rows(Thread) == df.count_rows(Post) == df.count_rows(PrivacyHold) == 0


def test_preview_shows_the_findings_without_posting(member_client, category):
    response = general_thread(member_client, category, IDENTIFYING, action="preview")
    assert response.status_code == 200
    assert '<mark class="privacy-flag"' in response.get_data(as_text=True)
    assert df.count_rows(Post) == 0


def test_declared_thread_is_held_and_seen_only_by_author_and_moderators(
        app, member_client, member, colleague_client, moderator_client, category):
    response = general_thread(member_client, category, f"{IDENTIFYING}. Hyponatraemia workup?", **declare())
    assert response.status_code == 302
    thread = db.session.scalars(select(Thread)).one()
    post = opening(thread)
    assert post.status == PostStatus.HELD
    flashed = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "held for moderator review" in flashed
    assert "Held for moderator review." in flashed and "4432190" in flashed

    for path in (f"/t/{thread.id}", f"/posts/{post.id}", f"/t/{thread.id}/reply"):
        assert colleague_client.get(path).status_code == 404, path
    for path in ("/forum", "/forum/latest", f"/c/{category.id}", f"/members/{member.handle}",
                 "/search?q=hyponatraemia", "/"):
        page = colleague_client.get(path).get_data(as_text=True)
        assert "Falling sodium on an SSRI" not in page and "4432190" not in page, path

    mine = member_client.get("/forum/latest").get_data(as_text=True)
    assert "Falling sodium on an SSRI" in mine
    assert "Falling sodium on an SSRI" in member_client.get(f"/members/{member.handle}").get_data(as_text=True)

    page = moderator_client.get(f"/t/{thread.id}")
    assert page.status_code == 200
    assert "4432190" in page.get_data(as_text=True) and "held for moderator review" in page.get_data(as_text=True)
    assert moderator_client.get(f"/posts/{post.id}").status_code == 302


def test_held_reply_is_hidden_from_members_and_bannered_for_its_author(
        member_client, colleague, colleague_client, category):
    thread = df.start_thread(colleague, category, title="Sodium on SSRIs", body="Ideas?")
    db.session.commit()
    response = df.post_reply(member_client, thread.id, body=f"Same in {IDENTIFYING}.", **declare())
    assert response.status_code == 302
    reply = db.session.scalars(select(Post).where(Post.number == 2)).one()
    assert reply.status == PostStatus.HELD
    others = colleague_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "4432190" not in others and 'id="post-2"' not in others
    assert colleague_client.get(f"/posts/{reply.id}").status_code == 404
    own = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "4432190" in own and "Held for moderator review." in own
    assert "You declared that it does not identify a patient" in own
    assert colleague_client.get("/notifications").get_data(as_text=True).count("replied in your thread") == 0


def test_an_edit_that_introduces_an_identifier(member_client, member, colleague_client, category):
    thread = df.start_thread(member, category, title="Sodium management", body="Hyponatraemia question.")
    db.session.commit()
    post = opening(thread)
    url = f"/posts/{post.id}/edit"
    response = member_client.post(url, data={"body": f"Hyponatraemia in {IDENTIFYING}.", "action": "post"})
    assert response.status_code == 422
    assert '<mark class="privacy-flag"' in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.body_source == "Hyponatraemia question."
    response = member_client.post(url, data={"body": f"Hyponatraemia in {IDENTIFYING}.", "action": "post",
                                             **declare()})
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PostStatus.HELD
    assert db.session.scalars(select(PostRevision.body_source)).one() == "Hyponatraemia question."
    page = colleague_client.get(f"/t/{thread.id}")
    assert page.status_code == 200 and "Hyponatraemia" not in page.get_data(as_text=True)
    assert "Sodium management" in colleague_client.get("/forum/latest").get_data(as_text=True)
    assert "No posts match" in colleague_client.get("/search?q=hyponatraemia").get_data(as_text=True)


def test_clean_clinical_text_posts_normally(member_client, category):
    response = df.post_new_thread(member_client, category, body=CLEAN_CLINICAL,
                                  **df.clinical_fields())
    assert response.status_code == 302
    assert db.session.scalars(select(Post.status)).one() == PostStatus.VISIBLE
    assert df.count_rows(PrivacyHold) == 0


def test_approval_makes_it_visible_and_searchable_and_tells_the_author(
        member_client, colleague_client, moderator, category):
    thread = held_thread(member_client, category)
    approve_hold(moderator, open_hold_for(opening(thread)), "A published case report.")
    db.session.commit()
    page = colleague_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "4432190" in page and "Held for moderator review" not in page
    assert "Falling sodium on an SSRI" in colleague_client.get("/search?q=hyponatraemia").get_data(as_text=True)
    assert "Falling sodium on an SSRI" in colleague_client.get("/forum/latest").get_data(as_text=True)
    notices = member_client.get("/notifications").get_data(as_text=True)
    assert "moderation notice about" in notices
    assert "The moderators</strong>" in notices and moderator.full_name not in notices  # never named


@pytest.mark.parametrize("config_key", ["THREAD_LIMIT", "REPLY_LIMIT", "EDIT_LIMIT"])
def test_posting_is_rate_limited_per_member(app, member, member_client, colleague, colleague_client,
                                            category, config_key):
    app.config[config_key] = "2 per hour"
    thread = df.start_thread(colleague, category, title="Sodium on SSRIs")
    mine = df.start_thread(member, category, title="My own question")
    db.session.commit()
    post_id = opening(mine).id

    def attempt(client, n, action="post"):
        if config_key == "THREAD_LIMIT":
            return client.post("/threads/new", data={
                "category": str(category.id), "kind": "general", "title": f"Question {n}",
                "body": "What next?", "action": action,
                "submission_key": df.submission_key(client.get("/threads/new"))})
        if config_key == "REPLY_LIMIT":
            return client.post(f"/t/{thread.id}/reply", data={
                "body": f"Reply {n}", "action": action,
                "submission_key": df.submission_key(client.get(f"/t/{thread.id}/reply"))})
        return client.post(f"/posts/{post_id}/edit", data={"body": f"Version {n}", "action": action})

    assert attempt(member_client, 0, action="preview").status_code == 200  # previews do not count
    # any action the composer submits counts, whatever its value ("Post", "", "go")
    assert [attempt(member_client, n, action=action).status_code
            for n, action in ((1, "Post"), (2, ""))] == [302, 302]
    limited = attempt(member_client, 3, action="go")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert "Too many requests" in limited.get_data(as_text=True)
    assert member_client.get("/forum").status_code == 200  # reading is not limited
    assert attempt(client_for(app, member), 4).status_code == 429  # per member, not per session
    if config_key != "EDIT_LIMIT":  # the limit is per member
        assert attempt(colleague_client, 5).status_code == 302


def test_a_citation_note_naming_a_patient_is_marked_in_the_composer(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(), **{
        "citations-0-note": "CT of Mrs. Jones, 03/14/1951 <b>x</b>"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Citation 1 note, as you wrote it (read-only)" in page
    assert '<mark class="privacy-flag" id="privacy-flag-1">Mrs. Jones</mark>' in page
    assert "(citation 1 note)" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert df.count_rows(Thread) == df.count_rows(Post) == df.count_rows(PrivacyHold) == 0


def test_a_disclosure_note_naming_a_patient_is_marked_and_can_be_declared(
        member_client, moderator_client, category):
    fields = df.clinical_fields(choice="declared", relationships=[
        ("consulting", "Acme Pharma", "Advised on Mr. John Doe's treatment")])
    response = df.post_new_thread(member_client, category, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Disclosure relationship 1 note, as you wrote it (read-only)" in page
    assert '<mark class="privacy-flag" id="privacy-flag-1">Mr. John Doe</mark>' in page
    response = df.post_new_thread(member_client, category, **fields, **declare())
    assert response.status_code == 302
    post = opening(db.session.scalars(select(Thread)).one())
    assert post.status == PostStatus.HELD
    review = moderator_client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert "in the disclosure relationship 1 note" in review and "Mr. John Doe" in review

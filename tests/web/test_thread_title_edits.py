"""A thread's title can be corrected: by its author, editing the opening post (the old title
stays in that post's versions), and by a moderator redacting the opening post (the old title
is kept for moderators only). A title can name a patient as easily as a body can."""
import pytest
from sqlalchemy import select

from forum.audit.models import AuditEntry
from forum.discussion.models import Post, PostRevision, Thread, ThreadKind
from forum.extensions import db
from forum.privacy.models import PrivacyHold
from tests import discussion_factories as df
from tests import factories

OLD_TITLE = "Hyponatraemia on sertraline, zqtitleold"
NEW_TITLE = "Hyponatraemia on sertraline in an older adult"


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reader": factories.make_user(full_name="Rex Reader"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def thread(people):
    thread = df.start_thread(people["author"], title=OLD_TITLE, body="Sodium 124 after two weeks.")
    db.session.commit()
    return thread


def opening_of(thread):
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()


def edit(client, post, **fields):
    return client.post(f"/posts/{post.id}/edit", data={"action": "post", **fields})


def found_by_search(client, word):
    return "<mark>" in client.get(f"/search?q={word}").get_data(as_text=True)


def test_the_author_retitles_the_thread_and_the_old_title_stays_in_the_versions(people, clients, thread):
    post = opening_of(thread)
    form = clients("author").get(f"/posts/{post.id}/edit").get_data(as_text=True)
    assert f'value="{OLD_TITLE}"' in form
    response = edit(clients("author"), post, title=NEW_TITLE, body=post.body_source)
    assert response.status_code == 302
    page = clients("reader").get(f"/t/{thread.id}").get_data(as_text=True)
    assert NEW_TITLE in page and "zqtitleold" not in page
    assert NEW_TITLE in clients("reader").get("/forum/latest").get_data(as_text=True)
    assert not found_by_search(clients("reader"), "zqtitleold")
    assert found_by_search(clients("reader"), "older adult")
    versions = clients("author").get(f"/posts/{post.id}/revisions").get_data(as_text=True)
    assert f"Thread title:</span> {OLD_TITLE}" in versions
    assert f"Thread title:</span> {NEW_TITLE}" in versions
    revision = db.session.scalars(select(PostRevision)).one()
    assert revision.title == OLD_TITLE and revision.body_source == post.body_source


@pytest.mark.parametrize("title, message", [
    ("  ", "Give the thread a title of at least 3 characters."),
    ("x" * 151, "The title is 151 characters long; the limit is 150."),
])
def test_a_bad_title_is_refused_beside_the_field_and_nothing_changes(people, clients, thread, title, message):
    post = opening_of(thread)
    response = edit(clients("author"), post, title=title, body="Changed text too.")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'id="title-error"' in html
    db.session.expire_all()
    assert thread.title == OLD_TITLE and post.body_source == "Sodium 124 after two weeks."
    assert df.count_rows(PostRevision) == 0


def test_a_title_that_may_name_a_patient_is_stopped_by_the_privacy_screen(people, clients, thread):
    post = opening_of(thread)
    response = edit(clients("author"), post, title="Mrs Jane Whitcombe, sodium 124 on sertraline",
                    body=post.body_source)
    assert response.status_code == 422
    assert "may identify a patient" in response.get_data(as_text=True)
    db.session.expire_all()
    assert thread.title == OLD_TITLE and df.count_rows(PostRevision) == 0


def test_an_unchanged_title_and_text_change_nothing(people, clients, thread):
    post = opening_of(thread)
    response = edit(clients("author"), post, title=f"  {OLD_TITLE} ", body=post.body_source)
    assert response.status_code == 302
    assert "Nothing changed." in clients("author").get(response.location).get_data(as_text=True)
    assert df.count_rows(PostRevision) == 0


def test_a_reply_has_no_title_to_edit(people, clients, thread):
    reply = df.add_reply(people["author"], thread, body="Fluid restriction first.")
    db.session.commit()
    form = clients("author").get(f"/posts/{reply.id}/edit").get_data(as_text=True)
    assert 'name="title"' not in form
    assert edit(clients("author"), reply, title="Hijacked title", body="Fluid restriction, then review.").status_code == 302
    db.session.expire_all()
    assert thread.title == OLD_TITLE
    assert db.session.scalars(select(PostRevision)).one().title is None


def test_only_the_author_retitles(people, clients, thread):
    post = opening_of(thread)
    assert edit(clients("reader"), post, title="Taken over", body=post.body_source).status_code == 403
    db.session.expire_all()
    assert thread.title == OLD_TITLE


def test_a_clinical_opening_post_keeps_its_rules_while_retitled(people, clients):
    thread = df.start_thread(people["author"], title=OLD_TITLE, kind=ThreadKind.CLINICAL, body="Case.")
    db.session.commit()
    post = opening_of(thread)
    response = edit(clients("author"), post, title=NEW_TITLE, body="Case.")
    assert response.status_code == 400
    assert "at least one" in response.get_data(as_text=True).lower()
    db.session.expire_all()
    assert thread.title == OLD_TITLE
    assert edit(clients("author"), post, title=NEW_TITLE, body="Case.",
                **{"citations-0-value": "PMID: 12345678"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).title == NEW_TITLE


def test_a_moderator_redacts_the_title_and_only_moderators_see_the_old_one(people, clients, thread, outbox):
    post = opening_of(thread)
    form = clients("moderator").get(f"/moderation/posts/{post.id}/redact").get_data(as_text=True)
    assert f'value="{OLD_TITLE}"' in form and "Thread title after redaction" in form
    response = clients("moderator").post(f"/moderation/posts/{post.id}/redact", data={
        "title": NEW_TITLE, "body": post.body_source, "reason": "The title carried a code word."})
    assert response.status_code == 302
    page = clients("reader").get(f"/t/{thread.id}").get_data(as_text=True)
    assert NEW_TITLE in page and "zqtitleold" not in page and "redacted by a moderator" in page
    assert not found_by_search(clients("reader"), "zqtitleold")
    assert "zqtitleold" not in clients("author").get(f"/posts/{post.id}/revisions").get_data(as_text=True)
    versions = clients("moderator").get(f"/posts/{post.id}/revisions").get_data(as_text=True)
    assert f"Thread title:</span> {OLD_TITLE}" in versions and "shown to moderators only" in versions
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.redact")).one()
    assert entry.details["title_redacted"] is True and entry.details["text_redacted"] is False
    assert "zqtitleold" not in repr(entry.details) and "zqtitleold" not in (entry.target_label or "")


def test_a_redaction_that_changes_nothing_is_refused(people, clients, thread):
    post = opening_of(thread)
    response = clients("moderator").post(f"/moderation/posts/{post.id}/redact", data={
        "title": OLD_TITLE, "body": post.body_source, "reason": "Checking."})
    assert response.status_code == 409
    assert "The title and the text are unchanged" in response.get_data(as_text=True)
    response = clients("moderator").post(f"/moderation/posts/{post.id}/redact", data={
        "title": "x", "body": "Sodium low.", "reason": "Checking."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Give the thread a title of at least 3 characters." in html and 'id="title-error"' in html
    db.session.expire_all()
    assert thread.title == OLD_TITLE and df.count_rows(PostRevision) == 0


def test_a_members_redact_request_is_refused(people, clients, thread):
    post = opening_of(thread)
    response = clients("author").post(f"/moderation/posts/{post.id}/redact", data={
        "title": NEW_TITLE, "body": post.body_source, "reason": "Mine."})
    assert response.status_code == 403
    db.session.expire_all()
    assert thread.title == OLD_TITLE


def test_a_declared_title_finding_waits_for_a_moderator_before_the_thread_is_retitled(
        people, clients, thread):
    post = opening_of(thread)
    named = "Mrs Jane Whitcombe, sodium 124 on sertraline"
    response = edit(clients("author"), post, title=named, body=post.body_source, privacy_declared="y",
                    privacy_explanation="Jane Whitcombe is the drug rep's name, not a patient.")
    assert response.status_code == 302
    for page in ("/forum/latest", f"/t/{thread.id}"):
        assert "Whitcombe" not in clients("reader").get(page).get_data(as_text=True)
    assert not found_by_search(clients("reader"), "Whitcombe")
    assert OLD_TITLE in clients("reader").get("/forum/latest").get_data(as_text=True)
    held = clients("moderator").get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert f"Thread title the edit proposes:</strong> {named}" in held
    response = clients("moderator").post(f"/moderation/posts/{post.id}/approve",
                                         data={"approve-reason": "A company representative, not a patient."})
    assert response.status_code == 302
    assert named in clients("reader").get(f"/t/{thread.id}").get_data(as_text=True)
    assert found_by_search(clients("reader"), "Whitcombe")


def test_a_removed_title_edit_leaves_the_published_title(people, clients, thread):
    post = opening_of(thread)
    named = "Mrs Jane Whitcombe, sodium 124 on sertraline"
    edit(clients("author"), post, title=named, body=post.body_source, privacy_declared="y",
         privacy_explanation="Jane Whitcombe is the drug rep's name, not a patient.")
    response = clients("moderator").post(f"/moderation/posts/{post.id}/remove", data={
        "remove-category": "privacy", "remove-reason": "Names the patient."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).title == OLD_TITLE


def test_a_purge_destroys_the_title_a_held_edit_proposed(people, clients, thread):
    post = opening_of(thread)
    edit(clients("author"), post, title="Mrs Jane Whitcombe, sodium 124 on sertraline",
         body=post.body_source, privacy_declared="y",
         privacy_explanation="Jane Whitcombe is the drug rep's name, not a patient.")
    response = clients("moderator").post(f"/moderation/posts/{post.id}/purge", data={
        "purge-reason": "Identifies a patient.", "purge-confirm": "y"})
    assert response.status_code == 302
    assert "Whitcombe" not in clients("moderator").get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    hold = db.session.scalars(select(PrivacyHold)).one()
    db.session.refresh(hold)
    assert hold.pending_title is None

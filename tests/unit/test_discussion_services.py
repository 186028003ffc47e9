"""Discussion services without HTTP: posting rules and counters, revisions, deletion, read
markers, disclosure snapshots, double submission, and category management with its audit."""
import pytest
from sqlalchemy import select

from forum.audit.models import AuditEntry
from forum.discussion.drafts import DuplicateSubmission, InvalidDraft, ThreadDraft
from forum.discussion.models import Category, Post, PostRevision, Thread, ThreadKind, ThreadRead
from forum.discussion.services import categories, editing, posting, profiles
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories


@pytest.fixture
def author(db):
    return factories.make_user(full_name="Amelia Author", handle="amelia.author")


@pytest.fixture
def category(db):
    return df.make_category("Internal medicine")


def test_thread_and_replies_keep_counters(author, category):
    other = factories.make_user()
    thread = df.start_thread(author, category, title="Counting posts")
    df.add_reply(other, thread)
    reply = df.add_reply(author, thread)
    db.session.commit()
    db.session.expire_all()
    assert reply.number == 3
    assert (thread.post_count, thread.reply_count) == (3, 2)
    assert (category.thread_count, category.post_count) == (1, 3)
    assert category.last_post_at == thread.last_post_at == reply.created_at


def test_clinical_opening_needs_disclosure_and_citation(author, category):
    with pytest.raises(InvalidDraft) as caught:
        posting.create_thread(author, ThreadDraft(category.id, "A clinical case", ThreadKind.CLINICAL,
                                                  df.draft("Body")))
    assert set(caught.value.errors) == {"disclosure-choice", "citations"}
    db.session.rollback()
    assert df.count_rows(Thread) == 0 and df.count_rows(Post) == 0


def test_every_problem_is_reported_at_once(author, category):
    with pytest.raises(InvalidDraft) as caught:
        posting.create_thread(author, ThreadDraft(
            category.id, "ab", ThreadKind.CLINICAL,
            df.draft("x" * 20_001, citations=["10.1/bad", "", "http://x.example/a"],
                     disclosure=df.NO_CONFLICTS)))
    errors = caught.value.errors
    assert errors["title"] == ["Give the thread a title of at least 3 characters."]
    assert "limit is 20,000" in errors["body"][0]
    assert errors["citations-0-value"][0].startswith("Citation 1: “10.1/bad” is not a valid DOI")
    assert errors["citations-2-value"][0].startswith("Citation 3: “http://x.example/a” uses http")


@pytest.fixture
def screened(monkeypatch):
    """The texts the privacy screen was asked to read, by field, over every call."""
    from forum.discussion.services import composing
    seen = {}
    real = composing.screen_texts

    def recording(texts):
        seen.update(texts)
        return real(texts)

    monkeypatch.setattr(composing, "screen_texts", recording)
    return seen


def test_an_over_long_body_is_refused_without_being_screened(author, category, screened):
    thread = df.start_thread(author, category)
    screened.clear()
    body = "Mrs. Abernathy " + "www." * 15_000
    with pytest.raises(InvalidDraft) as caught:
        posting.create_reply(author, thread, df.draft(body))
    assert "limit is 20,000" in caught.value.errors["body"][0]
    assert "privacy" not in caught.value.errors
    assert "body" not in screened
    _, problems = posting.preview_reply(author, thread, df.draft(body))
    assert "body" in problems.errors and "privacy" not in problems.errors and "body" not in screened


def test_over_long_titles_notes_and_case_fields_are_not_screened(author, category, screened):
    from forum.discussion.drafts import CaseInput
    post = df.draft("Mrs. Abernathy is back.", citations=[("12345678", "Mr. Okafor " + "x" * 300)],
                    disclosure=df.declared(("speaking", "Acme", "Mrs. Jones " + "y" * 300)))
    post.case = CaseInput(age_band="60-69", presentation="Mr. Okafor " + "z" * 4000)
    with pytest.raises(InvalidDraft) as caught:
        posting.create_thread(author, ThreadDraft(category.id, "Mr. Okafor " + "t" * 150,
                                                  ThreadKind.CLINICAL, post))
    assert {"title", "case-presentation", "citations-0-note"} <= set(caught.value.errors)
    assert screened == {}
    assert "privacy" not in caught.value.errors


def test_reply_in_clinical_thread_needs_disclosure(author, category):
    thread = df.start_thread(author, category, kind=ThreadKind.CLINICAL)
    with pytest.raises(InvalidDraft) as caught:
        posting.create_reply(author, thread, df.draft("No disclosure"))
    assert list(caught.value.errors) == ["disclosure-choice"]


def test_reply_may_add_citations_and_general_replies_store_no_disclosure(author, category):
    clinical = df.start_thread(author, category, kind=ThreadKind.CLINICAL)
    reply = df.add_reply(author, clinical, citations=["doi:10.1056/NEJMoa2034577"])
    assert [(c.kind, c.value) for c in reply.citations] == [("doi", "10.1056/NEJMoa2034577")]
    assert reply.disclosure["no_conflicts"] is True
    general = df.start_thread(author, category)
    assert df.add_reply(author, general, disclosure=df.NO_CONFLICTS).disclosure is None


def test_locked_thread_and_archived_category_refuse_posts(author, category):
    thread = df.start_thread(author, category)
    thread.locked_at = utcnow()
    with pytest.raises(InvalidState, match="locked"):
        df.add_reply(author, thread)
    thread.locked_at = None
    category.archived_at = utcnow()
    with pytest.raises(InvalidState, match="archived"):
        df.add_reply(author, thread)
    with pytest.raises(InvalidState, match="archived") as caught:
        df.start_thread(author, category)
    assert caught.value.field == "category"


def test_same_submission_key_posts_once(author, category):
    thread = df.start_thread(author, category)
    draft = df.draft("Once only", key="k" * 24)
    posting.create_reply(author, thread, draft)
    with pytest.raises(DuplicateSubmission):
        posting.create_reply(author, thread, draft)
    other = factories.make_user()
    posting.create_reply(other, thread, df.draft("Same key, other author", key="k" * 24))


def test_edit_keeps_every_earlier_version(author, category):
    thread = df.start_thread(author, category, body="First version")
    post = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    assert editing.edit_post(author, post, df.draft("Second version")) is True
    assert editing.edit_post(author, post, df.draft("Third version", citations=["PMID 7"])) is True
    assert editing.edit_post(author, post, df.draft("Third version", citations=["7"])) is False
    revisions = db.session.scalars(select(PostRevision).order_by(PostRevision.number)).all()
    assert [(r.number, r.body_source) for r in revisions] == [(1, "First version"), (2, "Second version")]
    assert revisions[0].written_at == post.created_at
    assert post.body_source == "Third version" and post.edited_at is not None
    assert [(c.kind, c.value) for c in post.citations] == [("pmid", "7")]


def test_edit_keeps_the_clinical_rules_but_not_the_disclosure(author, category):
    thread = df.start_thread(author, category, kind=ThreadKind.CLINICAL)
    post = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    before = dict(post.disclosure)
    with pytest.raises(InvalidDraft) as caught:
        editing.edit_post(author, post, df.draft("No citation left"))
    assert list(caught.value.errors) == ["citations"]
    editing.edit_post(author, post, df.draft("Still cited", citations=["1"],
                                             disclosure=df.declared(("equity", "Acme", ""))))
    assert post.disclosure == before


def test_only_the_author_edits_or_deletes(author, category):
    thread = df.start_thread(author, category)
    post = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    other = factories.make_user()
    with pytest.raises(NotAllowed):
        editing.edit_post(other, post, df.draft("Mine now"))
    with pytest.raises(NotAllowed):
        editing.delete_post(other, post)


def test_delete_leaves_a_tombstone_that_cannot_be_edited(author, category):
    thread = df.start_thread(author, category)
    post = df.add_reply(author, thread, "Regret this")
    editing.delete_post(author, post)
    assert post.is_deleted and not post.is_visible
    assert thread.post_count == 2  # the tombstone keeps its place
    with pytest.raises(InvalidState):
        editing.delete_post(author, post)
    with pytest.raises(InvalidState):
        editing.edit_post(author, post, df.draft("Again"))


def test_read_markers_only_move_forward(author, category):
    from forum.discussion.services.reading import mark_read
    reader = factories.make_user()
    thread = df.start_thread(author, category)
    mark_read(reader, thread, 5)
    mark_read(reader, thread, 3)
    marker = db.session.get(ThreadRead, (reader.id, thread.id))
    db.session.refresh(marker)
    assert marker.last_read_number == 5


def test_snapshot_is_unchanged_by_a_later_profile_edit(author, category):
    profiles.update_profile(author, "General Hospital", df.declared(("consulting", "Acme", "2024")))
    thread = df.start_thread(author, category, kind=ThreadKind.CLINICAL,
                             disclosure=df.declared(("consulting", "Acme", "2024")))
    post = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    db.session.commit()
    profiles.update_profile(author, "", df.NO_CONFLICTS)
    db.session.commit()
    db.session.expire_all()
    assert post.disclosure["relationships"] == [{"type": "consulting", "body": "Acme", "note": "2024"}]
    assert profiles.standing_disclosure_of(author).no_conflicts is True
    assert author.institution is None


def test_category_management_writes_audit_entries(category):
    admin = factories.make_user(role="admin")
    second = categories.create_category(admin, "Pediatrics", "Children", "new area")
    categories.update_category(admin, second, "Paediatrics", "Children and adolescents", "spelling")
    categories.move_category(admin, second, "up", "busier")
    categories.archive_category(admin, second, "merged elsewhere")
    categories.restore_category(admin, second, "back")
    order = db.session.scalars(select(Category.name).order_by(Category.position)).all()
    assert order == ["Paediatrics", "Internal medicine"]
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["category.create", "category.update", "category.move",
                                           "category.archive", "category.restore"]
    assert entries[1].details == {"name": {"from": "Pediatrics", "to": "Paediatrics"},
                                  "description": {"from": "Children", "to": "Children and adolescents"}}
    assert [e.reason for e in entries] == ["new area", "spelling", "busier", "merged elsewhere", "back"]
    assert all(e.actor_id == admin.id and e.target_id == str(second.id) for e in entries)


def test_category_names_are_unique_and_only_admins_manage(category):
    admin = factories.make_user(role="admin")
    with pytest.raises(ValidationFailed, match="already exists") as caught:
        categories.create_category(admin, "internal MEDICINE", "", "new area")
    assert caught.value.field == "name"
    with pytest.raises(NotAllowed):
        categories.create_category(factories.make_user(role="moderator"), "Surgery", "", "new area")
    assert df.count_rows(AuditEntry) == 0


@pytest.mark.parametrize("taken, name", [
    ("Ärzte-Forum", "ärzte-forum"), ("ÄRZTE", "ärzte"), ("Straße", "STRASSE"),
    ("A\u0308rzte", "Ärzte"), ("Ｃardiology", "cardiology")])
def test_category_names_are_unique_beyond_ascii_case(db, taken, name):
    admin = factories.make_user(role="admin")
    first = categories.create_category(admin, taken, "", "new area")
    with pytest.raises(ValidationFailed, match="already exists") as caught:
        categories.create_category(admin, name, "", "new area")
    assert caught.value.field == "name"
    other = categories.create_category(admin, "Elsewhere", "", "new area")
    with pytest.raises(ValidationFailed, match="already exists"):
        categories.update_category(admin, other, name, "", "rename")
    assert categories.update_category(admin, first, name, "", "recased")  # its own name, recased
    assert first.name == name


@pytest.mark.parametrize("reason", ["", "   ", "\x00", "x" * 2001])
def test_every_category_change_needs_a_reason(category, reason):
    admin = factories.make_user(role="admin")
    second = categories.create_category(admin, "Pediatrics", "", "new area")
    db.session.commit()
    before = df.count_rows(AuditEntry)
    for change in (lambda: categories.create_category(admin, "Surgery", "", reason),
                   lambda: categories.update_category(admin, second, "Paediatrics", "", reason),
                   lambda: categories.move_category(admin, second, "up", reason),
                   lambda: categories.archive_category(admin, second, reason)):
        with pytest.raises(ValidationFailed) as caught:
            change()
        assert caught.value.field == "reason"
    db.session.rollback()
    assert df.count_rows(AuditEntry) == before and second.name == "Pediatrics"


def test_an_edit_cannot_mention_more_members_than_a_post_may(author, category):
    people = [factories.make_user(handle=f"n{i:02d}") for i in range(51)]
    thread = df.start_thread(author, category, body="A few names later.")
    db.session.commit()
    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    with pytest.raises(InvalidDraft) as caught:
        editing.edit_post(author, opening, df.draft(" ".join(f"@{p.handle}" for p in people)))
    assert caught.value.errors["body"] == [
        "Your post mentions 51 members; a post may mention at most 50. Mention fewer, or start "
        "a thread they can follow."]
    assert opening.body_source == "A few names later."


def test_more_different_at_names_than_are_looked_up_are_refused(author, category):
    body = " ".join(f"@w{i}" for i in range(501)) + " `@in.code` @w0"
    with pytest.raises(InvalidDraft) as caught:
        df.start_thread(author, category, body=body)
    assert caught.value.errors["body"] == [
        "Your post has 501 different @names; a post may mention at most 50 members."]
    df.start_thread(author, category, body=body.replace(" @w500", ""))  # 500 unknown names pass

"""The hold flow without HTTP: the screen stops flagged drafts, declared ones are held (not
counted, indexed or announced), and the hold services decide them with their audit entries."""
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.audit.models import AuditEntry
from forum.discussion.drafts import HeldByScreen, PostDraft, ThreadDraft
from forum.discussion.models import Category, Post, PostRevision, PostStatus, Thread, ThreadKind
from forum.discussion.services import editing, posting
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.notifications.models import Notification, NotificationKind
from forum.privacy.holds import (approve_hold, close_hold, hold_post, holds_for_posts,
                                 is_unpublished_thread, open_hold_for, open_holds, scrub_holds)
from forum.privacy.models import HoldOrigin, HoldOutcome, PrivacyHold
from forum.search import services as search
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories

IDENTIFYING = "Mrs. Jones, DOB 03/14/1951, MRN 4432190, came in with hyponatraemia."
EXPLANATION = "Mrs. Jones is the name of a published case report, not my patient."
CLEAN_CLINICAL = ("72-year-old on metformin 500 mg bid and sertraline 50 mg daily. BP 140/90, "
                  "K 3.2, Na 124. Bell's palsy in 2019; Parkinson's disease suspected. Room air "
                  "sats 97%, bed rest advised. ICD-10 E87.1. Grade 2/6 murmur at 14:30.")


@pytest.fixture
def author(db):
    user = factories.make_user(full_name="Hana Author", handle="hana.author")
    db.session.commit()
    return user


@pytest.fixture
def other(db):
    user = factories.make_user(full_name="Omar Other", handle="omar.other")
    db.session.commit()
    return user


@pytest.fixture
def moderator(db):
    user = factories.make_user(full_name="Mei Moderator", role="moderator")
    db.session.commit()
    return user


@pytest.fixture
def category(db):
    category = df.make_category("Nephrology")
    db.session.commit()
    return category


def declared(body, explanation=EXPLANATION, **kwargs) -> PostDraft:
    draft = df.draft(body, **kwargs)
    draft.privacy_declared = True
    draft.privacy_explanation = explanation
    return draft


def thread_draft(category, body, *, title="Falling sodium on an SSRI", declare=None):
    post = declared(body, declare) if declare else df.draft(body)
    return ThreadDraft(category.id, title, ThreadKind.GENERAL, post)


def held_thread(author, category, body=IDENTIFYING, title="Falling sodium on an SSRI"):
    thread = posting.create_thread(author, thread_draft(category, body, title=title, declare=EXPLANATION))
    db.session.commit()
    return thread


def opening(thread) -> Post:
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()


def audit_actions():
    return [entry.action for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def search_ids(viewer, query):
    return [hit.post.id for hit in search.search(viewer, query).hits]


def test_flagged_thread_is_refused_with_its_findings_and_nothing_is_stored(author, category):
    with pytest.raises(HeldByScreen) as caught:
        posting.create_thread(author, thread_draft(category, IDENTIFYING, title="Mrs. Jones again"))
    db.session.rollback()
    error = caught.value
    assert error.status == 422 and "privacy" in error.errors
    kinds = {(f.field, f.kind, f.text) for f in error.findings}
    assert {("title", "name", "Mrs. Jones"), ("body", "name", "Mrs. Jones"),
            ("body", "date", "03/14/1951"), ("body", "record_number", "MRN 4432190")} <= kinds
    for finding in error.findings:
        assert error.texts[finding.field][finding.start:finding.end] == finding.text and finding.reason
    assert df.count_rows(Thread) == df.count_rows(Post) == df.count_rows(PrivacyHold) == 0
    assert audit_actions() == []


def test_declaration_needs_an_explanation_of_10_to_500_characters(author, category):
    for explanation in ("", "   ", "too short", "x" * 501):
        with pytest.raises(HeldByScreen) as caught:
            posting.create_thread(author, ThreadDraft(category.id, "Sodium question", ThreadKind.GENERAL,
                                                      declared(IDENTIFYING, explanation)))
        db.session.rollback()
        assert "privacy_explanation" in caught.value.errors
    assert df.count_rows(Post) == df.count_rows(PrivacyHold) == 0


def test_clean_clinical_text_posts_normally(author, category):
    thread = df.start_thread(author, category, title="Hyponatraemia on sertraline, next step?",
                             body=CLEAN_CLINICAL, kind=ThreadKind.CLINICAL)
    db.session.commit()
    assert opening(thread).status == PostStatus.VISIBLE
    assert df.count_rows(PrivacyHold) == 0


def test_declared_thread_is_held_uncounted_unindexed_and_unannounced(author, other, category):
    thread = held_thread(author, category, body=IDENTIFYING + " Thoughts, @omar.other?")
    post = opening(thread)
    assert post.status == PostStatus.HELD and post.is_held and not post.is_visible
    hold = open_hold_for(post)
    assert hold.origin == HoldOrigin.THREAD and hold.author_id == author.id
    assert hold.explanation == EXPLANATION and hold.outcome is None
    assert {"kind": "record_number", "text": "MRN 4432190", "field": "body"}.items() <= \
        next(f for f in hold.findings if f["kind"] == "record_number").items()
    db.session.refresh(category)
    assert (category.thread_count, category.post_count, category.last_post_at) == (0, 0, None)
    assert is_unpublished_thread(thread)
    assert search_ids(other, "hyponatraemia") == [] and search_ids(author, "hyponatraemia") == []
    assert df.count_rows(Notification) == 0
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.target_id) == ("post.hold", author.id, str(post.id))
    assert entry.details["finding_kinds"] == hold.finding_kinds
    assert "Jones" not in str(entry.details) + entry.reason + entry.target_label


def test_held_reply_moves_no_activity_and_thread_takes_no_reply_while_unpublished(author, other, category):
    thread = df.start_thread(other, category, title="Sodium on SSRIs")
    db.session.commit()
    before = thread.last_post_at
    reply = posting.create_reply(author, thread, declared("Saw this in Mr. Patel, MRN 5512093."))
    db.session.commit()
    db.session.refresh(thread)
    db.session.refresh(category)
    assert reply.status == PostStatus.HELD and reply.number == 2
    assert thread.last_post_at == before and category.post_count == 1
    assert df.count_rows(Notification) == 0  # the thread author hears nothing yet
    assert not is_unpublished_thread(thread)
    unpublished = held_thread(author, category)
    with pytest.raises(InvalidState):
        df.add_reply(other, unpublished)


def test_edit_that_introduces_an_identifier_is_refused_then_held_when_declared(author, other, category):
    thread = df.start_thread(author, category, title="Sodium management", body="Hyponatraemia question.")
    db.session.commit()
    post = opening(thread)
    assert search_ids(other, "hyponatraemia") == [post.id]
    with pytest.raises(HeldByScreen):
        editing.edit_post(author, post, df.draft("Hyponatraemia in Mrs. Jones, DOB 03/14/1951."))
    db.session.rollback()
    assert post.body_source == "Hyponatraemia question." and post.status == PostStatus.VISIBLE
    assert editing.edit_post(author, post, declared("Hyponatraemia in Mrs. Jones, DOB 03/14/1951."))
    db.session.commit()
    assert post.status == PostStatus.HELD and "Mrs. Jones" in post.body_source
    revision = db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)).one()
    assert revision.body_source == "Hyponatraemia question."
    assert open_hold_for(post).origin == HoldOrigin.EDIT
    assert search_ids(other, "hyponatraemia") == []
    assert not is_unpublished_thread(thread)  # an edited opening post hides the post, not the thread
    assert audit_actions() == ["post.hold"]
    with pytest.raises(InvalidState):
        editing.edit_post(author, post, df.draft("Hyponatraemia question, revised."))


def test_approve_publishes_counts_indexes_and_notifies(app, author, other, moderator, category, outbox):
    thread = held_thread(author, category, body=IDENTIFYING + " Thoughts, @omar.other?")
    hold = open_hold_for(opening(thread))
    approve_hold(moderator, hold, "A published case report, not a patient.")
    db.session.commit()
    post = opening(thread)
    db.session.refresh(category)
    assert post.status == PostStatus.VISIBLE and not is_unpublished_thread(thread)
    assert (hold.outcome, hold.decided_by_id, hold.decision_reason) == (
        HoldOutcome.APPROVED, moderator.id, "A published case report, not a patient.")
    assert (category.thread_count, category.post_count) == (1, 1) and category.last_post_at
    assert search_ids(other, "hyponatraemia") == [post.id]
    kinds = {(n.user_id, n.kind) for n in db.session.scalars(select(Notification))}
    assert kinds == {(author.id, NotificationKind.MODERATION), (other.id, NotificationKind.MENTION)}
    mails = [m for m in outbox() if m["To"] == author.email]
    assert len(mails) == 1
    body = mails[0].get_content()
    assert "Falling sodium on an SSRI" in body and "http://localhost/notifications/" in body
    assert "Jones" not in body and "4432190" not in body
    assert audit_actions() == ["post.hold", "post.approve_held"]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor_id, entry.target_id, entry.reason) == (
        moderator.id, str(post.id), "A published case report, not a patient.")
    assert open_holds() == []


def test_approving_a_held_reply_moves_the_thread_and_tells_its_author(author, other, moderator, category):
    thread = df.start_thread(other, category, title="Sodium on SSRIs")
    db.session.commit()
    reply = posting.create_reply(author, thread, declared("Saw this in Mr. Patel, MRN 5512093."))
    db.session.commit()
    approve_hold(moderator, open_hold_for(reply), "Checked: a fictional teaching case.")
    db.session.commit()
    db.session.refresh(thread)
    db.session.refresh(category)
    assert category.post_count == 2 and thread.last_post_at >= reply.created_at
    kinds = {(n.user_id, n.kind) for n in db.session.scalars(select(Notification))}
    assert kinds == {(other.id, NotificationKind.REPLY), (author.id, NotificationKind.MODERATION)}


def test_approving_an_edit_reindexes_without_recounting(author, other, moderator, category):
    thread = df.start_thread(author, category, title="Sodium management", body="Hyponatraemia question.")
    db.session.commit()
    post = opening(thread)
    editing.edit_post(author, post, declared("Hyponatraemia in Mrs. Jones, DOB 03/14/1951."))
    db.session.commit()
    approve_hold(moderator, open_hold_for(post), "The name is the eponym of a sign.")
    db.session.commit()
    db.session.refresh(category)
    assert (category.thread_count, category.post_count) == (1, 1)
    assert search_ids(other, "hyponatraemia") == [post.id]


def test_decisions_are_refused_clearly(db, author, other, moderator, category):
    hold = open_hold_for(opening(held_thread(author, category)))
    with pytest.raises(NotAllowed):
        approve_hold(other, hold, "Looks fine to me.")
    with pytest.raises(ValidationFailed):
        approve_hold(moderator, hold, "   ")
    with pytest.raises(ValidationFailed):
        approve_hold(moderator, hold, "x" * 501)
    with pytest.raises(ValidationFailed):
        close_hold(moderator, hold, "withdrawn", "Not an outcome.")
    own = open_hold_for(opening(held_thread(moderator, category, title="My own sodium question")))
    with pytest.raises(NotAllowed):
        approve_hold(moderator, own, "Approving my own post.")
    admin = factories.make_user(role="admin")
    admins = open_hold_for(opening(held_thread(admin, category, title="An admin's sodium question")))
    with pytest.raises(NotAllowed):
        approve_hold(moderator, admins, "A moderator acting on an admin.")
    db.session.rollback()
    assert audit_actions() == ["post.hold", "post.hold", "post.hold"]
    approve_hold(moderator, hold, "A published case report.")
    with pytest.raises(InvalidState, match="already decided"):
        approve_hold(moderator, hold, "Again.")
    with pytest.raises(InvalidState):
        close_hold(moderator, hold, HoldOutcome.REMOVED, "Too late.")


def test_close_hold_records_the_decision_and_leaves_the_post(author, moderator, category):
    thread = held_thread(author, category)
    hold = open_hold_for(opening(thread))
    close_hold(moderator, hold, HoldOutcome.REMOVED, "Identifies a patient.")
    db.session.commit()
    assert (hold.outcome, hold.decided_by_id, hold.decision_reason) == (
        HoldOutcome.REMOVED, moderator.id, "Identifies a patient.")
    assert opening(thread).status == PostStatus.HELD  # the moderation feature changes the post
    assert is_unpublished_thread(thread)  # removed while held: never published
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.target_type, entry.target_id, entry.reason) == (
        "privacy_hold.close", "privacy_hold", str(hold.id), "Identifies a patient.")
    assert entry.details["outcome"] == "removed" and entry.details["post_id"] == hold.post_id
    assert open_holds() == []


def test_open_holds_oldest_first_with_context(author, other, category):
    first = held_thread(author, category, title="First sodium question")
    second = held_thread(other, category, title="Second sodium question")
    holds = open_holds()
    assert [h.post.thread_id for h in holds] == [first.id, second.id]
    assert holds[0].post.thread.category.name == "Nephrology" and holds[1].author.id == other.id
    grouped = holds_for_posts([h.post_id for h in holds])
    assert {post_id: len(items) for post_id, items in grouped.items()} == {h.post_id: 1 for h in holds}


def test_one_open_hold_per_post(author, category):
    post = opening(held_thread(author, category))
    with pytest.raises(Conflict):
        hold_post(post, [{"kind": "name", "start": 0, "end": 1, "text": "M"}], EXPLANATION)
    db.session.rollback()
    db.session.add(PrivacyHold(post_id=post.id, author_id=author.id, origin="thread", findings=[],
                               explanation=EXPLANATION, created_at=utcnow()))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_hold_post_checks_its_input(author, category):
    thread = df.start_thread(author, category)
    db.session.commit()
    post = opening(thread)
    with pytest.raises(ValidationFailed):
        hold_post(post, [], EXPLANATION)
    with pytest.raises(ValidationFailed) as caught:
        hold_post(post, [{"kind": "name", "start": 0, "end": 1, "text": "O"}], "short")
    assert caught.value.field == "privacy_explanation"
    assert df.count_rows(PrivacyHold) == 0


def test_search_shows_only_visible_posts_even_with_a_stale_entry(author, other, category):
    post = opening(held_thread(author, category))
    search.current_engine().upsert(db.session, search.index_entry(post.id, 1, "Falling sodium", post.body_html))
    db.session.commit()
    assert search_ids(other, "hyponatraemia") == []
    for status in (PostStatus.HELD, "removed", "anything"):
        post.status = status
        assert not search.can_see_post(other, post)


def test_unchanged_text_of_an_approved_post_is_not_screened_again(author, moderator, category):
    post = opening(held_thread(author, category))
    approve_hold(moderator, open_hold_for(post), "A published case report.")
    db.session.commit()
    assert editing.edit_post(author, post, df.draft(post.body_source)) is False


def test_scrub_holds_destroys_the_flagged_text(author, category):
    post = opening(held_thread(author, category))
    scrub_holds(post)
    db.session.commit()
    hold = db.session.scalars(select(PrivacyHold)).one()
    assert hold.explanation == "" and all(f["text"] == "" for f in hold.findings)
    assert {f["kind"] for f in hold.findings} >= {"name", "date", "record_number"}


def test_category_counters_unchanged_by_a_held_thread(author, category):
    held_thread(author, category)
    assert db.session.get(Category, category.id).thread_count == 0


# The notes a post publishes beside its body (citations, disclosure relationships) are screened
# like the body: readers see them too.

NOTE_NAMING_A_PATIENT = "MRI of Mr. John Doe, MRN 8823412"


def clinical_thread_draft(category, *, citations=("12345678",), disclosure=None, declare=None):
    post = declared("Hyponatraemia on sertraline: which workup first?", declare, citations=citations,
                    disclosure=disclosure or df.NO_CONFLICTS) if declare else df.draft(
        "Hyponatraemia on sertraline: which workup first?", citations=citations,
        disclosure=disclosure or df.NO_CONFLICTS)
    return ThreadDraft(category.id, "Falling sodium on an SSRI", ThreadKind.CLINICAL, post)


def test_a_citation_note_naming_a_patient_is_refused_with_the_note_marked(author, category):
    draft = clinical_thread_draft(category, citations=(("12345678", "Landmark RCT"),
                                                       ("10.1056/NEJMoa1", f"  {NOTE_NAMING_A_PATIENT}  ")))
    with pytest.raises(HeldByScreen) as caught:
        posting.create_thread(author, draft)
    db.session.rollback()
    error = caught.value
    assert "privacy" in error.errors
    found = {(f.field, f.kind, f.text) for f in error.findings}
    assert found == {("citations-1-note", "name", "Mr. John Doe"),
                     ("citations-1-note", "record_number", "MRN 8823412")}
    assert error.texts["citations-1-note"] == NOTE_NAMING_A_PATIENT  # as it would be stored
    assert "citations-0-note" not in error.texts or not any(
        f.field == "citations-0-note" for f in error.findings)
    for finding in error.findings:
        assert error.texts[finding.field][finding.start:finding.end] == finding.text
    assert df.count_rows(Thread) == df.count_rows(Post) == df.count_rows(PrivacyHold) == 0


def test_a_disclosure_note_naming_a_patient_is_refused(author, category):
    disclosure = df.declared(("consulting", "Acme Pharma", "advised on the case of Mrs. Lopez"))
    thread = df.start_thread(author, category, kind=ThreadKind.CLINICAL)
    db.session.commit()
    before = df.count_rows(Post)
    with pytest.raises(HeldByScreen) as caught:
        posting.create_reply(author, thread, df.draft("Agreed.", disclosure=disclosure))
    db.session.rollback()
    assert [(f.field, f.text) for f in caught.value.findings] == [
        ("disclosure-relationships-0-note", "Mrs. Lopez")]
    assert df.count_rows(Post) == before


def test_a_declared_note_holds_the_post_with_the_note_finding(author, category):
    draft = clinical_thread_draft(category, citations=(("12345678", NOTE_NAMING_A_PATIENT),),
                                  declare=EXPLANATION)
    thread = posting.create_thread(author, draft)
    db.session.commit()
    post = opening(thread)
    assert post.status == PostStatus.HELD
    hold = open_hold_for(post)
    assert {(f["field"], f["text"]) for f in hold.findings} == {
        ("citations-0-note", "Mr. John Doe"), ("citations-0-note", "MRN 8823412")}


def test_clean_notes_and_general_threads_post_normally(author, category):
    draft = clinical_thread_draft(category, citations=(("12345678", "Smith et al., NEJM 2019; see table 3"),),
                                  disclosure=df.declared(("speaking", "Acme Pharma", "Talks on SGLT2 inhibitors, 2024")))
    thread = posting.create_thread(author, draft)
    db.session.commit()
    assert opening(thread).status == PostStatus.VISIBLE


def test_an_edit_screens_new_notes_but_not_the_ones_already_published(author, category):
    """A published note was screened when it was written (or approved by a moderator after a
    hold, as simulated here): an edit that keeps it is not stopped by it again."""
    thread = df.start_thread(author, category, kind=ThreadKind.CLINICAL, body="Which workup first?",
                             citations=[("12345678", "Landmark RCT")])
    db.session.commit()
    post = opening(thread)
    post.citations[0].note = NOTE_NAMING_A_PATIENT  # approved after a hold
    db.session.commit()
    kept = ("12345678", NOTE_NAMING_A_PATIENT)
    with pytest.raises(HeldByScreen) as caught:
        editing.edit_post(author, post, df.draft("Which workup first?", citations=[
            kept, ("23456789", "Mrs. Lopez's chart")]))
    db.session.rollback()
    assert {f.field for f in caught.value.findings} == {"citations-1-note"}
    assert "body" not in caught.value.texts  # the body is as published: not screened again
    post = db.session.get(Post, post.id)
    assert editing.edit_post(author, post, df.draft("Which workup first, and when?", citations=[
        kept, ("23456789", "Cochrane review, 2021")]))
    db.session.commit()
    assert db.session.get(Post, post.id).status == PostStatus.VISIBLE

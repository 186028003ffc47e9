"""Purge: the text of a post is destroyed everywhere the database keeps it. A unique marker is
put in the post, its earlier version, a citation note, the privacy screen's findings, a report
explanation, an appeal and a quoting reply; after the purge every column of every table (and
the full-text index, its shadow tables included) is scanned for it."""
import random
import string

import pytest
from sqlalchemy import select, text

from forum.audit.services import verify_chain
from forum.discussion.models import Post, PostStatus, SavedDraft
from forum.discussion.rendering import quote_source
from forum.discussion.services import editing, saved_drafts
from forum.errors import InvalidState, NotAllowed
from forum.extensions import db
from forum.moderation.models import ReportReason
from forum.moderation.services import appeals, posts, purge
from forum.notifications.models import Notification
from forum.privacy.holds import open_hold_for
from forum.search import services as search
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reporter": factories.make_user(full_name="Rita Reporter"),
              "quoter": factories.make_user(full_name="Quinn Quoter"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def marker():
    return "Zqx" + "".join(random.choices(string.ascii_lowercase, k=10))


def every_value_holding(needle):
    """(table, column) of every stored value that contains `needle`, case-insensitively."""
    needle = needle.lower()
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is not None and needle in str(value).lower():
                    found.append((table.name, column))
    found.extend(_search_index_holding(needle))
    return found


def _search_index_holding(needle):
    found = []
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        names = db.session.scalars(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'post_search%'")).all()
        for name in names:
            for row in db.session.execute(text(f'SELECT * FROM "{name}"')):
                for value in row:
                    raw = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    if needle in raw.lower():
                        found.append((name, "*"))
    else:
        for row in db.session.execute(text(
                "SELECT post_id, title, body, document::text AS document FROM post_search")):
            for value in row:
                if needle in str(value).lower():
                    found.append(("post_search", "*"))
    return found


def build_traces(people, marker):
    """A post whose text (with `marker`) has spread everywhere it can: returns the post."""
    thread = df.start_thread(people["author"], title="Sodium questions", body="Opening post.")
    post = df.add_reply(people["author"], thread, body=f"Before the edit: {marker} seems relevant.",
                        citations=[("PMID: 12345678", f"See the {marker} case")])
    db.session.commit()
    assert search.search(people["reporter"], marker).hits
    mf.report(people["reporter"], post, ReportReason.OTHER, f"It names {marker}, a real person.")
    saved_drafts.save(people["author"], saved_drafts.edit_place(post.id),
                      [["body", f"Thinking again about {marker}."]])  # an edit the author had begun
    df.add_reply(people["quoter"], thread, body=quote_source(post) + "I agree with this.")
    draft = df.draft(f"Mrs. {marker} came in with hyponatraemia, DOB 03/14/1951.",
                     citations=[("PMID: 12345678", f"See the {marker} case")])
    draft.privacy_declared = True
    draft.privacy_explanation = f"{marker} is the name of a published case, not a patient."
    editing.edit_post(people["author"], post, draft)
    db.session.commit()
    hold = open_hold_for(post)
    assert hold is not None and any(marker in f["text"] for f in hold.findings)
    posts.remove_post(people["moderator"], post, ReportReason.PRIVACY, "Identifies the patient.")
    db.session.commit()
    appeals.file_appeal(people["author"], post, f"{marker} is not my patient, please restore.")
    db.session.commit()
    assert every_value_holding(marker), "the setup should have spread the marker"
    return post


def test_purge_leaves_no_trace_of_the_text_anywhere(people, marker):
    post = build_traces(people, marker)
    tables = {table for table, _ in every_value_holding(marker)}
    assert {"post", "post_revision", "post_citation", "privacy_hold", "report", "appeal", "saved_draft"} <= tables
    purge.purge_post(people["moderator2"], post, "Identifies a patient: purged.")
    db.session.commit()
    assert every_value_holding(marker) == []
    assert post.status == PostStatus.PURGED and post.body_source == "" and post.body_html == ""
    assert post.revisions == [] and post.citations == []


def test_purge_keeps_the_audit_record_without_the_text(people, marker):
    post = build_traces(people, marker)
    purge.purge_post(people["moderator2"], post, "Identifies a patient: purged.")
    db.session.commit()
    entry = mf.audit("post.purge")[-1]
    assert entry.actor_id == people["moderator2"].id and entry.target_id == str(post.id)
    assert entry.details["revisions_destroyed"] == 1 and entry.details["citations_destroyed"] == 1
    assert entry.details["report_explanations_cleared"] == 1 and entry.details["appeal_message_cleared"]
    assert len(entry.details["quoting_post_ids"]) == 1
    assert marker.lower() not in str(entry.details).lower() + entry.target_label.lower()
    assert verify_chain()[0]


def test_purge_replaces_the_quote_in_the_quoting_post(people, marker):
    post = build_traces(people, marker)
    purge.purge_post(people["moderator2"], post, "Identifies a patient.")
    db.session.commit()
    quoting = db.session.scalars(select(Post).where(Post.author_id == people["quoter"].id)).one()
    assert "removed for patient privacy" in quoting.body_source
    assert "I agree with this." in quoting.body_source
    assert search.search(people["reporter"], "agree").hits


def test_purging_an_opening_post_replaces_the_thread_title(people, marker):
    thread = df.start_thread(people["author"], title=f"The {marker} case", body=f"About {marker}.")
    db.session.commit()
    purge.purge_post(people["moderator"], mf.opening(thread), "The title names the patient.")
    db.session.commit()
    assert thread.title == purge.PURGED_TITLE
    assert every_value_holding(marker) == []
    assert mf.audit("post.purge")[-1].details["title_replaced"] is True


def test_purge_is_irreversible_and_idempotent(people, marker):
    thread = df.start_thread(people["author"], body="Opening post.")
    post = df.add_reply(people["author"], thread, body=f"About {marker}.")
    db.session.commit()
    purge.purge_post(people["moderator"], post, "Identifies a patient.")
    db.session.commit()
    before = len(mf.audit())
    with pytest.raises(InvalidState) as caught:
        purge.purge_post(people["moderator"], post, "Again.")
    assert caught.value.status == 409
    with pytest.raises(InvalidState):
        posts.restore_post(people["moderator"], post, "Bring it back.")
    with pytest.raises(InvalidState):
        posts.remove_post(people["moderator"], post, ReportReason.OTHER, "Remove it.")
    db.session.rollback()
    assert len(mf.audit()) == before


def test_purge_tells_the_author_without_the_text(people, marker, outbox):
    thread = df.start_thread(people["author"], body="Opening post.")
    post = df.add_reply(people["author"], thread, body=f"About {marker}.")
    db.session.commit()
    purge.purge_post(people["moderator"], post, "Identifies a patient.")
    db.session.commit()
    assert len(mf.moderation_notices(people["author"])) == 1
    mail = [m for m in outbox() if m["To"] == people["author"].email][-1]
    assert "purged" in mail["Subject"] and marker not in mail.get_content()


def test_moderators_cannot_purge_their_own_post(people, marker):
    thread = df.start_thread(people["moderator"], body=f"About {marker}.")
    db.session.commit()
    with pytest.raises(NotAllowed):
        purge.purge_post(people["moderator"], mf.opening(thread), "Own post.")


def test_purge_scrubs_what_a_held_quoting_posts_hold_copied(people, marker):
    """A reply quoting the post was held by the screen for the identifiers it quoted: its
    hold's findings lose that text too; the quoting author's own finding stays."""
    thread = df.start_thread(people["author"], body="Opening post.")
    post = mf.held_reply(people["author"], thread, body=f"Mrs. {marker}, MRN 4432190, came in.")
    db.session.commit()
    posts.approve_held_post(people["moderator"], post, "A published case.")
    db.session.commit()
    quoting = mf.held_reply(people["quoter"], thread,
                            body=quote_source(post) + "Mine had MRN 5550123 too.")
    db.session.commit()
    texts = [f["text"] for f in open_hold_for(quoting).findings]
    assert any("4432190" in t for t in texts) and any("5550123" in t for t in texts)
    purge.purge_post(people["moderator2"], post, "Identifies the patient.")
    db.session.commit()
    texts = [f["text"] for f in open_hold_for(quoting).findings]
    assert not any("4432190" in t or marker.lower() in t.lower() for t in texts)
    assert any("5550123" in t for t in texts)
    assert every_value_holding(marker) == [] and every_value_holding("4432190") == []
    assert mf.audit("post.purge")[-1].details["quoting_hold_ids_scrubbed"] == [open_hold_for(quoting).id]


# Drafts quoting the purged post: a quote-reply copies the text into the composer, and the
# composer keeps it as a draft.

def quoting_drafts(people, marker):
    """A post with `marker`, quoted in the quoter's reply draft (with the CRLF line endings a
    browser sends) and in the moderator's draft of a new thread: returns the post."""
    thread = df.start_thread(people["author"], title="Sodium questions", body="Opening post.")
    post = df.add_reply(people["author"], thread, body=f"The {marker} sign was absent.")
    db.session.commit()
    quote = quote_source(post).replace("\n", "\r\n")
    saved_drafts.save(people["quoter"], saved_drafts.reply_place(thread.id),
                      [["body", quote + "I would check her sodium first."]])
    saved_drafts.save(people["moderator"], saved_drafts.new_thread_place(),
                      [["title", "Hyponatraemia in the elderly"], ["body", "As was said:\n\n" + quote_source(post)]])
    db.session.commit()
    return post


def draft_body(user):
    draft = db.session.scalars(select(SavedDraft).where(SavedDraft.user_id == user.id)).one()
    return dict(draft.fields)["body"]


def test_purge_cuts_its_quotes_out_of_every_members_drafts(people, marker):
    post = quoting_drafts(people, marker)
    assert "saved_draft" in {table for table, _ in every_value_holding(marker)}
    notices_before = db.session.query(Notification).filter_by(user_id=people["quoter"].id).count()
    purge.purge_post(people["moderator2"], post, "Identifies a patient.")
    db.session.commit()
    assert every_value_holding(marker) == []
    assert draft_body(people["quoter"]) == purge.PURGED_NOTE.join(("> ", "\n\nI would check her sodium first."))
    assert draft_body(people["moderator"]) == "As was said:\n\n> " + purge.PURGED_NOTE + "\n\n"
    assert mf.audit("post.purge")[-1].details["quoting_drafts_scrubbed"] == 2
    # the drafts' owners are told nothing
    assert db.session.query(Notification).filter_by(user_id=people["quoter"].id).count() == notices_before


def test_purge_leaves_drafts_without_its_quotes_alone(people, marker):
    post = quoting_drafts(people, marker)
    other = df.add_reply(people["author"], post.thread, body="Another reply.")
    db.session.commit()
    saved_drafts.save(people["reporter"], saved_drafts.reply_place(post.thread_id),
                      [["body", quote_source(other) + f"About /posts/{post.id} and {marker}, unquoted."]])
    db.session.commit()
    before = draft_body(people["reporter"])
    purge.purge_post(people["moderator2"], post, "Identifies a patient.")
    db.session.commit()
    assert draft_body(people["reporter"]) == before
    assert mf.audit("post.purge")[-1].details["quoting_drafts_scrubbed"] == 2


def test_a_draft_saved_after_the_purge_keeps_the_note_not_the_quote(people, marker):
    """A composer opened before the purge still holds the quote, and its script saves it."""
    post = quoting_drafts(people, marker)
    purge.purge_post(people["moderator2"], post, "Identifies a patient.")
    db.session.commit()
    saved_drafts.save(people["quoter"], saved_drafts.reply_place(post.thread_id),
                      [["body", quote_source_before_purge(post, marker) + "Still typing."]])
    db.session.commit()
    assert every_value_holding(marker) == []
    assert draft_body(people["quoter"]) == f"> {purge.PURGED_NOTE}\n\nStill typing."


def quote_source_before_purge(post, marker):
    return (f"> [@{post.author.handle} wrote in post #{post.number}](/posts/{post.id})\r\n>\r\n"
            f"> The {marker} sign was absent.\r\n\r\n")

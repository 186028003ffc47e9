"""Drafts of edits without HTTP (forum.discussion.services.saved_drafts): a draft the same as
the post is no draft, and one written against an earlier version of the post is dropped."""
import pytest
from sqlalchemy import select

from forum.discussion.models import Post, SavedDraft
from forum.discussion.services import editing, saved_drafts
from forum.extensions import db
from forum.moderation.services import posts
from tests import discussion_factories as df
from tests import factories


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def post(people):
    thread = df.start_thread(people["author"], title="Sodium on sertraline", body="Na 124.",
                             citations=[("PMID: 12345678", "the trial")])
    db.session.commit()
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()


def drafts():
    return db.session.scalars(select(SavedDraft)).all()


def typed(post, body, version=None):
    """The edit composer's fields with `body` typed, opened on `version` (default: the post now)."""
    return [["title", "Sodium on sertraline"], ["body", body], ["citations-0-value", "12345678"],
            ["citations-0-note", "the trial"],
            ["citations-1-value", ""], ["citations-1-note", ""],
            [saved_drafts.EDIT_VERSION_FIELD, version or saved_drafts.edit_version(post)]]


def test_an_edit_draft_the_same_as_the_post_is_no_draft(people, post):
    place, unchanged = saved_drafts.edit_place(post.id), saved_drafts.edit_fields(post)
    assert unchanged == [["title", "Sodium on sertraline"], ["body", "Na 124."],
                         ["citations-0-value", "12345678"], ["citations-0-note", "the trial"]]
    assert saved_drafts.save(people["author"], place, typed(post, "Na 124, now 118."), unchanged=unchanged)
    assert len(drafts()) == 1
    assert not saved_drafts.save(people["author"], place, typed(post, "Na 124.\r\n"), unchanged=unchanged)
    assert drafts() == []


def test_a_draft_of_an_earlier_version_is_dropped_when_loaded(people, post):
    author, place = people["author"], saved_drafts.edit_place(post.id)
    opened_on = saved_drafts.edit_version(post)
    saved_drafts.save(author, place, typed(post, "Na 124, now 118."))
    assert saved_drafts.load_edit(author, post) is not None
    editing.edit_post(author, post, df.draft("Na 118.", citations=[("PMID: 12345678", "the trial")]))
    db.session.commit()
    assert saved_drafts.edit_version(post) != opened_on
    assert saved_drafts.load_edit(author, post) is None and drafts() == []


def test_a_new_title_makes_a_new_version(people, post):
    before = saved_drafts.edit_version(post)
    editing.edit_post(people["author"], post, df.draft("Na 124.", citations=[("PMID: 12345678", "the trial")]),
                      "Hyponatraemia on sertraline")
    db.session.commit()
    assert saved_drafts.edit_version(post) != before


def test_a_redaction_makes_a_new_version(people, post):
    before = saved_drafts.edit_version(post)
    saved_drafts.save(people["author"], saved_drafts.edit_place(post.id), typed(post, "Na 124 in bed 4."))
    posts.redact_post(people["moderator"], post, "Na 124.  Redacted.", "Named a bed.")
    db.session.commit()
    assert saved_drafts.edit_version(post) != before
    assert saved_drafts.load_edit(people["author"], post) is None


def test_deleting_the_post_forgets_its_edit_draft(people, post):
    reply = df.add_reply(people["author"], post.thread, "A reply.")
    saved_drafts.save(people["author"], saved_drafts.edit_place(reply.id), [["body", "Rethought."]])
    saved_drafts.save(people["author"], saved_drafts.edit_place(post.id), typed(post, "Kept."))
    editing.delete_post(people["author"], reply)
    db.session.commit()
    assert [d.place for d in drafts()] == [saved_drafts.edit_place(post.id)]

"""The drafts page: every saved draft of the member's (a new thread, replies, edits) listed with
what it belongs to and a way on or out; only the member's own, never a title they may not read."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.discussion.models import PostStatus, SavedDraft
from forum.moderation.models import ReportReason
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login
from tests.search_factories import opening_post


@pytest.fixture
def thread(db):
    author = factories.make_user(full_name="Rafael Colleague")
    thread = df.start_thread(author, df.make_category("Practice"), title="Handover before leave")
    db.session.commit()
    return thread


def save(client, path, **fields):
    response = client.post(path, data={"action": "save_draft", **fields})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]


def entries(page):
    return re.findall(r'<li class="draft-entry">(.*?)</li>', page, re.S)


def test_each_kind_of_draft_is_listed_newest_first_with_a_way_on(member_client, member, thread):
    own = df.add_reply(member, thread, body="My first answer.")
    db.session.commit()
    save(member_client, "/threads/new", title="Hyponatraemia on an SSRI", body="A woman in her 70s " * 20)
    save(member_client, f"/t/{thread.id}/reply", body="Half of my reply")
    save(member_client, f"/posts/{own.id}/edit", body="My first answer, corrected.",
         edit_version=_edit_version(member_client, own.id))
    page = member_client.get("/drafts").get_data(as_text=True)
    listed = entries(page)
    assert len(listed) == 3
    edit, reply, new = listed  # most recently saved first
    assert f"Edit of post #{own.number} in Handover before leave" in edit
    assert f'href="/posts/{own.id}/edit"' in edit and "My first answer, corrected." in edit
    assert "Reply to Handover before leave" in reply and f'href="/t/{thread.id}/reply"' in reply
    assert "New thread: Hyponatraemia on an SSRI" in new and 'href="/threads/new"' in new
    excerpt = re.search(r'<p class="draft-excerpt">(.*?)</p>', new).group(1)
    assert excerpt.endswith("…") and len(excerpt) <= 161, "a long draft is cut at a word"
    assert 'data-local="ago"' in reply


def _edit_version(client, post_id):
    page = client.get(f"/posts/{post_id}/edit").get_data(as_text=True)
    return re.search(r'name="edit_version" type="hidden" value="([^"]*)"', page).group(1)


def test_discarding_a_draft_from_the_page_removes_that_one_only(member_client, member, thread):
    save(member_client, "/threads/new", title="Keep me", body="kept")
    save(member_client, f"/t/{thread.id}/reply", body="Throw me away")
    response = member_client.post("/drafts/discard", data={"place": f"reply:{thread.id}"},
                                  follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Draft discarded." in page
    assert "Throw me away" not in page and "Keep me" in page
    assert [d.place for d in db.session.scalars(select(SavedDraft))] == ["thread"]


@pytest.mark.parametrize("place", ["", "reply:abc", "thread:1", "edit:", "x" * 60, "session"])
def test_discarding_something_that_is_not_a_draft_is_refused(member_client, member, thread, place):
    save(member_client, f"/t/{thread.id}/reply", body="Still here")
    response = member_client.post("/drafts/discard", data={"place": place})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "That is not one of your drafts" in page
    assert "Still here" in page and db.session.scalar(select(SavedDraft.place)) == f"reply:{thread.id}"


def test_a_member_sees_only_their_own_drafts_and_cannot_discard_anothers(app, member_client, member, thread):
    save(member_client, f"/t/{thread.id}/reply", body="Mine alone")
    other = app.test_client()
    login(other, factories.make_user(full_name="Olga Other"))
    assert "Mine alone" not in other.get("/drafts").get_data(as_text=True)
    other.post("/drafts/discard", data={"place": f"reply:{thread.id}"})
    assert "Mine alone" in member_client.get("/drafts").get_data(as_text=True)


def test_a_draft_whose_thread_is_gone_or_out_of_sight_can_only_be_discarded(member_client, member, thread):
    db.session.add(SavedDraft(user_id=member.id, place="reply:999999", fields=[["body", "Written before it went"]]))
    hidden = df.start_thread(factories.make_user(full_name="Nadia Author"), thread.category, title="Names a patient")
    db.session.commit()
    save(member_client, f"/t/{hidden.id}/reply", body="Reply to the hidden one")
    opening = opening_post(hidden)
    opening.status, opening.removal_category = PostStatus.REMOVED, ReportReason.PRIVACY
    db.session.commit()
    page = member_client.get("/drafts").get_data(as_text=True)
    gone, withheld = sorted(entries(page), key=lambda html: "no longer exists" not in html)
    assert "Reply <span class=\"muted\">(its thread no longer exists)</span>" in gone
    assert "Go on writing" not in gone and "Discard" in gone
    assert "Names a patient" not in page and "Thread withheld for patient privacy" in withheld
    assert "Go on writing" not in withheld


def test_drafts_past_their_days_are_not_listed_and_the_empty_page_says_so(member_client, member, thread):
    save(member_client, f"/t/{thread.id}/reply", body="Ancient words")
    db.session.execute(SavedDraft.__table__.update().values(updated_at=utcnow() - timedelta(days=31)))
    db.session.commit()
    page = member_client.get("/drafts").get_data(as_text=True)
    assert "Ancient words" not in page and "No drafts." in page


def test_the_profile_and_a_restored_composer_link_to_the_drafts(member_client, member, thread):
    assert 'href="/drafts"' in member_client.get(f"/members/{member.handle}").get_data(as_text=True)
    save(member_client, f"/t/{thread.id}/reply", body="Back to it")
    assert 'href="/drafts"' in member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)

"""An author editing one post in two tabs: the second save does not silently overwrite the
first. The edit form carries the version it was opened on; saving over a newer version is
refused (409) with the current version shown and the author's text kept, and saving again
then replaces it knowingly. Two saves at the same instant: one wins, the other is told."""
import re

import pytest
from sqlalchemy import select

from forum.discussion import queries
from forum.discussion.models import Post, PostRevision
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories
from tests.race import meeting_after, run_together


@pytest.fixture
def post(member):
    thread = df.start_thread(member, title="Sodium on sertraline", body="Opening post.")
    reply = df.add_reply(member, thread, body="Start with fluid restriction.")
    db.session.commit()
    return reply


def opened(client, post_id) -> dict:
    """The edit form as a tab shows it: its hidden base version and the text."""
    page = client.get(f"/posts/{post_id}/edit").get_data(as_text=True)
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', page).group(1)
    return {"base_version": version, "action": "post"}


def body_now(post_id):
    db.session.expire_all()
    return db.session.get(Post, post_id).body_source


def test_a_save_in_a_second_tab_does_not_overwrite_the_first(member_client, post):
    first, second = opened(member_client, post.id), opened(member_client, post.id)
    assert first["base_version"] == "0"
    saved = member_client.post(f"/posts/{post.id}/edit", data={**first, "body": "Check urine osmolality first."})
    assert saved.status_code == 302
    late = member_client.post(f"/posts/{post.id}/edit", data={**second, "body": "Give tolvaptan."})
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "This post was changed after you opened this form" in page
    assert "Check urine osmolality first." in page  # the current version, shown
    assert "Give tolvaptan.</textarea>" in page  # the author's text, kept
    assert body_now(post.id) == "Check urine osmolality first."
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', page).group(1)
    assert version == "1"
    again = member_client.post(f"/posts/{post.id}/edit",
                               data={"base_version": version, "action": "post", "body": "Give tolvaptan."})
    assert again.status_code == 302
    assert body_now(post.id) == "Give tolvaptan."
    assert len(list(db.session.scalars(select(PostRevision)))) == 2


def test_a_moderator_redaction_is_not_overwritten_by_an_open_edit_form(app, member_client, post):
    from forum.moderation.services import posts as moderation
    tab = opened(member_client, post.id)
    moderator = factories.make_user(role="moderator")
    moderation.redact_post(moderator, db.session.get(Post, post.id), "Start with [redacted].", "Names a drug trial.")
    db.session.commit()
    late = member_client.post(f"/posts/{post.id}/edit", data={**tab, "body": "Start with fluid restriction, 1 L."})
    assert late.status_code == 409
    assert body_now(post.id) == "Start with [redacted]."


def test_two_tabs_saving_at_the_same_instant(app, member, post):
    from tests.conftest import login
    tabs = []
    for _ in range(2):
        client = app.test_client()
        assert login(client, member).status_code == 302
        tabs.append((client, opened(client, post.id)))
    url = f"/posts/{post.id}/edit"
    with meeting_after((queries, "get_post_or_404")):
        answers = run_together(*(lambda c=c, f=f, i=i: c.post(url, data={**f, "body": f"Version from tab {i}."})
                                 for i, (c, f) in enumerate(tabs)))
    assert sorted(a.status_code for a in answers) == [302, 409]
    winner = [i for i, a in enumerate(answers) if a.status_code == 302][0]
    assert body_now(post.id) == f"Version from tab {winner}."
    assert len(list(db.session.scalars(select(PostRevision)))) == 1


def test_a_form_without_a_base_version_still_saves(member_client, post):
    """A form opened before this check existed (no hidden field) is saved as before."""
    saved = member_client.post(f"/posts/{post.id}/edit", data={"action": "post", "body": "No version."})
    assert saved.status_code == 302 and body_now(post.id) == "No version."

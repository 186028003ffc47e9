"""A member's own rows written twice at once: the composer's script and the Save button saving
one new draft together, and the profile form sent twice. Forced to read before either writes
(tests.race); both answers are ordinary ones and one row is kept."""
import pytest
from sqlalchemy import func, select

from forum.discussion.models import SavedDraft, StandingDisclosure
from forum.extensions import db
from tests import discussion_factories as df
from tests.conftest import login
from tests.race import meeting_after, run_together

AUTOSAVE = {"X-Curbside-Autosave": "1"}


def reading(model):
    """Meet right after reading the member's `model` row: both requests have found it (or not)
    before either writes. A request that locked before reading waits for the lock instead, and
    the first goes on after a short wait."""
    return meeting_after((db.session, "get"), when=lambda entity, *a, **k: entity is model, timeout=3)


@pytest.fixture
def thread(member):
    made = df.start_thread(member, title="Sodium on sertraline", body="Opening post.")
    db.session.commit()
    return made


def second_tab(app, member):
    client = app.test_client()
    assert login(client, member).status_code == 302
    return client


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_script_and_the_button_saving_one_new_draft_at_once(app, member_client, member, thread):
    url, other = f"/t/{thread.id}/reply", second_tab(app, member)
    fields = {"body": "Typed so far", "action": "save_draft"}
    with reading(SavedDraft):
        answers = run_together(lambda: member_client.post(url, data=fields, headers=AUTOSAVE),
                               lambda: other.post(url, data={**fields, "body": "Typed a bit more"}))
    assert [a.status_code for a in answers] == [204, 200]
    assert count(SavedDraft) == 1


def test_the_profile_form_sent_twice_at_once(app, member_client, member):
    other = second_tab(app, member)
    form = {"institution": "Boston General", "disclosure-choice": "none"}
    with reading(StandingDisclosure):
        answers = run_together(lambda: member_client.post("/profile", data=form),
                               lambda: other.post("/profile", data=form))
    assert [a.status_code for a in answers] == [302, 302]
    assert count(StandingDisclosure) == 1

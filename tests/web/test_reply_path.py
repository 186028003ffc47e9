"""The reply write path as tuned for speed: what it stores (post, citations, counters, read
marker, search entry, notification) read back fresh, the rules it must still keep (duplicate
keys, unpublished threads, nothing half-stored), its SQL statement budget, and the in-memory
rate-limit storage that expires entries without a timer thread."""
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import event, select, text

from forum.discussion import queries
from forum.discussion.drafts import DuplicateSubmission, PostDraft, ThreadDraft
from forum.discussion.models import Category, Post, PostCitation, PostStatus, Thread, ThreadKind, ThreadRead
from forum.discussion.services import editing, posting
from forum.errors import InvalidState
from forum.extensions import InlineExpiryMemoryStorage, db
from forum.notifications.models import Notification, NotificationKind
from forum.search.services import search
from forum.security import sanitize
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login
from tests.unit.test_sanitize import MARKDOWNISH, XSS_VECTORS

IDENTIFYING = "Mrs. Jones, DOB 03/14/1951, MRN 4432190, came in with hyponatraemia."
EXPLANATION = "This is a published case report, not one of my patients."


@pytest.fixture
def author(db):
    user = factories.make_user(full_name="Omar Opening", handle="omar.opening")
    db.session.commit()
    return user


@pytest.fixture
def replier(db):
    user = factories.make_user(full_name="Rhea Replier", handle="rhea.replier", email="rhea@example.org")
    db.session.commit()
    return user


@pytest.fixture
def category(db):
    category = df.make_category("Nephrology")
    db.session.commit()
    return category


@pytest.fixture
def clinical_thread(author, category):
    thread = df.start_thread(author, category, title="Sodium falling on an SSRI", kind=ThreadKind.CLINICAL)
    db.session.commit()
    return thread


def search_entries(post_id):
    return db.session.scalar(text("SELECT count(*) FROM post_search WHERE post_id = :id"), {"id": post_id})


def reply_draft(body="Stop the SSRI and recheck the sodium in 48 hours.", key=None):
    return df.draft(body, citations=[("PMID: 24569125", "Guideline")], disclosure=df.NO_CONFLICTS, key=key)


def test_reply_through_the_composer_is_stored_whole(app, replier, clinical_thread, category):
    client = app.test_client()
    assert login(client, replier).status_code == 302
    response = df.post_reply(client, clinical_thread.id, body="Stop the *SSRI*; recheck tomorrow.",
                             **df.clinical_fields(citations=("PMID: 24569125",)))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{clinical_thread.id}#post-2")
    db.session.expire_all()
    post = db.session.scalars(select(Post).where(Post.thread_id == clinical_thread.id, Post.number == 2)).one()
    assert (post.author_id, post.status, post.body_html) == (
        replier.id, PostStatus.VISIBLE, "<p>Stop the <em>SSRI</em>; recheck tomorrow.</p>")
    assert post.disclosure["no_conflicts"] is True
    assert [(c.kind, c.value) for c in post.citations] == [("pmid", "24569125")]
    thread, category = db.session.get(Thread, clinical_thread.id), db.session.get(Category, category.id)
    assert (thread.post_count, thread.last_post_at) == (2, post.created_at)
    assert (category.post_count, category.last_post_at) == (2, post.created_at)
    marker = db.session.get(ThreadRead, (replier.id, thread.id))
    assert marker.last_read_number == 2
    assert search_entries(post.id) == 1
    assert [hit.post.id for hit in search(replier, "recheck tomorrow").hits] == [post.id]
    notes = db.session.scalars(select(Notification).where(Notification.post_id == post.id)).all()
    assert [(n.user_id, n.kind) for n in notes] == [(clinical_thread.author_id, NotificationKind.REPLY)]


def test_the_returned_reply_matches_what_was_stored(replier, clinical_thread):
    """create_reply hands back the post it INSERTed, loaded; it must equal the stored row."""
    post = posting.create_reply(replier, clinical_thread, reply_draft(), unpublished=False)
    returned = {column.key: getattr(post, column.key) for column in Post.__table__.columns}
    citations = [(c.id, c.post_id, c.position, c.kind, c.value, c.note) for c in post.citations]
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Post, returned["id"])
    assert returned == {column.key: getattr(stored, column.key) for column in Post.__table__.columns}
    assert citations == [(c.id, c.post_id, c.position, c.kind, c.value, c.note) for c in stored.citations]
    assert citations[0][2:] == (0, "pmid", "24569125", "Guideline")
    assert stored.thread.id == clinical_thread.id


def test_two_citations_keep_their_order(replier, clinical_thread):
    draft = df.draft("Two sources.", disclosure=df.NO_CONFLICTS,
                     citations=[("PMID: 24569125", "First"), ("https://example.org/guide", "Second")])
    post = posting.create_reply(replier, clinical_thread, draft)
    returned = [(c.id, c.position, c.note) for c in post.citations]
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Post, post.id)
    assert [(c.id, c.position, c.note) for c in stored.citations] == returned
    assert [note for _, _, note in returned] == ["First", "Second"]


def test_a_new_post_is_indexed_once_and_an_edit_replaces_its_entry(replier, clinical_thread):
    post = posting.create_reply(replier, clinical_thread, reply_draft("Tolvaptan worked here."))
    db.session.commit()
    assert search_entries(post.id) == 1
    assert [hit.post.id for hit in search(replier, "tolvaptan").hits] == [post.id]
    editing.edit_post(replier, post, df.draft("Fluid restriction worked here.", citations=[("PMID: 24569125",)]))
    db.session.commit()
    assert search_entries(post.id) == 1
    assert search(replier, "tolvaptan").hits == []
    assert [hit.post.id for hit in search(replier, "restriction").hits] == [post.id]


def test_a_reply_to_an_unpublished_thread_is_refused_by_the_composer(app, author, category):
    thread = posting.create_thread(author, ThreadDraft(category.id, "Falling sodium on an SSRI", ThreadKind.GENERAL,
                                                       PostDraft(body=IDENTIFYING, submission_key="k" * 24,
                                                                 privacy_declared=True,
                                                                 privacy_explanation=EXPLANATION)))
    db.session.commit()
    client = app.test_client()
    assert login(client, author).status_code == 302  # the author still sees the thread
    response = df.post_reply(client, thread.id, body="Any thoughts?")
    assert response.status_code == 409
    assert "This thread is waiting for moderator review" in response.get_data(as_text=True)
    assert df.count_rows(Post) == 1
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).post_count == 1
    with pytest.raises(InvalidState):  # and by the service, asking for itself
        posting.create_reply(author, thread, df.draft("Any thoughts?"))
    with pytest.raises(InvalidState):  # or told by its caller
        posting.create_reply(author, thread, df.draft("Any thoughts?"), unpublished=True)


def test_duplicate_key_is_refused_and_leaves_nothing_behind(replier, clinical_thread, category):
    posting.create_reply(replier, clinical_thread, reply_draft(key="d" * 24))
    db.session.commit()
    with pytest.raises(DuplicateSubmission):
        posting.create_reply(replier, clinical_thread, reply_draft(key="d" * 24))
    db.session.rollback()
    assert df.count_rows(Post, Post.thread_id == clinical_thread.id) == 2


def test_a_racing_duplicate_trips_the_constraint_and_is_rolled_back_whole(replier, clinical_thread, category,
                                                                          monkeypatch):
    """Both copies passed the pre-check: the INSERT's unique constraint decides."""
    posting.create_reply(replier, clinical_thread, reply_draft(key="r" * 24))
    db.session.commit()
    counts = (df.count_rows(Post), df.count_rows(PostCitation), df.count_rows(Notification),
              df.count_rows(ThreadRead))
    monkeypatch.setattr(posting, "_ensure_first_submission", lambda actor, key: None)
    with pytest.raises(DuplicateSubmission):
        posting.create_reply(replier, clinical_thread, reply_draft(key="r" * 24))
    db.session.rollback()
    db.session.expire_all()
    assert (df.count_rows(Post), df.count_rows(PostCitation), df.count_rows(Notification),
            df.count_rows(ThreadRead)) == counts
    assert db.session.get(Thread, clinical_thread.id).post_count == 2
    assert db.session.get(Category, category.id).post_count == 2


def test_a_reply_runs_a_fixed_number_of_statements(replier, clinical_thread):
    """Duplicate check (the form's key, then the same words just posted), number, post, citation,
    category, read marker, search entry, the thread's watchers and muters, the thread author's
    notification and their email preference: nothing more (no reloads, no DELETE
    before the search INSERT, no SELECT of users the session already holds)."""
    thread, unpublished = queries.get_readable_thread_or_404(replier, clinical_thread.id)  # as the view
    db.session.refresh(replier)  # loaded, as the logged-in member is
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()[:3]).upper())

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        posting.create_reply(replier, thread, reply_draft(), unpublished=unpublished)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == 11, statements
    assert sum(s.startswith("SELECT") for s in statements) == 4
    assert not any(s.startswith("DELETE") for s in statements)


def test_memory_rate_limits_expire_without_a_timer_thread():
    storage = storage_from_string("memory://")
    assert isinstance(storage, InlineExpiryMemoryStorage)
    time.sleep(0.05)  # the base class starts one timer when it is made
    threads = threading.active_count()
    limiter = MovingWindowRateLimiter(storage)
    item = RateLimitItemPerSecond(3, 1)
    assert [limiter.hit(item, "member:1") for _ in range(5)] == [True, True, True, False, False]
    assert threading.active_count() == threads
    time.sleep(1.1)
    assert limiter.hit(item, "member:1")
    assert len(storage.events[item.key_for("member:1")]) == 1  # the expired entries are gone


def test_the_memory_storage_hooks_we_override_still_exist():
    """InlineExpiryMemoryStorage replaces a private hook of limits' MemoryStorage: if an upgrade
    renames it, this fails instead of the override silently doing nothing."""
    assert callable(getattr(MemoryStorage, "_MemoryStorage__schedule_expiry", None))
    assert callable(getattr(MemoryStorage, "_MemoryStorage__expire_events", None))


SHORTCUT_CASES = XSS_VECTORS + [
    "AT&T and &amp;lt; and &copy; and &#104;ttp://decoded.example and h&#116;tps://x.example",
    "> [@a.b wrote in post #1](/posts/7)\n>\n> quoted\n\nMine, @user.one.",
    "| a | b |\n|---|---|\n| <1 | &gt;2 |\n\n1. one\n2. two\n\n`code & more`",
    "[a link](/members/user.one) and [ref][r]\n\n[r]: mailto:x@example.org",
    "plain text, www.example.org, example.org/path and ftp://files.example",
]


@pytest.mark.parametrize("source", SHORTCUT_CASES)
def test_cleaning_without_linkify_is_taken_only_when_it_changes_nothing(source):
    _assert_same_cleaning(source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(MARKDOWNISH, st.text(max_size=200)))
def test_cleaning_without_linkify_matches_for_any_markdown(source):
    _assert_same_cleaning(source)


def _assert_same_cleaning(source):
    """render_markdown skips the linkify filter when the HTML holds neither "http" nor "&": for
    such HTML both cleaners must give the same result; other HTML still goes through linkify."""
    tools = sanitize._tools()
    env = {"mentions": {"user.one": "/members/user.one"}, "mentioned": set()}
    raw = tools.markdown.render(source, env)
    full = tools.cleaner.clean(raw).strip()
    assert sanitize.render_markdown(source, {"user.one": "/members/user.one"}).html == full
    if "http" not in raw.lower() and "&" not in raw:
        assert tools.cleaner_without_linkify.clean(raw).strip() == full

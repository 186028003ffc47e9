"""The thread page caches each post's reader-independent parts (forum.discussion.post_fragments).
These tests read a page first, so its parts are cached, then change what the parts show and
read again: every change must be on the page at once, and what depends on the reader (action
links, the "new" badge) must never come from another reader's view."""
import pytest
from sqlalchemy import select, update

from forum.admin.services import change_role
from forum.auth.models import Role
from forum.discussion.models import Post, ThreadKind
from forum.discussion.services import editing
from forum.extensions import db
from forum.lru import LruCache
from forum.moderation.services.posts import redact_post, remove_post
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login


@pytest.fixture
def author(db):
    user = factories.make_user(full_name="Imogen Author", handle="imogen.author")
    db.session.commit()
    return user


@pytest.fixture
def thread(db, author):
    thread = df.start_thread(author, title="Refractory hyponatraemia", kind=ThreadKind.CLINICAL,
                             body="First version of the case.", citations=["PMID 11111111"])
    db.session.commit()
    return thread


def client_for(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def opening_post(thread):
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()


def page(client, thread):
    response = client.get(f"/t/{thread.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_edit_shows_at_once_with_its_new_citations(app, thread, author, member):
    reader = client_for(app, member)
    before = page(reader, thread)
    assert "First version of the case." in before and "11111111" in before
    post = opening_post(thread)
    editing.edit_post(author, post, df.draft("Second version, with sodium trend.",
                                             citations=["10.1000/xyz123"]))
    db.session.commit()
    after = page(reader, thread)
    assert "Second version, with sodium trend." in after and "First version" not in after
    assert "doi.org/10.1000/xyz123" in after and "11111111" not in after
    assert "edited " in after


def test_a_changed_author_block_shows_at_once(app, thread, author, member, admin):
    reader = client_for(app, member)
    assert "Imogen Author" in page(reader, thread)
    author.full_name = "Imogen Renamed"
    change_role(admin, author, Role.MODERATOR, "Covers the renal category.")
    db.session.commit()
    after = page(reader, thread)
    assert "Imogen Renamed" in after and "Imogen Author" not in after
    assert "role-moderator" in after


def test_redaction_and_removal_show_at_once(app, thread, author, member, moderator):
    reader = client_for(app, member)
    page(reader, thread)
    post = opening_post(thread)
    redact_post(moderator, post, "Case text with the identifier taken out.", "Identifier")
    db.session.commit()
    after = page(reader, thread)
    assert "identifier taken out" in after and "First version" not in after
    assert "redacted by a moderator" in after
    remove_post(moderator, post, "unprofessional", "Off topic")
    db.session.commit()
    after = page(reader, thread)
    assert "identifier taken out" not in after and "was removed by a moderator" in after


def test_a_changed_row_behind_the_same_id_is_never_served_from_the_cache(app, thread, member):
    """Content-addressed keys: even a body changed behind the services' back (a restore, a
    purge script) is rendered afresh."""
    reader = client_for(app, member)
    page(reader, thread)
    db.session.execute(update(Post).where(Post.thread_id == thread.id)
                       .values(body_html="<p>Rewritten directly in the database.</p>"))
    db.session.commit()
    assert "Rewritten directly in the database." in page(reader, thread)


def test_reader_dependent_parts_are_not_shared_between_readers(app, thread, author, member):
    own = client_for(app, author)
    other = client_for(app, member)
    post = opening_post(thread)
    page(other, thread)  # the member has read the opening post
    df.add_reply(author, thread, "A follow-up from the author.")
    db.session.commit()
    as_author = page(own, thread)
    assert "badge-new" not in as_author
    assert f'/posts/{post.id}/edit"' in as_author and "Report" not in as_author
    as_member = page(other, thread)
    assert f'/posts/{post.id}/edit"' not in as_member
    assert f'/posts/{post.id}/report"' in as_member
    assert as_member.count("badge-new") == 1  # the reply is new to this reader only
    assert "badge-new" not in page(other, thread)


def test_the_cache_is_bounded(app, db):
    cache = LruCache(3)
    for i in range(5):
        cache.put(i, str(i))
    assert len(cache) == 3 and cache.get(0) is None and cache.get(4) == "4"
    cache.get(2)
    cache.put(5, "5")
    assert cache.get(2) == "2" and cache.get(3) is None


def test_a_cache_of_size_zero_still_renders(make_app, database_url, db, thread, member):
    app = make_app(database_url, POST_FRAGMENT_CACHE_SIZE=0)
    client = client_for(app, member)
    with app.app_context():
        assert "First version of the case." in page(client, thread)
        assert "First version of the case." in page(client, thread)

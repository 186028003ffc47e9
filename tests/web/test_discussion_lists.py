"""What members browse: the category index with counts, thread lists (newest activity first,
pinned first, 25 a page), unread markers, thread pages, the latest list and profiles."""
import re
import pytest
from sqlalchemy import select

from forum.auth.models import AccountState
from forum.discussion.models import Post, ThreadKind
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login


@pytest.fixture
def colleague(db):
    user = factories.make_user(full_name="Mei Lin Colleague", handle="mei.colleague",
                               specialty="208000000X", jurisdiction="US-CA", registry="npi")
    db.session.commit()
    return user


def titles(page):
    return re.findall(r'class="thread-title" href="/t/\d+">([^<]+)</a>', page)


def test_member_home_is_the_forum_index(member_client):
    df.make_category("Practice & careers")
    db.session.commit()
    for path in ("/", "/forum"):
        response = member_client.get(path)
        assert response.status_code == 200
        assert "Practice &amp; careers" in response.get_data(as_text=True)


def test_index_shows_categories_with_counts_and_last_activity(member_client, colleague):
    first = df.make_category("Clinical cases: internal medicine", description="Adult cases.", position=1)
    df.make_category("Psychiatry", position=2)
    archived = df.make_category("Announcements 2025", archived=True, position=0)
    thread = df.start_thread(colleague, first, title="Older thread")
    df.add_reply(colleague, thread)
    df.start_thread(colleague, first, title="Newest thread")
    db.session.commit()
    page = member_client.get("/forum").get_data(as_text=True)
    names = re.findall(r'class="category-name" href="/c/\d+">([^<]+)</a>', page)
    assert names == ["Clinical cases: internal medicine", "Psychiatry", archived.name]
    row = page[page.index("Clinical cases: internal medicine"):page.index("Psychiatry")]
    assert "Adult cases." in row
    assert '2<span class="cell-label"> threads' in row and '3<span class="cell-label"> posts' in row
    assert "Newest thread" in row and "Older thread" not in row
    assert "Archived, read-only" in page and "No threads yet" in page


def test_category_lists_newest_activity_first_and_pinned_first(member_client, colleague):
    category = df.make_category()
    old = df.start_thread(colleague, category, title="Old but replied")
    df.start_thread(colleague, category, title="Middle")
    pinned = df.start_thread(colleague, category, title="House rules")
    pinned.pinned_at = utcnow()
    db.session.flush()
    df.add_reply(colleague, old)
    db.session.commit()
    page = member_client.get(f"/c/{category.id}").get_data(as_text=True)
    assert titles(page) == ["House rules", "Old but replied", "Middle"]
    assert "Pinned" in page


def test_thread_list_pages_25_at_a_time_with_keyset_links(member_client, colleague):
    category = df.make_category()
    df.bulk_threads(category, colleague, 30)
    db.session.commit()
    first = member_client.get(f"/c/{category.id}").get_data(as_text=True)
    assert titles(first) == [f"Bulk thread {n:03d}" for n in range(30, 5, -1)]
    assert "Newer" not in first
    older = re.search(r'href="([^"]+)">Older', first).group(1).replace("&amp;", "&")
    second = member_client.get(older).get_data(as_text=True)
    assert titles(second) == [f"Bulk thread {n:03d}" for n in range(5, 0, -1)]
    assert "Older" not in second
    newer = re.search(r'href="([^"]+)">← Newer', second).group(1).replace("&amp;", "&")
    assert titles(member_client.get(newer).get_data(as_text=True)) == titles(first)


def test_malformed_page_cursor_shows_the_first_page(member_client, colleague):
    category = df.make_category()
    df.bulk_threads(category, colleague, 3)
    db.session.commit()
    page = member_client.get(f"/c/{category.id}?before=abc.1x").get_data(as_text=True)
    assert len(titles(page)) == 3


def test_unread_markers_follow_the_reader(app, member_client, member, colleague):
    category = df.make_category()
    thread = df.start_thread(colleague, category, title="Watch this")
    mine = df.start_thread(member, category, title="My own")
    db.session.commit()
    page = member_client.get(f"/c/{category.id}").get_data(as_text=True)
    row = page[page.index("Watch this"):page.index("Watch this") + 200]
    assert 'badge-new">new</span>' in row
    own_row = page[page.index("My own"):page.index("My own") + 200]
    assert "badge-new" not in own_row
    member_client.get(f"/t/{thread.id}")
    page = member_client.get(f"/c/{category.id}").get_data(as_text=True)
    assert "badge-new" not in page
    df.add_reply(colleague, thread, "Fresh news")
    df.add_reply(colleague, thread, "More news")
    db.session.commit()
    page = member_client.get(f"/c/{category.id}").get_data(as_text=True)
    assert f'href="/t/{thread.id}/unread"' in page and ">2 unread</a>" in page
    thread_page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert thread_page.count('badge-new">new</span>') == 2
    assert 'badge-new' not in member_client.get(f"/c/{category.id}").get_data(as_text=True)


def test_a_reply_held_for_review_does_not_leave_the_thread_unread_for_other_readers(
        app, member_client, member, colleague):
    """Other members cannot see a held reply: once they have read what they can, the thread is
    read (before, it said "1 unread" until a moderator decided)."""
    from tests import moderation_factories as mf

    category = df.make_category()
    thread = df.start_thread(colleague, category, title="Watch this")
    db.session.commit()
    member_client.get(f"/t/{thread.id}")
    mf.held_reply(colleague, thread)
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "badge-new" not in page
    assert "badge-new" not in member_client.get(f"/c/{category.id}").get_data(as_text=True)


def _read_up_to(reader, thread, number):
    from forum.discussion.services.reading import mark_read

    mark_read(reader, thread, number)
    db.session.commit()


def test_unread_badge_leads_to_the_first_unread_post_on_its_page(member_client, member, colleague):
    """A reader who had read 40 posts of a long thread lands on page 3 at post 41, not on page 1."""
    category = df.make_category()
    thread = df.start_thread(colleague, category, title="Long case")
    for n in range(2, 46):
        df.add_reply(colleague, thread, f"Post body {n}")
    db.session.commit()
    _read_up_to(member, thread, 40)
    page = member_client.get(f"/c/{category.id}").get_data(as_text=True)
    assert f'href="/t/{thread.id}/unread"' in page and ">5 unread</a>" in page
    response = member_client.get(f"/t/{thread.id}/unread")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{thread.id}?page=3#post-41")
    landing = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Post body 41" in landing and 'id="post-41"' in landing


def test_the_first_unread_skips_tombstones_and_other_members_held_posts(
        member_client, member, colleague):
    from forum.discussion.services.editing import delete_post
    from tests import moderation_factories as mf

    thread = df.start_thread(colleague, df.make_category(), title="Short case")
    deleted = df.add_reply(colleague, thread, "Withdrawn")
    mf.held_reply(colleague, thread)
    df.add_reply(colleague, thread, "The one to read")
    db.session.flush()
    delete_post(colleague, deleted)
    db.session.commit()
    _read_up_to(member, thread, 1)
    response = member_client.get(f"/t/{thread.id}/unread")
    assert response.headers["Location"].endswith(f"/t/{thread.id}#post-4")


@pytest.mark.parametrize("reader", ["member", "admin"])
def test_the_first_unread_is_what_the_badge_counts_never_a_held_post_or_ones_own(
        request, reader, colleague):
    """The badge counts published posts by others; its link leads to the first of them, for
    moderators too (they see held posts, but the queue is where those are decided)."""
    from tests import moderation_factories as mf

    client, user = request.getfixturevalue(f"{reader}_client"), request.getfixturevalue(reader)
    thread = df.start_thread(colleague, df.make_category(), title="Short case")
    mf.held_reply(colleague, thread)
    df.add_reply(user, thread, "Mine")
    df.add_reply(colleague, thread, "Later")
    db.session.commit()
    _read_up_to(user, thread, 1)
    assert client.get(f"/t/{thread.id}/unread").headers["Location"].endswith(f"/t/{thread.id}#post-4")


def test_with_nothing_unread_the_badge_link_leads_to_the_last_page(member_client, member, colleague):
    thread = df.start_thread(colleague, df.make_category(), title="Long case")
    for n in range(2, 26):
        df.add_reply(colleague, thread, f"Post body {n}")
    db.session.commit()
    _read_up_to(member, thread, 25)
    assert member_client.get(f"/t/{thread.id}/unread").headers["Location"].endswith(
        f"/t/{thread.id}?page=2")


def test_the_first_unread_of_a_thread_out_of_sight_or_unknown_is_a_404(app, member_client, colleague):
    from tests import moderation_factories as mf

    from forum.discussion.models import PostStatus

    thread = df.start_thread(colleague, df.make_category(), title="Under review")
    db.session.flush()
    opening = mf.opening(thread)  # removed by a moderator for patient privacy: out of sight
    opening.status, opening.removal_category = PostStatus.REMOVED, "privacy"
    db.session.commit()
    assert member_client.get(f"/t/{thread.id}/unread").status_code == 404
    assert member_client.get("/t/999999/unread").status_code == 404
    author = app.test_client()  # its author still may
    login(author, colleague)
    assert author.get(f"/t/{thread.id}/unread").status_code == 302


def test_thread_pages_hold_20_posts_and_permalinks_find_the_page(member_client, colleague):
    thread = df.start_thread(colleague, df.make_category(), title="Long one")
    for n in range(2, 46):
        df.add_reply(colleague, thread, f"Post body {n}")
    db.session.commit()
    last = member_client.get(f"/t/{thread.id}?page=3").get_data(as_text=True)
    assert "Page 3 of 3" in last and "Post body 41" in last and "Post body 40" not in last
    post = db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 41)).one()
    response = member_client.get(f"/posts/{post.id}")
    assert response.headers["Location"].endswith(f"/t/{thread.id}?page=3#post-41")
    assert member_client.get(f"/t/{thread.id}?page=4").status_code == 404
    assert member_client.get(f"/t/{thread.id}?page=0").status_code == 404


def test_author_block_shows_the_verified_credential_and_role(member_client, colleague, moderator):
    thread = df.start_thread(colleague, df.make_category())
    df.add_reply(moderator, thread)
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Mei Lin Colleague" in page
    assert "Registry-verified (NPI)" in page and "Pediatrics" in page and "California" in page
    assert "verified since" in page
    assert '<span class="badge role-member">Member</span>' in page
    assert '<span class="badge role-moderator">Moderator</span>' in page


def test_latest_lists_threads_of_every_category(member_client, colleague):
    a, b = df.make_category("Alpha"), df.make_category("Beta")
    df.start_thread(colleague, a, title="In alpha")
    df.start_thread(colleague, b, title="In beta")
    db.session.commit()
    page = member_client.get("/forum/latest").get_data(as_text=True)
    assert titles(page) == ["In beta", "In alpha"]
    assert ">Alpha</a>" in page and ">Beta</a>" in page


def test_profile_shows_credential_disclosure_and_recent_activity(member_client, colleague):
    from forum.discussion.services import editing, profiles
    profiles.update_profile(colleague, "Oakland Children's", df.declared(("royalties", "Textbook Press", "")))
    thread = df.start_thread(colleague, df.make_category("Pediatrics"), title="Febrile infant pathways",
                             kind=ThreadKind.CLINICAL)
    gone = df.add_reply(colleague, thread, "Deleted words")
    editing.delete_post(colleague, gone)
    db.session.commit()
    page = member_client.get("/members/mei.colleague").get_data(as_text=True)
    for text in ("Mei Lin Colleague", "@mei.colleague", "US National Provider Identifier (NPPES)",
                 "Pediatrics", "California", "Oakland Children&#39;s", "<strong>Royalties</strong>: Textbook Press",
                 "Febrile infant pathways", "#1 in Febrile infant pathways"):
        assert text in page, text
    assert "#2 in" not in page
    assert "Edit your disclosure" not in page


def test_profiles_exist_only_for_verified_accounts(member_client):
    factories.make_user(state=AccountState.PENDING_REVIEW, handle="pending.person")
    db.session.commit()
    assert member_client.get("/members/pending.person").status_code == 404


def test_profile_edit_changes_disclosure_and_institution_not_identity(member_client, member):
    response = member_client.post("/profile", data={
        "institution": "Mercy General", "full_name": "Someone Else", "specialty": "2084P0800X",
        "disclosure-choice": "none", "action": "post"})
    assert response.status_code == 302
    db.session.expire_all()
    assert member.institution == "Mercy General"
    assert member.full_name == "Amelia Quillfeather" and member.specialty == "207R00000X"
    page = member_client.get(f"/members/{member.handle}").get_data(as_text=True)
    assert "Mercy General" in page and "No relevant conflicts of interest" in page


def test_profile_edit_requires_an_explicit_choice(member_client, member):
    response = member_client.post("/profile", data={"institution": "x" * 201, "action": "post"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The institution is 201 characters long; the limit is 200." in page
    assert "Choose “No relevant conflicts”" in page


def test_an_institution_is_counted_as_it_is_shown(member_client, member):
    """200 letters with accents typed as combining marks (400 code points) are 200 characters."""
    response = member_client.post("/profile", data={"institution": "E\u0301" * 200,
                                                   "disclosure-choice": "none", "action": "post"})
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.institution == "É" * 200


"""A member's posts page: everything they wrote that the reader may read, newest first, paged;
linked from the profile."""
import re
from datetime import timedelta

from sqlalchemy import update

from forum.discussion.models import Post, PostStatus
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests.web.test_unread_list import people  # noqa: F401  (a fixture)


def listed(page):
    return re.findall(r'<a href="/posts/(\d+)">', page)


def test_every_readable_post_newest_first_with_its_start_and_thread(people, clients):
    colleague = people["colleague"]
    thread = df.start_thread(colleague, title="Lithium and the kidney", body="Opening words here.")
    reply = df.add_reply(colleague, thread, "A reply " + "with many words " * 30)
    hidden = df.add_reply(colleague, thread, "Soon removed.")
    db.session.execute(update(Post).where(Post.id == hidden.id).values(status=PostStatus.REMOVED))
    db.session.commit()
    page = clients("reader").get(f"/members/{colleague.handle}/posts").get_data(as_text=True)
    assert listed(page)[0] == str(reply.id) and len(listed(page)) == 2
    assert "Soon removed" not in page and "#2 in Lithium and the kidney" in page
    assert "Opened Lithium and the kidney" in page
    assert re.search(r'<p class="post-excerpt">A reply with many words[^<]*…</p>', page)
    profile = clients("reader").get(f"/members/{colleague.handle}").get_data(as_text=True)
    assert f'href="/members/{colleague.handle}/posts"' in profile


def test_pages_of_thirty_follow_the_older_link(people, clients):
    colleague = people["colleague"]
    thread = df.start_thread(colleague, title="Many replies", body="Start.")
    for n in range(34):
        df.add_reply(colleague, thread, f"Reply number {n}")
    db.session.execute(update(Post).where(Post.thread_id == thread.id)
                       .values(created_at=utcnow() - timedelta(days=1)))  # one moment: ids order them
    db.session.commit()
    first = clients("reader").get(f"/members/{colleague.handle}/posts").get_data(as_text=True)
    assert len(listed(first)) == 30 and "Reply number 33" in first
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = clients("reader").get(older).get_data(as_text=True)
    assert len(listed(second)) == 5 and not set(listed(first)) & set(listed(second))
    assert 'rel="next"' not in second


def test_unknown_members_and_bad_cursors(people, clients):
    assert clients("reader").get("/members/nobody-here/posts").status_code == 404
    page = clients("reader").get(f"/members/{people['colleague'].handle}/posts?before=junk")
    assert page.status_code == 200 and "No posts yet." in page.get_data(as_text=True)

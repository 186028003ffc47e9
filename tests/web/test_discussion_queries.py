"""Query budget: the thread page, the thread lists and the category index each run a fixed
number of SQL statements, whatever they show (counted with a before_cursor_execute listener)."""
import pytest
from sqlalchemy import event

from forum.discussion.models import ThreadKind
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories

THREAD_PAGE_BUDGET = 10
LIST_BUDGET = 8


def statements_for(client, url):
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return seen, response.get_data(as_text=True)


def clinical_thread_with_authors(category, count):
    """A clinical thread whose `count` posts are by `count` different authors, each cited."""
    authors = [factories.make_user() for _ in range(count)]
    thread = df.start_thread(authors[0], category, kind=ThreadKind.CLINICAL, citations=["PMID 1", "10.1000/x1"])
    for i, author in enumerate(authors[1:], start=2):
        df.add_reply(author, thread, f"Reply number {i} with @{authors[0].handle}",
                     disclosure=df.declared(("consulting", f"Company {i}", "")), citations=[f"PMID {i}"])
    return thread, authors


def test_thread_page_runs_the_same_queries_for_5_or_20_posts(member_client):
    category = df.make_category()
    small, _ = clinical_thread_with_authors(category, 5)
    big, big_authors = clinical_thread_with_authors(category, 20)
    db.session.commit()
    first_small, _ = statements_for(member_client, f"/t/{small.id}")
    first_big, page = statements_for(member_client, f"/t/{big.id}")
    assert all(author.full_name in page for author in big_authors)
    assert page.count('class="post"') == 20 and page.count("Company 20") == 1
    assert len(first_small) == len(first_big) <= THREAD_PAGE_BUDGET, (first_small, first_big)
    again_small, _ = statements_for(member_client, f"/t/{small.id}")
    again_big, _ = statements_for(member_client, f"/t/{big.id}")
    # Second visits: the read marker is already current, and the posts' rendered parts are
    # cached, so their citations are not loaded again.
    assert len(again_small) == len(again_big) == len(first_big) - 2


def test_thread_list_runs_the_same_queries_for_5_or_20_threads(member_client):
    lists = {}
    for size in (5, 20):
        category = df.make_category()
        for i in range(size):
            df.start_thread(factories.make_user(), category, title=f"Size {size} thread {i}")
        pinned = df.start_thread(factories.make_user(), category, title=f"Pinned in {size}")
        pinned.pinned_at = utcnow()
        lists[size] = category
    db.session.commit()
    small, _ = statements_for(member_client, f"/c/{lists[5].id}")
    big, page = statements_for(member_client, f"/c/{lists[20].id}")
    assert page.count('class="thread-title"') == 21
    assert len(small) == len(big) <= LIST_BUDGET, (small, big)
    latest, page = statements_for(member_client, "/forum/latest")
    assert page.count('class="thread-title"') == 25
    assert len(latest) <= len(big)


def test_category_index_runs_the_same_queries_for_5_or_20_categories(member_client):
    def add_categories(n):
        for _ in range(n):
            df.start_thread(factories.make_user(), df.make_category())
        db.session.commit()

    add_categories(5)
    small, _ = statements_for(member_client, "/forum")
    add_categories(15)
    big, page = statements_for(member_client, "/forum")
    assert page.count('class="category-name"') == 20
    assert len(small) == len(big) <= LIST_BUDGET, (small, big)


@pytest.mark.parametrize("url", ["/members/{handle}", "/posts/{post_id}/revisions"])
def test_profile_and_revisions_do_not_grow_either(member_client, member, url):
    category = df.make_category()
    threads = [df.start_thread(member, category) for _ in range(3)]
    post = df.add_reply(member, threads[0], "v1")
    db.session.commit()
    small, _ = statements_for(member_client, url.format(handle=member.handle, post_id=post.id))
    for thread in threads + [df.start_thread(member, category) for _ in range(12)]:
        df.add_reply(member, thread, "more")
    from forum.discussion.services import editing
    for n in range(5):
        editing.edit_post(member, post, df.draft(f"v{n + 2}", citations=[f"PMID {n + 1}"]))
    db.session.commit()
    big, _ = statements_for(member_client, url.format(handle=member.handle, post_id=post.id))
    assert len(small) == len(big), (small, big)

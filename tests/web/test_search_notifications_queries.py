"""Query budget: the search page and the notification list run a fixed number of SQL
statements whatever they show (20 results by 20 authors cost what 3 results cost)."""
from forum.extensions import db
from forum.notifications.services import notify_new_post
from tests import factories
from tests.conftest import login
from tests.search_factories import make_category, make_post, make_thread
from tests.web.test_discussion_queries import statements_for

SEARCH_BUDGET = 7
NOTIFICATIONS_BUDGET = 4


def test_search_page_runs_the_same_queries_for_3_or_20_results(member_client, member):
    for word, count in (("rarely", 3), ("often", 20)):
        category = make_category()
        thread = make_thread(member, category=category, title=f"{word} thread", body="start")
        for i in range(count):
            make_post(thread, factories.make_user(), f"{word} seen in post {i}")
    db.session.commit()
    few, _ = statements_for(member_client, "/search?q=rarely")
    many, page = statements_for(member_client, "/search?q=often")
    assert page.count('class="search-hit"') == 20
    assert len(few) == len(many) <= SEARCH_BUDGET, (few, many)


def test_notification_list_runs_the_same_queries_for_2_or_20_notices(app, member):
    clients = {}
    for size in (2, 20):
        owner = factories.make_user()
        thread = make_thread(owner, title=f"Thread with {size}")
        for i in range(size):
            notify_new_post(make_post(thread, factories.make_user(), f"Reply {i}"), [], [])
        clients[size] = owner
    db.session.commit()
    counts = {}
    for size, owner in clients.items():
        client = app.test_client()
        login(client, owner)
        seen, page = statements_for(client, "/notifications")
        assert page.count('class="notification notification-unread"') == size
        counts[size] = len(seen)
    assert counts[2] == counts[20] <= NOTIFICATIONS_BUDGET, counts

"""With CSRF on, every discussion form carries a token and a post without one stores nothing."""
import re

import pytest

from forum.discussion.models import Post
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


def token_in(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)


def signed_in(client, user):
    token = token_in(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD,
                                           "csrf_token": token.group(1) or token.group(2)})
    assert response.status_code == 302
    return client


def test_discussion_forms_carry_a_token_and_refuse_posts_without_one(app, member):
    thread = df.start_thread(factories.make_user(), df.make_category())
    db.session.commit()
    client = signed_in(app.test_client(), member)
    for path in ("/threads/new", f"/t/{thread.id}/reply", "/profile"):
        assert token_in(client.get(path).get_data(as_text=True)), path
    page = client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    key = df.submission_key(client.get(f"/t/{thread.id}/reply"))
    refused = client.post(f"/t/{thread.id}/reply", data={"body": "No token", "submission_key": key,
                                                        "action": "post"})
    assert refused.status_code == 400
    assert df.count_rows(Post) == 1
    token = token_in(page)
    accepted = client.post(f"/t/{thread.id}/reply", data={
        "body": "With token", "submission_key": key, "action": "post",
        "csrf_token": token.group(1) or token.group(2)})
    assert accepted.status_code == 302
    assert df.count_rows(Post) == 2

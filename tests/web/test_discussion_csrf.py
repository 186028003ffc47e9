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


def test_helpful_and_answer_buttons_send_the_pages_token(app, member):
    """The cached post articles carry no token: their buttons submit the page's one form."""
    from forum.discussion.models import HelpfulMark, Thread, ThreadKind

    case = df.start_thread(member, df.make_category(), kind=ThreadKind.CLINICAL)
    reply = df.add_reply(factories.make_user(), case)
    db.session.commit()
    client = signed_in(app.test_client(), member)
    page = client.get(f"/t/{case.id}").get_data(as_text=True)
    form = re.search(r'<form id="post-action-form"(.*?)</form>', page, re.S).group(1)
    token = token_in(form)
    assert token and 'form="post-action-form"' in page
    for path, data in ((f"/posts/{reply.id}/helpful", {"helpful": "yes"}),
                       (f"/posts/{reply.id}/answer", {"answer": "yes"})):
        assert client.post(path, data=data).status_code == 400
    assert df.count_rows(HelpfulMark) == 0 and db.session.get(Thread, case.id).answer_post_id is None
    for path, data in ((f"/posts/{reply.id}/helpful", {"helpful": "yes"}),
                       (f"/posts/{reply.id}/answer", {"answer": "yes"})):
        data["csrf_token"] = token.group(1) or token.group(2)
        assert client.post(path, data=data).status_code == 302, path
    db.session.expire_all()
    assert df.count_rows(HelpfulMark) == 1 and db.session.get(Thread, case.id).answer_post_id == reply.id

"""forum.urls.template_url_for: the templates' url_for remembers links, and a remembered link
must be exactly what url_for builds, whatever the script root and values."""
from flask import url_for

from forum.urls import template_url_for


def test_links_are_those_url_for_builds(app):
    cases = [("discussion.index", {}), ("static", {"filename": "css/forum.css"}),
             ("discussion.show_thread", {"thread_id": 7}),
             ("discussion.show_thread", {"thread_id": 7, "page": 3}),
             ("search.search_posts", {"q": "sodium & <potassium>"}),
             ("discussion.show_profile", {"handle": "ana.o'neil"})]
    with app.test_request_context("/"):
        for endpoint, values in cases:
            first = template_url_for(endpoint, **values)
            assert first == url_for(endpoint, **values)
            assert template_url_for(endpoint, **values) == first  # from the memory


def test_a_different_script_root_gets_its_own_links(app):
    with app.test_request_context("/"):
        plain = template_url_for("discussion.show_thread", thread_id=5)
    with app.test_request_context("/", base_url="http://localhost/forum-app/"):
        mounted = template_url_for("discussion.show_thread", thread_id=5)
    assert plain == "/t/5" and mounted == "/forum-app/t/5"


def test_options_and_unhashable_values_are_always_built(app):
    with app.test_request_context("/", base_url="https://curbside.example"):
        assert template_url_for("discussion.index", _external=True) == "https://curbside.example/forum"
        assert template_url_for("discussion.index", _anchor="top") == "/forum#top"
        assert template_url_for("search.search_posts", q=["a", "b"]) == url_for("search.search_posts", q=["a", "b"])

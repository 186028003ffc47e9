"""Migration 0003 creates the dialect's search table and fills it from existing posts."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from forum.extensions import db as _db
from forum.search.services import search
from tests import factories
from tests.unit.test_migrations import empty_database_url  # noqa: F401  (fixture)


def test_upgrade_indexes_existing_posts_and_downgrade_drops_the_table(make_app, empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0002")
        _db.session.execute(text("INSERT INTO category (id, name, description, position, created_at, "
                                 "thread_count, post_count) VALUES (1, 'General', '', 0, "
                                 "CURRENT_TIMESTAMP, 1, 2)"))
        _db.session.commit()
        reader = factories.make_user()
        _db.session.execute(text(
            "INSERT INTO thread (id, category_id, author_id, title, kind, created_at, last_post_at, "
            "post_count) VALUES (1, 1, :a, 'Hemochromatosis screening', 'general', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP, 2)"), {"a": reader.id})
        for number, body, status in ((1, "ferritin first", "visible"), (2, "phlebotomy plan", "held")):
            _db.session.execute(text(
                "INSERT INTO post (thread_id, author_id, number, body_source, body_html, created_at, "
                "status) VALUES (1, :a, :n, :b, :h, CURRENT_TIMESTAMP, :s)"),
                {"a": reader.id, "n": number, "b": body, "h": f"<p>{body}</p>", "s": status})
        _db.session.commit()
        upgrade()
        assert "post_search" in inspect(_db.engine).get_table_names()
        assert [h.post.number for h in search(reader, "hemochromatosis").hits] == [1]
        assert [h.post.number for h in search(reader, "ferritin").hits] == [1]
        assert search(reader, "phlebotomy").hits == []
        _db.session.rollback()
        downgrade(revision="0002")
        assert "post_search" not in inspect(_db.engine).get_table_names()
        _db.session.remove()
        _db.engine.dispose()

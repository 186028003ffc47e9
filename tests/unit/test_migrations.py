"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from forum.extensions import db as _db
from tests.conftest import POSTGRES_URL


@pytest.fixture
def empty_database_url(tmp_path):
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"curbside_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _ignore_shadow_tables(diff):
    """Full-text search tables are created by the migrations' own DDL, not by models."""
    def concerns_shadow(item):
        obj = item[1] if isinstance(item, tuple) and len(item) > 1 else None
        name = getattr(obj, "name", "") or getattr(getattr(obj, "table", None), "name", "")
        return str(name).startswith("post_search")
    return [d for d in diff if not concerns_shadow(d)]


def test_models_and_migrations_agree(make_app, empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        with _db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = _ignore_shadow_tables(compare_metadata(context, _db.metadata))
        _db.engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migrations_downgrade_to_nothing(make_app, empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(_db.engine).get_table_names()) - {"alembic_version"}
        _db.engine.dispose()
    assert tables == set()


@pytest.mark.skipif(not POSTGRES_URL, reason="the folded search terms concern PostgreSQL only")
def test_0007_refolds_the_search_documents_of_existing_posts(make_app, empty_database_url):
    """A document indexed before 0007 (from the text as written) is recomputed from folded text
    and without stop words: "Sjogren" then finds "Sjögren", "covid 19" "COVID-19", "with" it."""
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0006")
        with _db.engine.begin() as conn:
            conn.execute(text("SET session_replication_role = replica"))  # no post row needed
            conn.execute(text(
                "INSERT INTO post_search (post_id, title, body, document) VALUES (1, '', :body, "
                "setweight(to_tsvector('english', :body), 'D'))"), {"body": "Sjögren with COVID-19"})
        upgrade()
        with _db.engine.connect() as conn:
            def found(query):
                return conn.scalar(text("SELECT count(*) FROM post_search WHERE document @@ "
                                        "websearch_to_tsquery('curbside_english', :q)"), {"q": query})
            assert found("sjogren") == 1 and found('"covid 19"') == 1 and found("with") == 1
            assert conn.scalar(text("SELECT body FROM post_search")) == "Sjögren with COVID-19"
        _db.engine.dispose()


def _insert_member(conn, user_id):
    """A verified member row, written in SQL as an old revision's table holds it."""
    conn.execute(text(
        "INSERT INTO \"user\" (id, email, handle, full_name, password_hash, state, role, "
        "registry_code, registry_identifier, jurisdiction, specialty, created_at) VALUES "
        "(:id, 'a@example.org', 'a', 'A Author', 'x', 'verified', 'member', 'other', '1', '', '', "
        "CURRENT_TIMESTAMP)"), {"id": user_id})


def test_0010_links_the_quotes_of_existing_posts(make_app, empty_database_url):
    """Posts written before 0010 get their quote links (any depth, earlier versions too); a
    marker to a post that does not exist, or to the post itself, is no link."""
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0009")
        with _db.engine.begin() as conn:
            _insert_member(conn, 1)
            conn.execute(text(
                "INSERT INTO category (id, name, description, position, thread_count, post_count, "
                "created_at) VALUES (1, 'C', '', 1, 1, 4, CURRENT_TIMESTAMP)"))
            conn.execute(text(
                "INSERT INTO thread (id, category_id, author_id, title, kind, created_at, last_post_at, "
                "post_count) VALUES (1, 1, 1, 'T', 'general', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 4)"))
            bodies = {1: "Opening.", 2: "> [A wrote](/posts/1)\n> Opening.\n\nAgreed.",
                      3: "> [A wrote](/posts/2)\n> > [A wrote](/posts/1)\n> > Opening.\n\nSo do I.",
                      4: "> [Ghost](/posts/999)\n> Nothing.\n\n> [Me](/posts/4)\n> Me."}
            for number, body in bodies.items():
                conn.execute(text(
                    "INSERT INTO post (id, thread_id, author_id, number, body_source, body_html, "
                    "created_at, status) VALUES (:id, 1, 1, :id, :body, '', CURRENT_TIMESTAMP, 'visible')"),
                    {"id": number, "body": body})
        upgrade()
        with _db.engine.connect() as conn:
            links = set(conn.execute(text("SELECT quoting_post_id, quoted_post_id FROM post_quote")))
        assert links == {(2, 1), (3, 2), (3, 1)}
        _db.engine.dispose()


def test_0011_seals_existing_two_factor_seeds_and_the_downgrade_opens_them(make_app, empty_database_url):
    """A seed stored in clear before 0011 is sealed under the app's secret key (it opens to the
    same seed, so members' authenticator apps keep working); downgrading gives it back in clear."""
    from forum.auth import two_factor
    from forum.auth.models import TwoFactorCredential

    seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0010")
        with _db.engine.begin() as conn:
            _insert_member(conn, 7)
            conn.execute(text("INSERT INTO two_factor_credential (user_id, secret, created_at, last_used_step) "
                              "VALUES (7, :seed, CURRENT_TIMESTAMP, 0)"), {"seed": seed})
        upgrade()
        with _db.engine.connect() as conn:
            stored = conn.scalar(text("SELECT sealed_secret FROM two_factor_credential"))
        assert seed not in stored
        assert two_factor.seed_of(TwoFactorCredential(user_id=7, sealed_secret=stored)) == seed
        downgrade(revision="0010")
        with _db.engine.connect() as conn:
            assert conn.scalar(text("SELECT secret FROM two_factor_credential")) == seed
        _db.engine.dispose()


def test_0014_counts_what_members_see_and_the_downgrade_keeps_the_rows(make_app, empty_database_url):
    """Counters written before 0014 counted held posts and tombstones: 0014 counts published
    replies per thread, a thread's last activity from its latest published post (an approved
    held reply at its approval), and per category the threads members may list and their
    published posts. The downgrade drops the column in place: no row is lost."""
    from datetime import datetime
    from sqlalchemy import DateTime, Integer

    at = {n: datetime(2026, 1, 1, n) for n in range(1, 12)}
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0013")
        with _db.engine.begin() as conn:
            _insert_member(conn, 1)
            conn.execute(text(
                "INSERT INTO category (id, name, description, position, thread_count, post_count, "
                "created_at) VALUES (1, 'C', '', 1, 3, 9, CURRENT_TIMESTAMP)"))
            # 1: #2 published, #3 deleted (the latest), #4 held; 2: opening removed for patient
            # privacy (out of members' sight); 3: #2 approved at hour 11 after being held.
            threads = {1: at[1], 2: at[5], 3: at[7]}
            for thread_id, started in threads.items():
                conn.execute(text(
                    "INSERT INTO thread (id, category_id, author_id, title, kind, created_at, "
                    "last_post_at, post_count) VALUES (:id, 1, 1, 'T', 'general', :at, :last, 4)"),
                    {"id": thread_id, "at": started, "last": at[10]})
            posts = [(1, 1, 1, at[1], None, "visible", None), (2, 1, 2, at[2], None, "visible", None),
                     (3, 1, 3, at[3], at[4], "visible", None), (4, 1, 4, at[4], None, "held", None),
                     (5, 2, 1, at[5], None, "removed", "privacy"), (6, 2, 2, at[6], None, "visible", None),
                     (7, 3, 1, at[7], None, "visible", None), (8, 3, 2, at[8], None, "visible", None)]
            for post_id, thread_id, number, created, deleted, status, removal in posts:
                conn.execute(text(
                    "INSERT INTO post (id, thread_id, author_id, number, body_source, body_html, "
                    "created_at, deleted_at, status, removal_category) VALUES "
                    "(:id, :thread, 1, :number, 'x', 'x', :created, :deleted, :status, :removal)"),
                    {"id": post_id, "thread": thread_id, "number": number, "created": created,
                     "deleted": deleted, "status": status, "removal": removal})
            conn.execute(text(
                "INSERT INTO privacy_hold (id, post_id, author_id, origin, findings, explanation, "
                "created_at, decided_at, outcome, decision_reason) VALUES "
                "(1, 8, 1, 'reply', '[]', 'x', :held, :approved, 'approved', 'ok'), "
                "(2, 4, 1, 'reply', '[]', 'x', :held, NULL, NULL, '')"),
                {"held": at[8], "approved": at[11]})
            conn.execute(text("INSERT INTO thread_read (user_id, thread_id, last_read_number, read_at) "
                              "VALUES (1, 1, 4, CURRENT_TIMESTAMP)"))
        upgrade()
        with _db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, reply_count, last_post_at FROM thread ORDER BY id")
                                .columns(id=Integer, reply_count=Integer, last_post_at=DateTime)).all()
            category = conn.execute(text("SELECT thread_count, post_count, last_post_at FROM category")
                                    .columns(thread_count=Integer, post_count=Integer,
                                             last_post_at=DateTime)).one()
        assert [tuple(row) for row in rows] == [(1, 1, at[2]), (2, 1, at[6]), (3, 1, at[11])]
        assert tuple(category) == (2, 4, at[11])
        downgrade(revision="0013")
        with _db.engine.connect() as conn:
            assert "reply_count" not in {c["name"] for c in inspect(conn).get_columns("thread")}
            assert conn.scalar(text("SELECT count(*) FROM post")) == 8
            assert conn.scalar(text("SELECT count(*) FROM thread_read")) == 1
        _db.engine.dispose()


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the newest-first keys concern SQLite's FTS5 index only")
def test_0021_rekeys_the_search_index_newest_first_and_the_downgrade_restores_it(make_app, empty_database_url):
    """Entries indexed before 0021 (rowid = post id) are found after it under their new keys,
    best match first as before; the downgrade gives every entry its post id back."""
    from forum.search.engines import ROWID_BASE

    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0020")
        entries = {7: ("Low sodium", "sodium 118 after thiazide"), 9: ("", "sodium and lithium"),
                   12: ("", "potassium only")}
        with _db.engine.begin() as conn:
            for post_id, (title, body) in entries.items():
                conn.execute(text("INSERT INTO post_search (rowid, post_id, title, body) "
                                  "VALUES (:id, :id, :title, :body)"),
                             {"id": post_id, "title": title, "body": body})
        upgrade()
        with _db.engine.connect() as conn:
            keys = dict(conn.execute(text("SELECT post_id, rowid FROM post_search")).all())
            found = conn.execute(text(
                "SELECT :base - rowid FROM post_search WHERE post_search MATCH 'sodium' "
                "ORDER BY bm25(post_search, 0.0, 10.0, 1.0)"), {"base": ROWID_BASE}).scalars().all()
        assert keys == {post_id: ROWID_BASE - post_id for post_id in entries}
        assert found == [7, 9]
        downgrade(revision="0020")
        with _db.engine.connect() as conn:
            keys = dict(conn.execute(text("SELECT post_id, rowid FROM post_search")).all())
            bodies = set(conn.execute(text("SELECT body FROM post_search")).scalars())
        assert keys == {post_id: post_id for post_id in entries}
        assert bodies == {body for _, body in entries.values()}
        _db.engine.dispose()

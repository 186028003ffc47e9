"""Search services on the configured database: ranking, filters, highlights, hostile queries,
and an index that follows every create, edit and delete at once."""
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from forum.auth.models import AccountState
from forum.discussion.models import Post, ThreadKind
from forum.errors import NotAllowed
from forum.extensions import db
from forum.search import services
from forum.search.services import index_post, remove_post, search
from forum.timeutil import utcnow
from tests import factories
from tests.search_factories import make_category, make_post, make_thread, opening_post
from tests.unit.test_search_text import HOSTILE


def post_ids(results):
    return [hit.post.id for hit in results.hits]


def test_finds_posts_by_body_and_opening_posts_by_title(member):
    thread = make_thread(member, title="Warfarin bridging before surgery", body="Plans vary.")
    reply = make_post(thread, member, "We stop apixaban two days before.")
    db.session.commit()
    assert post_ids(search(member, "warfarin")) == [opening_post(thread).id]
    assert post_ids(search(member, "apixaban")) == [reply.id]


def test_a_title_match_ranks_above_a_body_match(member):
    in_body = make_thread(member, title="Odd presentation", body="Possible pheochromocytoma here.")
    in_title = make_thread(member, title="Pheochromocytoma work-up", body="Which test first?")
    db.session.commit()
    assert post_ids(search(member, "pheochromocytoma")) == [
        opening_post(in_title).id, opening_post(in_body).id]


def test_more_matches_rank_higher(member):
    thread = make_thread(member, title="Renal question", body="Nothing relevant in this one.")
    once = make_post(thread, member, "hyperkalemia seen once with other words around here")
    thrice = make_post(thread, member, "hyperkalemia hyperkalemia and hyperkalemia around here")
    db.session.commit()
    assert post_ids(search(member, "hyperkalemia")) == [thrice.id, once.id]


def test_every_word_must_match_and_phrases_are_exact(member):
    thread = make_thread(member, title="Chest pain", body="troponin rising after exercise")
    other = make_post(thread, member, "exercise testing only")
    db.session.commit()
    assert post_ids(search(member, "troponin exercise")) == [opening_post(thread).id]
    assert post_ids(search(member, '"troponin rising"')) == [opening_post(thread).id]
    assert post_ids(search(member, '"rising troponin"')) == []
    assert other.id in post_ids(search(member, "exercise"))


def test_snippets_highlight_matches_and_escape_user_text(member):
    thread = make_thread(member, title="Markup <b>in</b> title",
                         body='Dose <script>alert("x")</script> of vancomycin & more')
    db.session.commit()
    hit = search(member, "vancomycin").hits[0]
    assert "<mark>vancomycin</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;" in hit.snippet
    assert "<b>" not in hit.title and "&lt;" in hit.title
    title_hit = search(member, "title").hits[0]
    assert title_hit.post.thread_id == thread.id
    assert "<mark>title</mark>" in title_hit.title.lower()


def test_snippets_are_made_for_the_page_posts_alone_each_with_its_own_passage(member):
    """The snippet query walks the range between the page's first and last ids: posts in that
    range that match but are not on the page get no snippet, and each page post gets its own."""
    thread = make_thread(member, title="Lactate series", body="lactate 0 in the first post")
    posts = [make_post(thread, member, f"lactate reading number{n} noted") for n in range(1, 9)]
    db.session.commit()
    page = [posts[6].id, posts[1].id, posts[4].id]  # out of order, with matches between them
    marks = services.current_engine().snippets(db.session, '"lactate"', page)
    assert sorted(marks) == sorted(page)
    for index in (6, 1, 4):
        _, body = marks[posts[index].id]
        assert f"number{index + 1}" in body and "lactate" in body
    assert services.current_engine().snippets(db.session, '"lactate"', []) == {}


def test_the_newest_matches_are_ranked_when_a_word_is_too_common_and_a_period_keeps_its_own(app, member):
    """Ranking takes the query's newest matches (SEARCH_MAX_CANDIDATES): the older ones drop
    out whatever their score, and a period ranks the matches of its own range of ids."""
    app.config["SEARCH_MAX_CANDIDATES"] = 3
    thread = make_thread(member, title="Ferritin notes", body="ferritin ferritin ferritin first")
    posts = [make_post(thread, member, f"ferritin note {n}") for n in range(1, 6)]
    db.session.commit()
    assert sorted(post_ids(search(member, "ferritin"))) == sorted(p.id for p in posts[-3:])
    day = utcnow().date()
    assert len(post_ids(search(member, "ferritin", since=day, until=day))) == 3


def test_sqlite_keys_the_index_newest_first_and_a_rebuild_keeps_them(app, member):
    """rowid = ROWID_BASE - post id (see SqliteEngine): the newest post has the lowest key."""
    if services.current_engine().name != "sqlite":
        pytest.skip("the keys concern SQLite's FTS5 index only")
    from forum.search.engines import ROWID_BASE

    thread = make_thread(member, title="Keyed thread", body="first words")
    reply = make_post(thread, member, "second words")
    db.session.commit()
    expected = {opening_post(thread).id: ROWID_BASE - opening_post(thread).id,
                reply.id: ROWID_BASE - reply.id}
    keys = dict(db.session.execute(text("SELECT post_id, rowid FROM post_search")).all())
    assert keys == expected
    services.clear_index()
    services.index_batch()
    db.session.commit()
    assert dict(db.session.execute(text("SELECT post_id, rowid FROM post_search")).all()) == expected
    assert sorted(post_ids(search(member, "words"))) == sorted(expected)


def test_category_clinical_and_author_filters(member, moderator):
    cardiology, neurology = make_category("Cardiology"), make_category("Neurology")
    general = make_thread(member, category=cardiology, title="Syncope general", body="syncope talk")
    clinical = make_thread(moderator, category=neurology, title="Syncope case", body="syncope case",
                           kind=ThreadKind.CLINICAL)
    db.session.commit()
    opening_general, opening_clinical = opening_post(general).id, opening_post(clinical).id
    assert set(post_ids(search(member, "syncope"))) == {opening_general, opening_clinical}
    assert post_ids(search(member, "syncope", category_id=cardiology.id)) == [opening_general]
    assert post_ids(search(member, "syncope", clinical_only=True)) == [opening_clinical]
    assert post_ids(search(member, "syncope", author=moderator.handle)) == [opening_clinical]
    assert post_ids(search(member, "syncope", author="@" + member.handle.upper())) == [opening_general]
    assert post_ids(search(member, "syncope", author=moderator.id)) == [opening_clinical]
    unknown = search(member, "syncope", author="nobody-has-this")
    assert unknown.hits == [] and unknown.author_found is False


def test_deleted_posts_vanish_at_once(member):
    thread = make_thread(member, title="Gout flare", body="colchicine first")
    reply = make_post(thread, member, "colchicine dose question")
    db.session.commit()
    assert reply.id in post_ids(search(member, "colchicine"))
    reply.deleted_at = utcnow()
    remove_post(reply)
    db.session.commit()
    assert post_ids(search(member, "colchicine")) == [opening_post(thread).id]


def test_indexing_a_deleted_post_removes_it(member):
    thread = make_thread(member, title="Gout", body="allopurinol titration")
    post = opening_post(thread)
    post.deleted_at = utcnow()
    index_post(post)
    db.session.commit()
    assert search(member, "allopurinol").hits == []


def test_edits_reindex_at_once(member):
    thread = make_thread(member, title="Asthma", body="budesonide maintenance")
    post = opening_post(thread)
    db.session.commit()
    post.body_html = "<p>formoterol reliever</p>"
    index_post(post)
    db.session.commit()
    assert search(member, "budesonide").hits == []
    assert post_ids(search(member, "formoterol")) == [post.id]


def test_a_renamed_thread_is_found_by_its_new_title(member):
    thread = make_thread(member, title="Old name", body="text")
    thread.title = "Sarcoidosis staging"
    index_post(opening_post(thread))
    db.session.commit()
    assert post_ids(search(member, "sarcoidosis")) == [opening_post(thread).id]


@pytest.mark.parametrize("status", ["held", "removed", "purged"])
def test_posts_the_viewer_may_not_see_are_never_returned(member, status):
    thread = make_thread(member, title="Lupus", body="hydroxychloroquine screening")
    post = opening_post(thread)
    db.session.commit()
    # Even if the index still holds the entry, the visibility predicate keeps it out.
    db.session.execute(text("UPDATE post SET status = :s WHERE id = :id"), {"s": status, "id": post.id})
    db.session.commit()
    assert search(member, "hydroxychloroquine").hits == []


def test_indexing_a_hidden_post_leaves_it_out_of_the_index(member):
    thread = make_thread(member, title="Lupus", body="belimumab")
    post = opening_post(thread)
    post.status = "held"
    index_post(post)
    db.session.commit()
    post.status = "visible"
    db.session.commit()
    assert search(member, "belimumab").hits == []


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_queries_never_fail(member, raw):
    make_thread(member, title="Anything", body="near and or not quotes")
    db.session.commit()
    results = search(member, raw)
    assert isinstance(results.hits, list)


def test_only_members_may_search(db):
    pending = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    with pytest.raises(NotAllowed):
        search(pending, "anything")
    with pytest.raises(NotAllowed):
        search(None, "anything")


def test_pages_of_results(member):
    thread = make_thread(member, title="Paging", body="nothing")
    posts = [make_post(thread, member, f"meningitis note {i}") for i in range(5)]
    db.session.commit()
    first = search(member, "meningitis", limit=2)
    second = search(member, "meningitis", page=2, limit=2)
    third = search(member, "meningitis", page=3, limit=2)
    assert first.has_next and second.has_next and not third.has_next
    assert len(first.hits) == len(second.hits) == 2 and len(third.hits) == 1
    seen = post_ids(first) + post_ids(second) + post_ids(third)
    assert sorted(seen) == sorted(p.id for p in posts)
    assert search(member, "meningitis", page="junk", limit=2).page == 1
    assert search(member, "meningitis", page=10_000).page == services.MAX_PAGE


def test_reindex_rebuilds_the_index_from_posts(app, member, runner):
    thread = make_thread(member, title="Thyroid storm", body="propylthiouracil", index=False)
    make_post(thread, member, "propylthiouracil again", index=False)
    gone = make_post(thread, member, "propylthiouracil deleted", index=False)
    gone.deleted_at = utcnow()
    db.session.commit()
    assert search(member, "propylthiouracil").hits == []
    result = runner.invoke(args=["search", "reindex", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert "2 posts" in result.output
    db.session.expire_all()
    assert len(search(member, "propylthiouracil").hits) == 2
    assert len(search(member, "thyroid").hits) == 1


def test_the_discussion_services_keep_the_index_in_step(member):
    """End to end through posting, editing and deleting: the hooks index at once."""
    from forum.discussion.services import editing
    from tests.discussion_factories import add_reply, draft, start_thread

    thread = start_thread(member, title="Pertussis in adults", body="macrolide choice")
    reply = add_reply(member, thread, "azithromycin five days")
    db.session.commit()
    assert post_ids(search(member, "pertussis")) == [opening_post(thread).id]
    assert post_ids(search(member, "azithromycin")) == [reply.id]
    editing.edit_post(member, reply, draft("clarithromycin seven days"))
    db.session.commit()
    assert search(member, "azithromycin").hits == []
    assert post_ids(search(member, "clarithromycin")) == [reply.id]
    editing.delete_post(member, reply)
    db.session.commit()
    assert search(member, "clarithromycin").hits == []


def _hide(posts, how):
    """Take posts out of members' sight behind the index's back (the index keeps their entries),
    so only the visibility check stands between them and the results."""
    ids = [post.id for post in posts]
    values = {"deleted_at": utcnow()} if how == "deleted" else {"status": how}
    db.session.execute(update(Post).where(Post.id.in_(ids)).values(**values))
    db.session.commit()


def _all_pages(viewer, query, limit, **filters):
    seen, page = [], 1
    while True:
        results = search(viewer, query, page=page, limit=limit, **filters)
        assert results.page == page
        seen += post_ids(results)
        if not results.has_next:
            return seen
        page += 1


@pytest.mark.parametrize("how", ["deleted", "removed", "held"])
def test_unseen_posts_that_rank_first_do_not_push_visible_ones_off_the_page(member, how):
    thread = make_thread(member, title="Renal stones", body="Nothing relevant here.")
    # More unseen best matches than the first batch of candidates checked for the page.
    unseen = [make_post(thread, member, "nephrocalcinosis nephrocalcinosis nephrocalcinosis")
              for _ in range(services.FIRST_BATCH + 20)]
    seen = [make_post(thread, member, "nephrocalcinosis once, among several other words here")
            for _ in range(5)]
    db.session.commit()
    _hide(unseen, how)
    first = search(member, "nephrocalcinosis", limit=2)
    assert post_ids(first) == [seen[4].id, seen[3].id] and first.has_next
    # Equal scores: newest first, and each page starts exactly where the last one stopped.
    assert _all_pages(member, "nephrocalcinosis", 2) == [post.id for post in reversed(seen)]
    assert post_ids(search(member, "nephrocalcinosis", page=3, limit=2)) == [seen[0].id]
    assert not search(member, "nephrocalcinosis", page=3, limit=2).has_next
    assert search(member, "nephrocalcinosis", page=4, limit=2).hits == []


def test_pages_continue_exactly_where_the_previous_page_stopped(member):
    thread = make_thread(member, title="Anemia work-up", body="Unrelated opening.")
    bodies = ("ferritin ferritin ferritin", "ferritin and ferritin again",
              "ferritin once in a much longer sentence about other things")
    posts = [make_post(thread, member, bodies[i % 3]) for i in range(17)]
    db.session.commit()
    _hide(posts[::4], "removed")
    visible = [post for post in posts if post not in posts[::4]]
    ranked = post_ids(search(member, "ferritin", limit=100))
    assert sorted(ranked) == sorted(post.id for post in visible)
    for body in bodies:  # equal scores: newest first
        same = [post_id for post_id in ranked
                if post_id in {post.id for post in visible if post.body_source == body}]
        assert same == sorted(same, reverse=True)
    assert ranked[0] in {post.id for post in visible if post.body_source == bodies[0]}
    for limit in (1, 2, 3, 7):
        assert _all_pages(member, "ferritin", limit) == ranked


def test_filters_find_low_ranked_matches_below_many_better_ones(member, moderator):
    elsewhere, cardiology = make_category("Elsewhere"), make_category("Cardiology")
    busy = make_thread(member, category=elsewhere, title="Busy thread", body="Nothing relevant.")
    for _ in range(services.FIRST_BATCH + 30):
        make_post(busy, member, "tachycardia tachycardia tachycardia")
    case = make_thread(moderator, category=cardiology, title="A case", body="Nothing relevant.",
                       kind=ThreadKind.CLINICAL)
    wanted = [make_post(case, moderator, "tachycardia once, with plenty of other words around")
              for _ in range(3)]
    db.session.commit()
    expected = [post.id for post in reversed(wanted)]
    assert _all_pages(member, "tachycardia", 2, category_id=cardiology.id) == expected
    assert _all_pages(member, "tachycardia", 2, clinical_only=True) == expected
    assert _all_pages(member, "tachycardia", 2, author=moderator.handle) == expected
    assert post_ids(search(member, "tachycardia", category_id=cardiology.id, author=member.id)) == []


def test_common_words_are_ranked_among_their_newest_matches(app, member):
    thread = make_thread(member, title="Thread", body="Nothing relevant.")
    oldest_best = make_post(thread, member, "bradycardia bradycardia bradycardia")
    newer = [make_post(thread, member, "bradycardia once, with plenty of other words around")
             for _ in range(3)]
    db.session.commit()
    app.config["SEARCH_MAX_CANDIDATES"] = 3
    assert post_ids(search(member, "bradycardia")) == [post.id for post in reversed(newer)]
    app.config["SEARCH_MAX_CANDIDATES"] = 10
    assert post_ids(search(member, "bradycardia"))[0] == oldest_best.id


def test_newest_first_orders_the_matches_by_date_instead_of_rank(member):
    thread = make_thread(member, title="Renal question", body="Nothing relevant in this one.")
    older = make_post(thread, member, "hyperkalemia hyperkalemia and hyperkalemia around here")
    newer = make_post(thread, member, "hyperkalemia seen once with other words around here")
    db.session.commit()
    assert post_ids(search(member, "hyperkalemia")) == [older.id, newer.id]
    assert post_ids(search(member, "hyperkalemia", newest_first=True)) == [newer.id, older.id]


def _written(post, days_ago):
    post.created_at = utcnow() - timedelta(days=days_ago)
    return post


def _thread_begun(member, title, days_ago):
    thread = make_thread(member, title=title, body="nothing here")
    _written(opening_post(thread), days_ago)
    return thread


def test_a_period_keeps_posts_written_in_its_days_both_included(member):
    thread = _thread_begun(member, "Iron stores over time", 50)
    old, middle, new = (_written(make_post(thread, member, f"ferritin note {i}"), days)
                        for i, days in enumerate((40, 20, 0)))
    db.session.commit()
    today = utcnow().date()

    def found(**period):
        return set(post_ids(search(member, "ferritin", **period)))

    assert found() == {old.id, middle.id, new.id}
    assert found(until=today - timedelta(days=30)) == {old.id}
    assert found(since=today - timedelta(days=30)) == {middle.id, new.id}
    day = middle.created_at.date()
    assert found(since=day, until=day) == {middle.id}, "a one-day period keeps that whole day"
    assert found(since=today + timedelta(days=1)) == set()
    assert found(until=today - timedelta(days=400)) == set()
    assert found(since=today, until=today - timedelta(days=1)) == set()


def test_a_period_ranks_its_own_matches_beyond_the_newest_ones(app, member):
    """Ranking keeps only the newest matches (SEARCH_MAX_CANDIDATES): a search of last year
    must narrow the candidates to last year first, or it would rank only this week's."""
    app.config["SEARCH_MAX_CANDIDATES"] = 2
    thread = _thread_begun(member, "Sodium", 400)
    old = _written(make_post(thread, member, "hyponatraemia last year"), 300)
    for _ in range(3):
        make_post(thread, member, "hyponatraemia this week")
    db.session.commit()
    assert old.id not in post_ids(search(member, "hyponatraemia"))
    assert post_ids(search(member, "hyponatraemia", until=utcnow().date() - timedelta(days=200))) == [old.id]


def test_the_first_post_of_a_period_is_found_across_gaps_in_the_ids(member):
    thread = _thread_begun(member, "Gaps", 31)
    posts = [_written(make_post(thread, member, f"gap {i}"), 30 - i) for i in range(30)]
    db.session.commit()
    for gone in posts[10:20]:  # purged: their ids are never used again
        db.session.delete(gone)
    db.session.commit()
    first_kept = services.first_post_id_written_at_or_after
    # no post has an id between posts[9]'s and posts[20]'s now: any bound there is the same
    assert posts[9].id < first_kept(posts[20].created_at) <= posts[20].id
    assert posts[9].id < first_kept(posts[15].created_at) <= posts[20].id
    assert first_kept(posts[21].created_at) == posts[21].id
    assert first_kept(posts[5].created_at) == posts[5].id
    assert first_kept(utcnow() + timedelta(days=1)) is None
    assert first_kept(utcnow() - timedelta(days=400)) <= opening_post(thread).id

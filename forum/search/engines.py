"""The two search engines behind one interface: SQLite FTS5 and PostgreSQL tsvector + GIN.

Each engine owns its shadow table `post_search` (DDL shared by the metadata listener and the
migration's twin), writes entries, and supplies the scored candidates and the snippets that the
search service composes with ordinary filters on `post` and `thread`.
"""
import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG

from forum.search.text import MARK_START, MARK_STOP

TABLE = "post_search"
TITLE_WEIGHT = 10.0  # a match in the thread title counts ten times a match in a body
SNIPPET_TOKENS = 24
LT_STANDIN = "\x01"
# SQLite's index keys: rowid = ROWID_BASE - post id (see SqliteEngine). PostgreSQL's integer
# ids stop at this value, so for ids of either engine the rowids are 0 or more.
ROWID_BASE = 2_147_483_647


def sqlite_rowids(post_ids):
    """The SQLite index's rowids for `post_ids` (the mapping is its own inverse)."""
    return [ROWID_BASE - post_id for post_id in post_ids]


def id_range(column, ids):
    """WHERE clauses keeping `column` within ids = (first, last), either end open (None)."""
    first, last = ids or (None, None)
    return ([column >= first] if first is not None else []) + ([column <= last] if last is not None else [])


class SqliteEngine:
    """FTS5 virtual table keyed newest first (rowid = ROWID_BASE - post id); bm25 ranks (lower
    is better).

    Ranking takes the newest matches (MAX_CANDIDATES), and FTS5 walks its doclists backwards,
    in descending rowid order, at a cost: for three words in 428 of a million posts, 0.4 ms of
    a 3 ms ranking. With the newest post at the lowest rowid the same walk runs forwards.
    The mapping is its own inverse (ROWID_BASE - rowid is the post id) and keeps order for
    any id; migration 0021 re-keyed existing indexes.
    """

    name = "sqlite"
    create_ddl = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "post_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    )
    drop_ddl = (f"DROP TABLE IF EXISTS {TABLE}",)
    table = sa.table(TABLE, sa.column("rowid"), sa.column("post_id"), sa.column("title"),
                     sa.column("body"))
    _fts = sa.literal_column(TABLE)

    @staticmethod
    def match_value(query):
        """What the `match` parameter of candidates() is bound to for a quoted_query()."""
        return query

    def candidates(self, match, cap, ids=None):
        """The `cap` newest matches with their score (a subquery of post_id, score): ranking is
        bounded however common the words are. bm25 runs per streamed row, so only on these.
        `match` is a bound parameter (see match_value); `ids` (first, last; either None, or
        bound parameters) keeps a range of post ids: FTS5 seeks to it."""
        score = sa.func.bm25(self._fts, 0.0, TITLE_WEIGHT, 1.0)
        rowid = self.table.c.rowid
        first, last = ids or (None, None)
        bounds = (([rowid <= ROWID_BASE - first] if first is not None else [])
                  + ([rowid >= ROWID_BASE - last] if last is not None else []))
        statement = (sa.select((ROWID_BASE - rowid).label("post_id"), score.label("score"))
                     .where(self._fts.op("MATCH")(match), *bounds))
        return statement.order_by(rowid.asc()).limit(cap).subquery("candidates")

    def best_first(self, score):
        return score.asc()

    _insert = sa.text(f"INSERT INTO {TABLE} (rowid, post_id, title, body) "
                      f"VALUES ({ROWID_BASE} - :post_id, :post_id, :title, :body)")
    # FTS5 honours OR REPLACE on the rowid: an existing entry's tokens are removed first, and a
    # new post (the common case) costs one INSERT instead of a DELETE that finds nothing too.
    _replace = sa.text(f"INSERT OR REPLACE INTO {TABLE} (rowid, post_id, title, body) "
                       f"VALUES ({ROWID_BASE} - :post_id, :post_id, :title, :body)")

    def upsert(self, session, row):
        session.execute(self._replace, row)

    def insert_many(self, session, rows):
        # In rowid order, newest post first: FTS5 flushes its pending terms to a new segment
        # whenever a rowid is lower than the one before, which in id order is every row.
        session.execute(self._insert, sorted(rows, key=lambda row: row["post_id"], reverse=True))

    def delete(self, session, post_ids):
        session.execute(sa.text(f"DELETE FROM {TABLE} WHERE rowid IN :rowids")
                        .bindparams(sa.bindparam("rowids", expanding=True)),
                        {"rowids": sqlite_rowids(post_ids)})

    def clear(self, session):
        # Dropping is instant; DELETE would read back every row to unindex its tokens.
        for statement in (*self.drop_ddl, *self.create_ddl):
            session.execute(sa.text(statement))

    def optimize(self, session):
        session.execute(sa.text(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')"))

    # The page's ids bound the scan (FTS5 seeks to the range) and are then checked as a plain
    # expression ("+rowid"): as an index constraint, each id would start the whole query again
    # (about 0.1 ms per id for three words, twice the cost of walking the range). WHERE is
    # evaluated before the result columns, so snippets are made for the page's posts only.
    _snippets = sa.text(
        f"SELECT {ROWID_BASE} - rowid, highlight({TABLE}, 1, :start, :stop), "
        f"snippet({TABLE}, 2, :start, :stop, :ellipsis, :tokens) "
        f"FROM {TABLE} WHERE {TABLE} MATCH :query AND rowid BETWEEN :first AND :last "
        "AND +rowid IN :rowids"
    ).bindparams(sa.bindparam("rowids", expanding=True))

    def snippets(self, session, query, post_ids):
        """{post_id: (marked title, marked body snippet)} for the posts of one result page.

        The page's posts are among the query's newest MAX_CANDIDATES matches, so the range
        walked holds at most that many matches."""
        if not post_ids:
            return {}
        rowids = sqlite_rowids(post_ids)
        rows = session.execute(self._snippets, {
            "start": MARK_START, "stop": MARK_STOP, "ellipsis": "…", "tokens": SNIPPET_TOKENS,
            "query": query, "first": min(rowids), "last": max(rowids), "rowids": rowids})
        return {row[0]: (row[1], row[2]) for row in rows}


_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_A_WORD_CHARACTER = re.compile(r"[\W_]+")
_QUOTED_TERM = re.compile(r'"([^"]*)"')


def folded(text: str) -> str:
    """Text as SQLite's tokenizer (unicode61, remove_diacritics 2) splits it: compatibility
    forms unfolded ("ﬁ", full-width letters), accents and soft hyphens dropped, and every
    character that is not a letter or digit a space. PostgreSQL indexes and queries this, so
    "Sjögren" finds "Sjogren", "COVID-19" finds "covid 19", words touching curly quotes, dashes
    or slashes are found, and the database's locale changes nothing (with LC_CTYPE=C its parser
    kept "“sepsis”" and "diabetes—poorly" as single words)."""
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", ""))
    return _NOT_A_WORD_CHARACTER.sub(" ", _COMBINING_MARKS.sub("", text)).strip()


def folded_query(query: str) -> str:
    """A quoted_query() with each quoted term folded alike (a term stays one quoted phrase)."""
    terms = (folded(term) for term in _QUOTED_TERM.findall(query))
    return " ".join(f'"{term}"' for term in terms if term)


# English stemming without English stop words, as SQLite's porter tokenizer: "WHO", "it" and
# "to be or not to be" are searchable (with the stock 'english' configuration they matched
# nothing). Created by migration 0007 and, for create_all, by PostgresEngine.create_ddl.
TS_CONFIG = "curbside_english"
TS_CONFIG_DDL = (
    "DO $$ BEGIN "
    "IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'curbside_english_stem') THEN "
    "CREATE TEXT SEARCH DICTIONARY curbside_english_stem (TEMPLATE = snowball, LANGUAGE = english); "
    "END IF; "
    "IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'curbside_english') THEN "
    "CREATE TEXT SEARCH CONFIGURATION curbside_english (COPY = pg_catalog.english); "
    "ALTER TEXT SEARCH CONFIGURATION curbside_english ALTER MAPPING FOR asciiword, word, numword, "
    "asciihword, hword, hword_asciipart, hword_part, hword_numpart WITH curbside_english_stem; "
    "END IF; END $$"
)


class PostgresEngine:
    """A table with a weighted tsvector (title A, body D) under a GIN index; ts_rank_cd ranks.

    The tsvector is made from the folded text (see folded()) with TS_CONFIG; the title and body
    columns keep the text as written, for the snippets.
    """

    name = "postgresql"
    create_ddl = (
        f"CREATE TABLE IF NOT EXISTS {TABLE} ("
        "post_id INTEGER NOT NULL, title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', "
        "document TSVECTOR NOT NULL, "
        f"CONSTRAINT pk_{TABLE} PRIMARY KEY (post_id), "
        f"CONSTRAINT fk_{TABLE}_post_id_post FOREIGN KEY (post_id) REFERENCES post (id) "
        "ON DELETE CASCADE)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_document_idx ON {TABLE} USING gin (document)",
        TS_CONFIG_DDL,
    )
    drop_ddl = (f"DROP TABLE IF EXISTS {TABLE}",)
    table = sa.table(TABLE, sa.column("post_id"), sa.column("title"), sa.column("body"),
                     sa.column("document"))
    _document = (f"setweight(to_tsvector('{TS_CONFIG}', :title_terms), 'A') || "
                 f"setweight(to_tsvector('{TS_CONFIG}', :body_terms), 'D')")
    # ts_rank_cd's weights for D, C, B, A: a title match outranks many body mentions.
    _weights = sa.literal_column("'{0.01,0.02,0.04,1.0}'::real[]")
    _headline = (f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=35, MinWords=12, "
                 'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')

    @staticmethod
    def match_value(query):
        """What the `match` parameter of candidates() is bound to: the folded terms."""
        return folded_query(query)

    def candidates(self, match, cap, ids=None):
        """The `cap` newest matches with their score (a subquery of post_id, score): the GIN
        index finds them, and ts_rank_cd runs on these only, however common the words are.
        `match` is a bound parameter (see match_value); `ids` (first, last; either None, or
        bound parameters) keeps a range of post ids."""
        tsquery = sa.func.websearch_to_tsquery(sa.cast(TS_CONFIG, REGCONFIG), match)
        newest = (sa.select(self.table.c.post_id, self.table.c.document)
                  .where(self.table.c.document.op("@@")(tsquery),
                         *id_range(self.table.c.post_id, ids))
                  .order_by(self.table.c.post_id.desc()).limit(cap).subquery("newest"))
        score = sa.func.ts_rank_cd(self._weights, newest.c.document, tsquery)
        return sa.select(newest.c.post_id, score.label("score")).subquery("candidates")

    def best_first(self, score):
        return score.desc()

    @staticmethod
    def _untag(row):
        # PostgreSQL's parser reads "<word ...>" in plain text as a markup tag and drops it, from
        # the tsvector and from headlines. Stored with "<" swapped for a control character (which
        # indexed text never holds, see text.clean), such text stays searchable; snippets()
        # swaps it back.
        return dict(row, title=row["title"].replace("<", LT_STANDIN),
                    body=row["body"].replace("<", LT_STANDIN),
                    title_terms=folded(row["title"]), body_terms=folded(row["body"]))

    def upsert(self, session, row):
        row = self._untag(row)
        session.execute(sa.text(
            f"INSERT INTO {TABLE} (post_id, title, body, document) "
            f"VALUES (:post_id, :title, :body, {self._document}) "
            "ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, body = excluded.body, "
            "document = excluded.document"), row)

    def insert_many(self, session, rows):
        session.execute(sa.text(f"INSERT INTO {TABLE} (post_id, title, body, document) "
                                f"VALUES (:post_id, :title, :body, {self._document})"),
                        [self._untag(row) for row in rows])

    def delete(self, session, post_ids):
        session.execute(sa.text(f"DELETE FROM {TABLE} WHERE post_id IN :ids")
                        .bindparams(sa.bindparam("ids", expanding=True)), {"ids": list(post_ids)})

    def clear(self, session):
        session.execute(sa.text(f"TRUNCATE {TABLE}"))

    def optimize(self, session):
        session.execute(sa.text(f"ANALYZE {TABLE}"))

    def snippets(self, session, query, post_ids):
        """{post_id: (marked title, marked body snippet)}; ts_headline runs on one page only.

        ts_headline parses the text as written, so it is asked for the folded terms or the
        terms as typed: "Sjogren" marks "Sjögren", and "COVID-19" marks "COVID-19"."""
        if not post_ids:
            return {}
        statement = sa.text(
            "SELECT post_id, "
            f"ts_headline('{TS_CONFIG}', title, q, :title_options), "
            f"ts_headline('{TS_CONFIG}', body, q, :options) "
            f"FROM {TABLE}, (SELECT websearch_to_tsquery('{TS_CONFIG}', :folded) "
            f"|| websearch_to_tsquery('{TS_CONFIG}', :query) AS q) AS marks WHERE post_id IN :ids"
        ).bindparams(sa.bindparam("ids", expanding=True))
        rows = session.execute(statement, {
            "query": query, "folded": folded_query(query), "ids": list(post_ids), "options": self._headline,
            "title_options": f"StartSel={MARK_START}, StopSel={MARK_STOP}, HighlightAll=true"})
        return {row[0]: (row[1].replace(LT_STANDIN, "<"), row[2].replace(LT_STANDIN, "<"))
                for row in rows}


ENGINES = {"sqlite": SqliteEngine(), "postgresql": PostgresEngine()}


def engine_for(dialect_name):
    try:
        return ENGINES[dialect_name]
    except KeyError:
        raise RuntimeError(f"Full-text search supports SQLite and PostgreSQL, not {dialect_name}.")

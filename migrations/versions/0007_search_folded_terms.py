"""PostgreSQL search indexes folded text without stop words: every post's tsvector is recomputed
from the stored title and body with accents, compatibility forms and punctuation folded as
SQLite's tokenizer does (forum.search.engines.folded), under a text search configuration with
English stemming and no stop words (curbside_english). Before, "Sjogren" missed "Sjögren",
"covid 19" missed "COVID-19", "WHO" found nothing, and with LC_CTYPE=C words touching curly
quotes or dashes were never found.
SQLite's index needs nothing; `flask search reindex` also refreshes it for soft hyphens and
compatibility forms in old posts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BATCH = 2000
# Frozen copies of forum.search.engines.folded and TS_CONFIG_DDL as of this revision (migrations
# never import app code that may change after them; 0003 does the same with its DDL).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_A_WORD_CHARACTER = re.compile(r"[\W_]+")
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


def _folded(text):
    text = unicodedata.normalize("NFKD", (text or "").replace("\u00ad", ""))
    return _NOT_A_WORD_CHARACTER.sub(" ", _COMBINING_MARKS.sub("", text)).strip()


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.execute(sa.text(TS_CONFIG_DDL))
    select = sa.text("SELECT post_id, title, body FROM post_search WHERE post_id > :after "
                     "ORDER BY post_id LIMIT :batch")
    update = sa.text("UPDATE post_search SET document = "
                     "setweight(to_tsvector('curbside_english', :title), 'A') || "
                     "setweight(to_tsvector('curbside_english', :body), 'D') WHERE post_id = :post_id")
    after = 0
    while True:
        rows = bind.execute(select, {"after": after, "batch": BATCH}).all()
        if not rows:
            break
        bind.execute(update, [{"post_id": post_id, "title": _folded(title), "body": _folded(body)}
                              for post_id, title, body in rows])
        after = rows[-1][0]


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.execute(sa.text("UPDATE post_search SET document = "
                         "setweight(to_tsvector('english', title), 'A') || "
                         "setweight(to_tsvector('english', body), 'D')"))
    bind.execute(sa.text("DROP TEXT SEARCH CONFIGURATION IF EXISTS curbside_english"))
    bind.execute(sa.text("DROP TEXT SEARCH DICTIONARY IF EXISTS curbside_english_stem"))

"""PostgreSQL search indexes folded text: every post's tsvector is recomputed from the stored
title and body with accents, compatibility forms and punctuation folded as SQLite's tokenizer
does (forum.search.engines.folded). Before, "Sjogren" missed "Sjögren", "covid 19" missed
"COVID-19", and with LC_CTYPE=C words touching curly quotes or dashes were never found.
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
# A frozen copy of forum.search.engines.folded as of this revision (migrations never import
# app code that may change after them).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_A_WORD_CHARACTER = re.compile(r"[\W_]+")


def _folded(text):
    text = unicodedata.normalize("NFKD", (text or "").replace("\u00ad", ""))
    return _NOT_A_WORD_CHARACTER.sub(" ", _COMBINING_MARKS.sub("", text)).strip()


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    select = sa.text("SELECT post_id, title, body FROM post_search WHERE post_id > :after "
                     "ORDER BY post_id LIMIT :batch")
    update = sa.text("UPDATE post_search SET document = "
                     "setweight(to_tsvector('english', :title), 'A') || "
                     "setweight(to_tsvector('english', :body), 'D') WHERE post_id = :post_id")
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

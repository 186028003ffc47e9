"""post_quote: which posts quote which, so moderation finds the quoted copies of a post it
hides or removes in any thread through an index instead of reading every post.

Existing posts and their earlier versions are read once here for their quote markers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# Frozen copy of forum.discussion.rendering._ANY_QUOTE_MARKER_RE (migrations import no app code).
QUOTE_MARKER = re.compile(r"^((?:>[ \t]*)+)\[[^\]\n]*\]\(/posts/(\d+)\)[^\n]*$", re.MULTILINE)
MAX_ID = 2**31 - 1
BATCH = 1000


def upgrade():
    post_quote = op.create_table(
        'post_quote',
        sa.Column('quoting_post_id', sa.Integer(), nullable=False),
        sa.Column('quoted_post_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['quoted_post_id'], ['post.id'],
                                name=op.f('fk_post_quote_quoted_post_id_post'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['quoting_post_id'], ['post.id'],
                                name=op.f('fk_post_quote_quoting_post_id_post'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('quoting_post_id', 'quoted_post_id', name=op.f('pk_post_quote')))
    with op.batch_alter_table('post_quote', schema=None) as batch_op:
        batch_op.create_index('ix_post_quote_quoted_post_id', ['quoted_post_id'], unique=False)
    _link_existing_quotes(post_quote)


def _link_existing_quotes(post_quote):
    connection = op.get_bind()
    pairs = set()
    for table, owner in (("post", "id"), ("post_revision", "post_id")):
        rows = connection.execute(sa.text(
            f"SELECT {owner}, body_source FROM {table} WHERE body_source LIKE '%](/posts/%'"))
        for quoting, source in rows:
            for marker in QUOTE_MARKER.finditer(source or ""):
                quoted = int(marker.group(2))
                if quoted != quoting and quoted <= MAX_ID:
                    pairs.add((quoting, quoted))
    quoted_ids = sorted({quoted for _, quoted in pairs})
    existing = set()
    for start in range(0, len(quoted_ids), BATCH):
        chunk = quoted_ids[start:start + BATCH]
        existing.update(connection.execute(
            sa.text("SELECT id FROM post WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": chunk}).scalars())
    rows = [{"quoting_post_id": quoting, "quoted_post_id": quoted}
            for quoting, quoted in sorted(pairs) if quoted in existing]
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(post_quote, rows[start:start + BATCH])


def downgrade():
    with op.batch_alter_table('post_quote', schema=None) as batch_op:
        batch_op.drop_index('ix_post_quote_quoted_post_id')
    op.drop_table('post_quote')

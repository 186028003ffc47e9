"""Counts of what members see: thread.reply_count (published replies), a partial index on the
published posts (a thread list counts those past each reader's read marker), and the counters
recomputed from the posts.

A published post is visible and not deleted. thread.reply_count counts a thread's published
replies; thread.last_post_at becomes the time its latest published post was published (when a
held post was approved, else when it was written; the thread's start when none is left);
category.thread_count, post_count and last_post_at count the threads members may list (not
those never published, nor those whose opening post is hidden or removed for patient privacy)
and their published posts. Before, these counted held posts and tombstones, and a deleted or
removed latest reply kept its time as the thread's last activity.

The downgrade drops the column and the index and leaves the recomputed counters: the code
before this revision adds to them from there.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# Frozen copy of forum.discussion.models.PUBLISHED_POST.
PUBLISHED_INDEXED = "status = 'visible' AND deleted_at IS NULL"

PUBLISHED = "p.status = 'visible' AND p.deleted_at IS NULL"

# Frozen copy of forum.search.services.out_of_sight_thread_ids as SQL.
OUT_OF_SIGHT = """
    SELECT p.thread_id FROM post p JOIN privacy_hold h ON h.post_id = p.id
     WHERE h.origin = 'thread' AND (h.outcome IS NULL OR h.outcome <> 'approved')
    UNION
    SELECT p.thread_id FROM post p JOIN report r ON r.post_id = p.id
     WHERE r.status = 'open' AND r.reason = 'privacy' AND p.number = 1 AND p.status = 'hidden'
    UNION
    SELECT p.thread_id FROM post p
     WHERE p.number = 1 AND p.status = 'removed' AND p.removal_category = 'privacy'
"""

# When a post was published: the approval of its hold as a new thread or reply, else its writing.
PUBLISHED_AT = """
    COALESCE((SELECT max(h.decided_at) FROM privacy_hold h
               WHERE h.post_id = p.id AND h.outcome = 'approved' AND h.origin IN ('thread', 'reply')),
             p.created_at)
"""


def upgrade():
    with op.batch_alter_table('thread', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index('ix_post_thread_id_number_published',
                              ['thread_id', 'number', 'author_id', 'status', 'deleted_at'], unique=False, sqlite_where=sa.text(PUBLISHED_INDEXED),
                              postgresql_where=sa.text(PUBLISHED_INDEXED))
    op.execute(f"UPDATE thread SET reply_count = (SELECT count(*) FROM post p "
               f"WHERE p.thread_id = thread.id AND p.number > 1 AND {PUBLISHED})")
    op.execute(f"UPDATE thread SET last_post_at = COALESCE((SELECT max({PUBLISHED_AT}) FROM post p "
               f"WHERE p.thread_id = thread.id AND {PUBLISHED}), thread.created_at)")
    listed = f"t.category_id = category.id AND t.id NOT IN ({OUT_OF_SIGHT})"
    op.execute(f"UPDATE category SET "
               f"thread_count = (SELECT count(*) FROM thread t WHERE {listed}), "
               f"post_count = (SELECT count(*) FROM post p JOIN thread t ON t.id = p.thread_id "
               f"WHERE {listed} AND {PUBLISHED}), "
               f"last_post_at = (SELECT max(t.last_post_at) FROM thread t WHERE {listed})")


def downgrade():
    op.drop_index('ix_post_thread_id_number_published', table_name='post',
                  sqlite_where=sa.text(PUBLISHED_INDEXED), postgresql_where=sa.text(PUBLISHED_INDEXED))
    # ALTER TABLE .. DROP COLUMN, not a batch copy: SQLite (3.35+) drops the column in place,
    # where copying the table would drop the old one under the posts that reference it.
    op.drop_column('thread', 'reply_count')

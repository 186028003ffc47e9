"""Which posts quote which (PostQuote), kept as posts are written, so that moderation finds the
quoted copies of a post in any thread through an index (forum.moderation.services.quotes).

Links are only added: an edit that drops a quote keeps the link, since its earlier version,
kept as a revision, still quotes the post. Flushes nothing itself; one INSERT, none for a post
that quotes nothing new.
"""
from sqlalchemy import insert, select

from forum.discussion.models import PostQuote
from forum.extensions import db


def record_quotes(post_id: int, quoted_ids, *, new_post: bool = True):
    """Link `post_id` to the posts in `quoted_ids` (RenderedBody.all_quoted_ids). An existing
    post (`new_post` False) may already hold some of the links."""
    wanted = {quoted for quoted in quoted_ids if quoted != post_id}
    if wanted and not new_post:
        wanted -= set(db.session.scalars(select(PostQuote.quoted_post_id)
                                         .where(PostQuote.quoting_post_id == post_id)))
    if wanted:
        db.session.execute(insert(PostQuote), [{"quoting_post_id": post_id, "quoted_post_id": quoted}
                                               for quoted in sorted(wanted)])

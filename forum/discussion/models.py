"""Categories, threads, posts with their citations and revisions, read markers and the
standing conflict-of-interest disclosure each member keeps on their profile."""
from datetime import datetime

from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.discussion import citations as citation_rules
from forum.extensions import db
from forum.timeutil import utcnow


class ThreadKind:
    CLINICAL = "clinical"
    GENERAL = "general"
    ALL = (CLINICAL, GENERAL)
    LABELS = {CLINICAL: "Clinical case", GENERAL: "General discussion"}


class PostStatus:
    """VISIBLE; HELD (declared past the privacy screen); HIDDEN (reported as a patient privacy
    breach, out of sight until a moderator decides); REMOVED (by a moderator: a tombstone naming
    the reason stays, the text is kept for moderators and appeals); PURGED (the text destroyed).
    Only VISIBLE posts are shown to members and searchable."""

    VISIBLE = "visible"
    HELD = "held"
    HIDDEN = "hidden"
    REMOVED = "removed"
    PURGED = "purged"


# The partial index's condition; the query that uses it repeats these terms as constants.
PRIVACY_REMOVED_OPENING = "number = 1 AND status = 'removed' AND removal_category = 'privacy'"
# Published posts (shown to members): a thread list counts those past each reader's read
# marker, by others, from the partial index alone; the query repeats these terms as text. The
# index holds status and deleted_at too: SQLite (3.40) reads the table for a partial index's
# WHERE columns unless the index carries them.
PUBLISHED_POST = "status = 'visible' AND deleted_at IS NULL"


class Category(db.Model):
    """Admin-managed; an archived category is read-only. Its counters and last activity count
    what members see (forum.discussion.services.counters): the threads they may list, and
    their published posts."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]
    thread_count: Mapped[int] = mapped_column(Integer, default=0)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    last_post_at: Mapped[datetime | None]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self):
        return f"<Category {self.id} {self.name!r}>"


class Thread(db.Model):
    """`post_count` is the last post number given out (every post row, held posts and
    tombstones included, and the number an approved held reply left behind); `reply_count`
    counts published replies, which is what lists show; `last_post_at` is the time of the
    latest published post (forum.discussion.services.counters)."""

    __tablename__ = "thread"
    __table_args__ = (
        CheckConstraint("kind IN ('clinical', 'general')", name="kind"),
        # One index per list ordering: a category's threads, the latest across the forum,
        # a category's pinned threads, and a member's recent threads on the profile.
        Index("ix_thread_category_id_last_post_at", "category_id", "last_post_at", "id"),
        Index("ix_thread_last_post_at", "last_post_at", "id"),
        Index("ix_thread_category_id_pinned_at", "category_id", "pinned_at"),
        Index("ix_thread_author_id_created_at", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(10), default=ThreadKind.GENERAL)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(default=utcnow)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    reply_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_at: Mapped[datetime | None]
    pinned_at: Mapped[datetime | None]
    # The reply its author (or a moderator) marked as the answer to a clinical case; cleared
    # when that reply stops being published (forum.discussion.services.answers). No foreign
    # key: post refers to thread already, and SQLite cannot add a named constraint to the
    # existing table without copying it from under the posts; post rows are never deleted
    # (a purge or removal keeps a tombstone), so the id cannot dangle.
    answer_post_id: Mapped[int | None] = mapped_column(Integer)

    category: Mapped[Category] = relationship()
    author: Mapped["User"] = relationship("User")
    answer_post: Mapped["Post | None"] = relationship(
        primaryjoin="foreign(Thread.answer_post_id) == Post.id", viewonly=True)

    @property
    def is_clinical(self) -> bool:
        return self.kind == ThreadKind.CLINICAL

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answer_post_id is not None

    @property
    def kind_label(self) -> str:
        return ThreadKind.LABELS.get(self.kind, self.kind)

    def __repr__(self):
        return f"<Thread {self.id} {self.title!r}>"


class PostState:
    """A post's state from its columns: for the model and for the light rows a thread page
    reads (forum.discussion.page_rows), so both answer the access predicates alike."""

    __slots__ = ()

    @property
    def is_opening(self) -> bool:
        return self.number == 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.VISIBLE and self.deleted_at is None

    @property
    def is_held(self) -> bool:
        """Declared past the privacy screen, waiting for a moderator (author and moderators see it)."""
        return self.status == PostStatus.HELD and self.deleted_at is None


class Post(PostState, db.Model):
    """`body_html` is rendered once, at write time, by forum.security.sanitize.

    `disclosure` is a snapshot of the author's conflict-of-interest disclosure when the post was
    written (clinical threads only); `submission_key` is the composer's one-time nonce, unique
    per author, so a resubmitted form cannot create a second post.
    """

    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("thread_id", "number", name="uq_post_thread_id_number"),
        UniqueConstraint("author_id", "submission_key", name="uq_post_author_id_submission_key"),
        Index("ix_post_author_id_created_at", "author_id", "created_at"),
        # The few threads whose opening post was removed for patient privacy: members may not
        # list them (forum.search.services.out_of_sight_thread_ids reads this on every list).
        Index("ix_post_thread_id_privacy_removed", "thread_id",
              sqlite_where=text(PRIVACY_REMOVED_OPENING), postgresql_where=text(PRIVACY_REMOVED_OPENING)),
        Index("ix_post_thread_id_number_published", "thread_id", "number", "author_id", "status",
              "deleted_at",
              sqlite_where=text(PUBLISHED_POST), postgresql_where=text(PUBLISHED_POST)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    number: Mapped[int] = mapped_column(Integer)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default=PostStatus.VISIBLE)
    disclosure: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    submission_key: Mapped[str | None] = mapped_column(String(64))
    # Set by moderation: the report reason a removal names on the tombstone, and when a
    # moderator last redacted the text.
    removal_category: Mapped[str | None] = mapped_column(String(20))
    redacted_at: Mapped[datetime | None]
    # Members who marked it helpful (HelpfulMark rows), kept in step by
    # forum.discussion.services.helpful: a thread page shows it without counting.
    helpful_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    thread: Mapped[Thread] = relationship()
    author: Mapped["User"] = relationship("User")
    citations: Mapped[list["PostCitation"]] = relationship(
        back_populates="post", order_by="PostCitation.position",
        cascade="all, delete-orphan", passive_deletes=True,
    )
    revisions: Mapped[list["PostRevision"]] = relationship(
        back_populates="post", order_by="PostRevision.number",
        cascade="all, delete-orphan", passive_deletes=True,
    )

    def __repr__(self):
        return f"<Post {self.id} thread={self.thread_id} #{self.number}>"


class PostCitation(db.Model):
    """One piece of evidence: `kind` is pmid, doi or url; `value` is the normalized form."""

    __tablename__ = "post_citation"
    __table_args__ = (Index("ix_post_citation_post_id_position", "post_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(2000))
    note: Mapped[str] = mapped_column(String(300), default="")

    post: Mapped[Post] = relationship(back_populates="citations")

    @property
    def href(self) -> str:
        return citation_rules.href(self.kind, self.value)

    @property
    def label(self) -> str:
        return citation_rules.label(self.kind, self.value)


class PostQuote(db.Model):
    """Post `quoting_post_id` quotes post `quoted_post_id`: a quote marker, at any depth, in its
    source or in one of its earlier versions. Recorded when posts are written, so moderation
    finds the quoted copies of a post it hides or removes, in any thread, without reading every
    post (forum.moderation.services.quotes)."""

    __tablename__ = "post_quote"
    __table_args__ = (Index("ix_post_quote_quoted_post_id", "quoted_post_id"),)

    quoting_post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), primary_key=True)
    quoted_post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), primary_key=True)


class HelpfulMark(db.Model):
    """Member `user_id` found post `post_id` helpful: one row per member and post (the primary
    key), so a resubmitted or racing mark cannot count twice. post.helpful_count counts them."""

    __tablename__ = "helpful_mark"
    __table_args__ = (Index("ix_helpful_mark_user_id", "user_id"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PostRevision(db.Model):
    """An earlier version of a post, kept when it was edited (`number` 1 is the original)."""

    __tablename__ = "post_revision"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_revision_post_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JSON, default=list)
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The version a moderator's redaction replaced: shown to moderators only.
    moderator_only: Mapped[bool] = mapped_column(default=False)
    # The thread's title as this version of an opening post carried it (an edit or a redaction
    # may change both); NULL for replies, and for versions kept before titles were (0015).
    title: Mapped[str | None] = mapped_column(Text)

    post: Mapped[Post] = relationship(back_populates="revisions")


class NotificationLevel:
    """What a member hears of one thread's replies. NORMAL (stored as NULL, the default): the
    thread's author hears of every reply, others of nothing but mentions and quotes. WATCHING:
    every reply. MUTED: mentions and quotes only, even in one's own thread (they are addressed
    to the member, so muting a thread never silences a colleague who asks by name)."""

    WATCHING = "watching"
    NORMAL = "normal"
    MUTED = "muted"
    ALL = (WATCHING, NORMAL, MUTED)
    LABELS = {WATCHING: "Watching", NORMAL: "Normal", MUTED: "Muted"}
    HELP = {
        WATCHING: "You are told of every reply.",
        NORMAL: "You are told of replies in your own threads, and when someone mentions or quotes you.",
        MUTED: "You are told only when someone mentions or quotes you.",
    }

    @classmethod
    def stored(cls, level: str) -> str | None:
        return None if level == cls.NORMAL else level


class ThreadRead(db.Model):
    """How far a member has read a thread (posts numbered above it are unread), what they
    want to hear of its replies (NotificationLevel; NULL is normal) and whether they bookmarked
    it. The partial indexes find a thread's watchers and muters on every reply without reading
    its readers, and a member's bookmarks without reading their markers."""

    __tablename__ = "thread_read"
    __table_args__ = (
        Index("ix_thread_read_thread_id_level", "thread_id",
              sqlite_where=text("notification_level IS NOT NULL"),
              postgresql_where=text("notification_level IS NOT NULL")),
        Index("ix_thread_read_user_id_bookmarked", "user_id",
              sqlite_where=text("bookmarked_at IS NOT NULL"),
              postgresql_where=text("bookmarked_at IS NOT NULL")),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"), primary_key=True)
    last_read_number: Mapped[int] = mapped_column(Integer, default=0)
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
    notification_level: Mapped[str | None] = mapped_column(String(10))
    bookmarked_at: Mapped[datetime | None]


class CategoryWatch(db.Model):
    """A member who wants to hear of every new thread in a category (Discourse's "Watching
    First Post"): the way into a specialty's cases without reading every reply. The index
    finds a category's watchers when a thread is published there."""

    __tablename__ = "category_watch"
    __table_args__ = (Index("ix_category_watch_category_id", "category_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"),
                                             primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StandingDisclosure(db.Model):
    """The member's current disclosure; the composer pre-fills from it, posts copy it."""

    __tablename__ = "standing_disclosure"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    no_conflicts: Mapped[bool] = mapped_column(default=False)
    relationships: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedDraft(db.Model):
    """What a member was writing in a composer (a new thread, a reply to one thread, or an edit
    of one post: `place` "thread", "reply:<id>", "edit:<id>"), kept until they post (or save)
    it or discard it. `fields` holds the form's text fields as [name, value]
    pairs. Never screened and never shown to anyone but its author."""

    __tablename__ = "saved_draft"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    place: Mapped[str] = mapped_column(String(40), primary_key=True)
    fields: Mapped[list] = mapped_column(JSON, default=list)
    # The composer's one-time key: a draft saved by a request that raced its own Post is
    # recognised as posted (services.saved_drafts.load) and dropped.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

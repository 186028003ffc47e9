"""Reports on posts, appeals against removals, moderators' private notes on members and the
moderation history of each member (removals, warnings, suspensions)."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.timeutil import utcnow


class ReportReason:
    """The conduct medical boards discipline physicians for online; "other" needs an explanation."""

    PRIVACY = "privacy"
    UNPROFESSIONAL = "unprofessional"
    MISINFORMATION = "misinformation"
    HARASSMENT = "harassment"
    DEROGATORY = "derogatory"
    DISCRIMINATORY = "discriminatory"
    CONFLICT = "conflict"
    CREDENTIALS = "credentials"
    OTHER = "other"
    LABELS = {
        PRIVACY: "Patient privacy breach",
        UNPROFESSIONAL: "Unprofessional conduct",
        MISINFORMATION: "Inaccurate or unsupported medical information",
        HARASSMENT: "Cyberbullying or harassment",
        DEROGATORY: "Derogatory remark about a patient",
        DISCRIMINATORY: "Discriminatory language",
        CONFLICT: "Undisclosed conflict of interest or advertising",
        CREDENTIALS: "Misrepresented credentials",
        OTHER: "Other",
    }
    ALL = tuple(LABELS)


class ReportStatus:
    OPEN = "open"
    DISMISSED = "dismissed"
    UPHELD = "upheld"
    ALL = (OPEN, DISMISSED, UPHELD)


class Report(db.Model):
    """A member's report of a post. At most one open report per member per post (a partial
    unique index); the author is never shown who reported."""

    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'dismissed', 'upheld')", name="status"),
        Index("ix_report_status_post_id", "status", "post_id"),
        Index("ix_report_post_id_created_at", "post_id", "created_at"),
        Index("ix_report_reporter_id_reason_status", "reporter_id", "reason", "status"),
        Index("uq_report_post_id_reporter_id_open", "post_id", "reporter_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    explanation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=ReportStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(20))

    post: Mapped["Post"] = relationship("Post")  # noqa: F821
    reporter: Mapped["User"] = relationship("User", foreign_keys=[reporter_id])  # noqa: F821

    @property
    def reason_label(self) -> str:
        return ReportReason.LABELS.get(self.reason, self.reason)

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN


class AppealStatus:
    OPEN = "open"
    UPHELD = "upheld"  # the removal stands
    GRANTED = "granted"  # the post was restored
    ALL = (OPEN, UPHELD, GRANTED)
    LABELS = {OPEN: "Waiting for a decision", UPHELD: "Removal upheld", GRANTED: "Post restored"}


class Appeal(db.Model):
    """An author's one appeal against the removal of a post, decided by another moderator."""

    __tablename__ = "appeal"
    __table_args__ = (
        UniqueConstraint("post_id", name="uq_appeal_post_id"),
        CheckConstraint("status IN ('open', 'upheld', 'granted')", name="status"),
        Index("ix_appeal_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=AppealStatus.OPEN)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    same_moderator: Mapped[bool] = mapped_column(default=False)

    post: Mapped["Post"] = relationship("Post")  # noqa: F821
    author: Mapped["User"] = relationship("User", foreign_keys=[author_id])  # noqa: F821
    removed_by: Mapped["User | None"] = relationship("User", foreign_keys=[removed_by_id])  # noqa: F821
    decided_by: Mapped["User | None"] = relationship("User", foreign_keys=[decided_by_id])  # noqa: F821

    @property
    def is_open(self) -> bool:
        return self.status == AppealStatus.OPEN

    @property
    def status_label(self) -> str:
        return AppealStatus.LABELS.get(self.status, self.status)


class ModerationAction:
    """What a ModerationEvent records about a member (the audit log has every action)."""

    REMOVE = "remove"
    RESTORE = "restore"
    PURGE = "purge"
    REDACT = "redact"
    WARN = "warn"
    SUSPEND = "suspend"
    LIFT_SUSPENSION = "lift_suspension"
    LABELS = {REMOVE: "Post removed", RESTORE: "Post restored", PURGE: "Post purged",
              REDACT: "Post redacted", WARN: "Warning", SUSPEND: "Suspension",
              LIFT_SUSPENSION: "Suspension lifted early"}


class ModerationEvent(db.Model):
    """One entry of a member's moderation history, shown beside their queue items and to
    the member on their own notices page."""

    __tablename__ = "moderation_event"
    __table_args__ = (Index("ix_moderation_event_subject_id_created_at", "subject_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("thread.id", ondelete="SET NULL"))
    category: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime | None]

    actor: Mapped["User | None"] = relationship("User", foreign_keys=[actor_id])  # noqa: F821

    @property
    def label(self) -> str:
        return ModerationAction.LABELS.get(self.action, self.action)

    @property
    def category_label(self) -> str:
        return ReportReason.LABELS.get(self.category, "") if self.category else ""


class ModerationNote(db.Model):
    """A moderator's private note on a member; never shown to the member."""

    __tablename__ = "moderation_note"
    __table_args__ = (Index("ix_moderation_note_subject_id_created_at", "subject_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped["User | None"] = relationship("User", foreign_keys=[author_id])  # noqa: F821

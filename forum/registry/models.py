"""Imported registry records and the verification evidence stored with each application."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.timeutil import utcnow


class RegistryRecord(db.Model):
    """One practitioner as the registry's extract describes them.

    `council` is empty except for India, where a registration number is unique only within
    its State Medical Council. `taxonomies` holds the NPPES taxonomy slots as
    {"code", "license", "state", "primary"} dicts (GMC/NMC records keep their own details
    in `details`).
    """

    __tablename__ = "registry_record"
    __table_args__ = (
        UniqueConstraint("registry_code", "council", "identifier", name="uq_registry_record_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registry_code: Mapped[str] = mapped_column(String(10))
    council: Mapped[str] = mapped_column(String(64), default="")
    identifier: Mapped[str] = mapped_column(String(64))
    family_name: Mapped[str] = mapped_column(String(120), default="")
    given_name: Mapped[str] = mapped_column(String(120), default="")
    middle_name: Mapped[str] = mapped_column(String(120), default="")
    other_family_name: Mapped[str] = mapped_column(String(120), default="")
    other_given_name: Mapped[str] = mapped_column(String(120), default="")
    credential: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(80), default="")
    deactivated_on: Mapped[date | None]
    reactivated_on: Mapped[date | None]
    taxonomies: Mapped[list] = mapped_column(JSON, default=list)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class VerificationCheck(db.Model):
    """Evidence from one run of a verifier for one application; the newest one is current."""

    __tablename__ = "verification_check"
    __table_args__ = (Index("ix_verification_check_user_id_checked_at", "user_id", "checked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    registry_code: Mapped[str] = mapped_column(String(10))
    identifier: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(30))
    match_level: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    record_snapshot: Mapped[dict | None] = mapped_column(JSON)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    triggered_by: Mapped[str] = mapped_column(String(40), default="registration")

    user: Mapped["User"] = relationship("User")

    @property
    def note(self) -> str:
        return "; ".join(self.reasons)


class RegistryImport(db.Model):
    """A record of each extract import, shown to admins so they know how fresh the data is."""

    __tablename__ = "registry_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    registry_code: Mapped[str] = mapped_column(String(10))
    source_name: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_kept: Mapped[int] = mapped_column(default=0)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    # Who started it: "cli" (an operator at the command line) or "web" (the admin named by
    # started_by_id, through the admin Registry page).
    origin: Mapped[str] = mapped_column(String(10), default="cli", server_default="cli")
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    started_by: Mapped["User | None"] = relationship("User")

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

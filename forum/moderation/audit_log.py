"""The audit log as moderators read it: filtered, keyset-paginated pages, and (for admins) the
whole filtered log as a streamed CSV with every field, the hashes included, so a regulatory
authority can check the chain.

The CSV is opened in spreadsheets, where a cell starting with = + - @ (or a tab or carriage
return) is run as a formula: such a cell gets a leading apostrophe (OWASP's advice on CSV
injection), and the row's last column, `escaped`, names the fields that got one, so whoever
checks the chain from the file removes exactly those apostrophes first."""
import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from forum.audit.models import AuditEntry
from forum.database import as_id, escape_like as _escape_like
from forum.extensions import db

PAGE_SIZE = 50
CSV_COLUMNS = ("id", "created_at", "actor_id", "actor_label", "action", "target_type", "target_id",
               "target_label", "reason", "details", "prev_hash", "entry_hash")
CSV_HEADER = CSV_COLUMNS + ("escaped",)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ESCAPING = ("A leading ' was added to each field that began with = + - @, a tab or a carriage "
                "return (so spreadsheets do not run it); the escaped column names those fields. "
                "Remove that ' before recomputing the hashes.")


@dataclass
class AuditFilters:
    action: str | None = None
    actor: str | None = None  # a user id, or part of the actor's name or email
    target: str | None = None  # "type:id" (post:12), or an id of any type
    since: date | None = None
    until: date | None = None  # inclusive

    def apply(self, statement):
        if self.action:
            statement = statement.where(AuditEntry.action == self.action)
        if self.actor:
            actor = self.actor.strip()
            if actor.isdigit():  # an id; one no account can have matches nothing
                statement = statement.where(AuditEntry.actor_id == (as_id(actor) or 0))
            elif actor.lower() == "system":
                statement = statement.where(AuditEntry.actor_id.is_(None))
            else:
                statement = statement.where(AuditEntry.actor_label.ilike(f"%{_escape_like(actor)}%",
                                                                         escape="\\"))
        if self.target:
            kind, _, ident = self.target.strip().rpartition(":")
            statement = statement.where(AuditEntry.target_id == ident.strip())
            if kind:
                statement = statement.where(AuditEntry.target_type == kind.strip().lower())
        if self.since:
            statement = statement.where(AuditEntry.created_at >= datetime.combine(self.since, time.min))
        if self.until and self.until < date.max:  # up to the last day there is: no bound
            statement = statement.where(
                AuditEntry.created_at < datetime.combine(self.until + timedelta(days=1), time.min))
        return statement


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    older_cursor: int | None
    newer_cursor: int | None


def audit_page(filters: AuditFilters, *, before: int | None = None, after: int | None = None,
               limit: int = PAGE_SIZE) -> AuditPage:
    """Newest first, `limit` a page, keyset-paginated on id; one query (two with a cursor)."""
    statement = filters.apply(select(AuditEntry))
    if after is not None:
        statement = statement.where(AuditEntry.id > after).order_by(AuditEntry.id)
    else:
        if before is not None:
            statement = statement.where(AuditEntry.id < before)
        statement = statement.order_by(AuditEntry.id.desc())
    rows = list(db.session.scalars(statement.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    if after is not None:
        rows.reverse()
    if not rows:
        return AuditPage([], None, None)
    has_newer = more if after is not None else before is not None
    has_older = more if after is None else True
    return AuditPage(rows, rows[-1].id if has_older else None, rows[0].id if has_newer else None)


def action_names() -> list[str]:
    """Every action that occurs in the log, for the filter (one indexed query)."""
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def csv_rows(filters: AuditFilters, engine):
    """The header, then every matching entry oldest first (chain order), as CSV text chunks.

    Runs while the response is sent, after the request has ended: it reads through a
    connection of its own from `engine` (no session, no application context), in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(CSV_HEADER)
    yield flush()
    table = AuditEntry.__table__
    statement = filters.apply(select(*(table.c[name] for name in CSV_COLUMNS))).order_by(table.c.id)
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=500).execute(statement)
        for rows in result.partitions():
            for row in rows:
                writer.writerow(_csv_values(row))
            yield flush()


def _csv_values(row):
    values = (row.id, row.created_at.isoformat(timespec="microseconds"),
              "" if row.actor_id is None else row.actor_id, row.actor_label, row.action,
              row.target_type, row.target_id, row.target_label, row.reason,
              json.dumps(row.details, sort_keys=True, separators=(",", ":"), default=str),
              row.prev_hash, row.entry_hash)
    cells, escaped = [], []
    for name, value in zip(CSV_COLUMNS, values):
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            value = "'" + value
            escaped.append(name)
        cells.append(value)
    return (*cells, " ".join(escaped))


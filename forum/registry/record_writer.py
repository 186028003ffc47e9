"""Batched, idempotent upserts of registry records, and the summary and log of each import."""
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import JSON, String, Text, cast, func, select, tuple_

from forum.audit.services import record
from forum.extensions import db
from forum.registry.models import RegistryImport, RegistryRecord
from forum.timeutil import utcnow

KEY = ("registry_code", "council", "identifier")
COMPARED = ("family_name", "given_name", "middle_name", "other_family_name", "other_given_name",
            "credential", "status", "deactivated_on", "reactivated_on", "taxonomies", "details")
FIELDS = frozenset(("council", "identifier", *COMPARED))  # what an importer supplies per row
MAX_BAD_ROWS_KEPT = 1000
PG_ROWS_PER_STATEMENT = 3  # 3 rows x 15 parameters stays within psycopg's 50-parameter query cache


class ImportFailed(Exception):
    """The file as a whole cannot be imported (wrong format, missing columns); says why."""


class UnsupportedDatabase(ImportFailed):
    """Upserts are written for SQLite and PostgreSQL only."""


@dataclass
class ImportSummary:
    """Counts for one import; `bad_rows` holds (line number, problem) for rows not imported."""

    registry: str
    source: str
    rows_read: int = 0
    rows_kept: int = 0
    skipped: Counter = field(default_factory=Counter)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list = field(default_factory=list)
    seconds: float = 0.0

    def reject(self, line: int, problem: str) -> None:
        self.skipped["invalid"] += 1
        if len(self.bad_rows) < MAX_BAD_ROWS_KEPT:
            self.bad_rows.append((line, problem))

    def as_dict(self) -> dict:
        return {"registry": self.registry, "source": self.source, "rows_read": self.rows_read,
                "rows_kept": self.rows_kept, "skipped": dict(self.skipped), "inserted": self.inserted,
                "updated": self.updated, "unchanged": self.unchanged, "seconds": round(self.seconds, 2),
                "bad_rows": [list(row) for row in self.bad_rows[:100]]}

    def lines(self) -> list[str]:
        """The summary as the CLI prints it."""
        rate = self.rows_read / self.seconds if self.seconds else 0
        skipped = ", ".join(f"{reason} {count:,}" for reason, count in sorted(self.skipped.items())) or "none"
        lines = [f"{self.registry.upper()} import of {self.source}: {self.rows_read:,} rows read in "
                 f"{self.seconds:.1f} s ({rate:,.0f} rows/s)",
                 f"  kept {self.rows_kept:,}: {self.inserted:,} new, {self.updated:,} updated, "
                 f"{self.unchanged:,} unchanged",
                 f"  skipped: {skipped}"]
        lines += [f"  line {line}: {problem}" for line, problem in self.bad_rows]
        if self.skipped["invalid"] > len(self.bad_rows):
            lines.append(f"  ... and {self.skipped['invalid'] - len(self.bad_rows):,} more invalid rows")
        return lines


def upsert_statement(table=RegistryRecord.__table__):
    """INSERT .. ON CONFLICT (registry_code, council, identifier) DO UPDATE .. WHERE the row
    changed .. RETURNING id, for this database. Rows whose values are all the same are left
    alone and not returned, so the caller can tell new, changed and unchanged rows apart
    without reading the table first (JSON is compared as text: both sides come from the
    same serializer)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise UnsupportedDatabase(f"Registry imports support SQLite and PostgreSQL, not {dialect}.")
    statement = insert(table)

    def comparable(column):
        return cast(column, Text) if isinstance(column.type, JSON) else column

    changed = tuple_(*(comparable(table.c[name]) for name in COMPARED)).is_distinct_from(
        tuple_(*(comparable(statement.excluded[name]) for name in COMPARED)))
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY), set_={name: statement.excluded[name] for name in (*COMPARED, "imported_at")},
        where=changed).returning(table.c.id)
    if dialect == "postgresql":
        # SQLAlchemy sends many rows per INSERT (insertmanyvalues); psycopg caches its query
        # conversion only for statements of at most 50 parameters and re-parses longer ones in
        # Python, which made 1000-row pages several times slower than 3-row ones.
        statement = statement.execution_options(insertmanyvalues_page_size=PG_ROWS_PER_STATEMENT)
    return statement


class RecordWriter:
    """Collects rows and writes them in batches: new rows inserted, changed rows updated,
    unchanged rows left alone (so a re-import of the same file writes nothing).

    `on_batch` runs after each written batch; the CLI uses it to commit (see cli.py).
    """

    def __init__(self, registry: str, summary: ImportSummary, batch_size: int = 2000, on_batch=None):
        self.registry, self.summary, self.batch_size, self.on_batch = registry, summary, batch_size, on_batch
        self.pending: dict[tuple[str, str], dict] = {}
        self.limits = [(column.name, column.type.length) for column in RegistryRecord.__table__.columns
                       if column.name in FIELDS and isinstance(column.type, String) and column.type.length]
        self.statement = upsert_statement()

    def add(self, row: dict) -> None:
        """Queue one record: a dict with exactly the FIELDS keys, text columns as str."""
        if row.keys() != FIELDS:
            raise ValueError(f"A registry row needs exactly the keys {sorted(FIELDS)}.")
        for name, limit in self.limits:  # PostgreSQL refuses longer text; compare what is stored
            if len(row[name]) > limit:
                row[name] = row[name][:limit]
        row["registry_code"] = self.registry
        # A key seen twice in one batch keeps its last row (one statement cannot touch a row twice).
        self.pending[(row["council"], row["identifier"])] = row
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the pending batch, count what it did, then call `on_batch`.

        New rows get ids above the largest id before the batch; changed rows keep theirs;
        unchanged rows come back not at all."""
        if not self.pending:
            return
        rows, now = list(self.pending.values()), utcnow()
        self.pending.clear()
        for row in rows:
            row["imported_at"] = now
        before = db.session.scalar(select(func.max(RegistryRecord.id))) or 0
        ids = db.session.execute(self.statement, rows).scalars().all()
        inserted = sum(1 for record_id in ids if record_id > before)
        self.summary.inserted += inserted
        self.summary.updated += len(ids) - inserted
        self.summary.unchanged += len(rows) - len(ids)
        if self.on_batch is not None:
            self.on_batch()


def start_import(registry: str, source: str, started_by=None, notes: str | None = None) -> RegistryImport:
    """The import's log row; `started_by` is the admin who uploaded the file (None: the CLI),
    `notes` what they wrote about it."""
    log = RegistryImport(registry_code=registry, source_name=source[:255], started_at=utcnow(),
                         origin="cli" if started_by is None else "web", started_by=started_by,
                         notes=notes or None)
    db.session.add(log)
    db.session.flush()
    return log


def finish_import(log: RegistryImport, summary: ImportSummary, started: float) -> ImportSummary:
    """Close the import's log row and write its audit entry (registry.import, by the admin who
    started it, else by the system)."""
    summary.seconds = time.perf_counter() - started
    log.finished_at = utcnow()
    log.rows_read, log.rows_kept, log.summary = summary.rows_read, summary.rows_kept, summary.as_dict()
    counts = {key: value for key, value in summary.as_dict().items() if key not in ("bad_rows", "source")}
    record(log.started_by, "registry.import", "registry_import", log.id, target_label=log.source_name,
           reason=log.notes or "", details=counts)
    return summary

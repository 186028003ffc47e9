"""What the admin Registry page reads: each extract's size and freshness, the recent imports,
and a stored record looked up with the accounts that claim its identifier (reads only)."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum.errors import ValidationFailed
from forum.extensions import db
from forum.registry import identifiers, jurisdictions
from forum.registry.models import RegistryImport, RegistryRecord
from forum.registry.presenters import record_rows
from forum.registry.verifiers.common import find_records
from forum.timeutil import utcnow

REGISTRIES = ("npi", "gmc", "nmc")
RECENT_IMPORTS = 20


@dataclass(frozen=True)
class ExtractStatus:
    """One registry's local extract: how many records, when it was last refreshed, how old."""

    registry: str
    records: int
    refreshed_at: datetime | None
    age_days: int | None
    stale_after_days: int

    @property
    def label(self) -> str:
        return jurisdictions.REGISTRY_LABELS[self.registry]

    @property
    def stale(self) -> bool:
        return self.age_days is not None and self.age_days > self.stale_after_days


def stale_after_days(config, registry: str) -> int:
    return int(config[f"REGISTRY_STALE_DAYS_{registry.upper()}"])


def extract_statuses(config, now: datetime | None = None) -> list[ExtractStatus]:
    """Per registry: records stored, and the extract's age from its newest finished import that
    kept rows (an import of a file whose rows were all refused refreshed nothing); records with
    no such import (stored before imports were logged) date from their own import time. Two
    queries whatever the number of records or imports."""
    now = now or utcnow()
    counts = {code: (count, newest) for code, count, newest in db.session.execute(
        select(RegistryRecord.registry_code, func.count(), func.max(RegistryRecord.imported_at))
        .group_by(RegistryRecord.registry_code))}
    refreshed = dict(db.session.execute(
        select(RegistryImport.registry_code, func.max(RegistryImport.finished_at))
        .where(RegistryImport.finished_at.is_not(None), RegistryImport.rows_kept > 0)
        .group_by(RegistryImport.registry_code)).all())
    statuses = []
    for registry in REGISTRIES:
        records, newest_record = counts.get(registry, (0, None))
        when = refreshed.get(registry) or (newest_record if records else None)
        age = max((now - when).days, 0) if when else None
        statuses.append(ExtractStatus(registry, records, when, age, stale_after_days(config, registry)))
    return statuses


def recent_imports(limit: int = RECENT_IMPORTS) -> list[RegistryImport]:
    """The newest imports first, with the admin who started each (one query)."""
    return db.session.scalars(
        select(RegistryImport).options(joinedload(RegistryImport.started_by))
        .order_by(RegistryImport.id.desc()).limit(limit)).all()


@dataclass
class Lookup:
    """A looked-up identifier: the stored records (labelled rows) and the accounts claiming it."""

    registry: str
    identifier: str
    council: str | None
    records: list[dict] = field(default_factory=list)
    claims: list = field(default_factory=list)

    @property
    def record_rows(self) -> list[list[tuple[str, str]]]:
        return [record_rows(record) for record in self.records]


def council_code(raw: str | None) -> str | None:
    """'MH', 'mh' or 'IN-MH' -> 'MH'; empty -> None (any council). ValidationFailed otherwise."""
    code = (raw or "").strip().upper().removeprefix("IN-")
    if not code:
        return None
    if code not in jurisdictions.INDIA_COUNCILS:
        raise ValidationFailed(f"{raw.strip()!r} is not a council code; use one such as MH or DL, or "
                               "leave it empty to look in every council.", field="council")
    return code


def lookup_record(registry: str, raw_identifier: str, raw_council: str | None = None) -> Lookup:
    """What `flask registry lookup` prints, plus the accounts that declared this identifier.

    The identifier is checked and normalised as at registration (forum.registry.identifiers);
    for NMC the council narrows the search, else every council's records are listed.
    Raises ValidationFailed naming the field (registry, identifier, council)."""
    from forum.auth.models import User

    if registry not in REGISTRIES:
        raise ValidationFailed("Choose the NPI, GMC or NMC register.", field="registry")
    try:
        identifier = identifiers.normalize(registry, raw_identifier)
    except identifiers.InvalidIdentifier as exc:
        raise ValidationFailed(str(exc), field="identifier") from None
    council = council_code(raw_council) if registry == "nmc" else ""
    records = find_records(registry, identifier, council)
    claims = select(User).where(User.registry_code == registry, User.registry_identifier == identifier)
    if registry == "nmc" and council:
        claims = claims.where(User.jurisdiction == f"IN-{council}")
    return Lookup(registry, identifier, council, records, db.session.scalars(claims.order_by(User.id)).all())

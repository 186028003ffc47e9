"""Import of the documented GMC and NMC CSV layouts, validating each row and upserting."""
import csv
import time
from datetime import date

from forum.registry import identifiers, jurisdictions, statuses
from forum.registry.record_writer import (
    ImportFailed, ImportSummary, RecordWriter, finish_import, start_import,
)
from forum.registry.sources import open_lines, text_problem

COLUMNS = {
    "gmc": ("gmc_ref", "surname", "given_names", "status"),
    "nmc": ("council", "registration_no", "year", "first_name", "middle_name", "last_name",
            "father_name", "qualification", "removed"),
}
OPTIONAL = {"gmc": (), "nmc": ("year", "middle_name", "father_name", "removed")}
EARLIEST_YEAR = 1850


class BadRow(ValueError):
    """The row breaks the documented format; the message says how."""


def header_key(name: str) -> str:
    """'GMC Ref' and 'gmc_ref' name the same column."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def locate_columns(registry: str, header: list[str], column_map: dict | None) -> dict[str, int]:
    """Documented column -> position in this file, after applying the admin's column map."""
    unknown = set(column_map or {}) - set(COLUMNS[registry])
    if unknown:
        raise ImportFailed(f"Unknown column(s) in the column map: {', '.join(sorted(unknown))}. "
                           f"The {registry.upper()} columns are {', '.join(COLUMNS[registry])}.")
    positions = {header_key(name): i for i, name in enumerate(header)}
    located, missing = {}, []
    for column in COLUMNS[registry]:
        wanted = header_key((column_map or {}).get(column, column))
        if wanted in positions:
            located[column] = positions[wanted]
        elif column not in OPTIONAL[registry]:
            missing.append(column)
    if missing:
        raise ImportFailed(f"Missing column(s) {', '.join(missing)}. Rename them in the file or map them, "
                           "e.g. --column gmc_ref='GMC Number'.")
    return located


def gmc_row(values: dict) -> dict:
    try:
        reference = identifiers.normalize_gmc(values["gmc_ref"])
    except identifiers.InvalidIdentifier as exc:
        raise BadRow(f"gmc_ref {values['gmc_ref']!r}: {exc}") from None
    if not values["surname"]:
        raise BadRow("surname is empty.")
    status = statuses.canonical_gmc_status(values["status"])
    if status is None:
        raise BadRow(f"status {values['status']!r} is not one of: {'; '.join(statuses.GMC_STATUSES)}.")
    return record_row(identifier=reference, family_name=values["surname"],
                      given_name=values["given_names"], status=status)


def council_code(value: str) -> str:
    """'MH', 'IN-MH' or 'Maharashtra Medical Council' -> 'MH'."""
    text = value.strip()
    code = text.upper().removeprefix("IN-")
    if code in jurisdictions.INDIA_COUNCILS:
        return code
    for known, name in jurisdictions.INDIA_COUNCILS.items():
        if name.lower() == text.lower():
            return known
    raise BadRow(f"council {value!r} is neither a council code (such as MH) nor a council's name.")


def nmc_row(values: dict) -> dict:
    council = council_code(values["council"])
    try:
        number = identifiers.normalize_nmc(values["registration_no"])
    except identifiers.InvalidIdentifier as exc:
        raise BadRow(f"registration_no {values['registration_no']!r}: {exc}") from None
    if not (values["first_name"] or values["last_name"]):
        raise BadRow("first_name and last_name are both empty.")
    removed = statuses.parse_flag(values.get("removed", ""))
    if removed is None:
        raise BadRow(f"removed {values['removed']!r} is not yes or no.")
    year = registration_year(values.get("year", ""))
    qualification = values["qualification"].upper()
    details = {"qualification": qualification, "removed": removed, "year": year,
               "father_name": values.get("father_name", "")}
    return record_row(council=council, identifier=number, family_name=values["last_name"],
                      given_name=values["first_name"], middle_name=values.get("middle_name", ""),
                      credential=qualification, status="removed" if removed else "registered",
                      details={key: value for key, value in details.items() if value not in ("", None)})


def registration_year(text: str) -> int | None:
    if not text:
        return None
    if not (identifiers.is_ascii_digits(text) and EARLIEST_YEAR <= int(text) <= date.today().year):
        raise BadRow(f"year {text!r} is not a year of registration.")
    return int(text)


def record_row(**values) -> dict:
    row = {"council": "", "family_name": "", "given_name": "", "middle_name": "", "other_family_name": "",
           "other_given_name": "", "credential": "", "status": "", "deactivated_on": None,
           "reactivated_on": None, "taxonomies": [], "details": {}}
    row.update(values)
    return row


ROW_BUILDERS = {"gmc": gmc_row, "nmc": nmc_row}


def import_registry_csv(registry: str, source, *, column_map=None, progress=None, checkpoint=None,
                        encoding: str = "utf-8", started_by=None, notes=None) -> ImportSummary:
    """Import a GMC or NMC CSV (path or stream) written in `encoding`. Bad rows are reported by
    line and skipped; good rows are upserted, so re-importing a corrected file is safe. A
    repeated key keeps its first row. Records a RegistryImport row; `checkpoint()` runs after
    each written batch. Raises ImportFailed for an unknown registry, missing columns, a line
    the encoding cannot decode or csv cannot read, or a damaged zip (batches written before it
    stay). `started_by`: the admin who uploaded the file (logged and audited as the actor), `notes`
    their note on it.
    """
    if registry not in ROW_BUILDERS:
        raise ImportFailed(f"CSV imports exist for gmc and nmc, not {registry!r}.")
    started = time.perf_counter()
    with open_lines(source, encoding=encoding) as (lines, name):
        reader = csv.reader(line.lstrip("\ufeff") if i == 0 else line for i, line in enumerate(lines))
        header = next(reader, None)
        if not header:
            raise ImportFailed("The file is empty: it should start with a header row.")
        located = locate_columns(registry, header, column_map)
        log, summary = start_import(registry, name, started_by, notes), ImportSummary(registry, name)
        writer = RecordWriter(registry, summary, on_batch=checkpoint)
        try:
            read_rows(reader, registry, located, summary, writer, progress)
        except csv.Error as exc:
            raise ImportFailed(f"{name}, line {reader.line_num}: not readable as CSV ({exc}). The import "
                               "stopped there; run it again once the file is corrected.") from None
        writer.flush()
    return finish_import(log, summary, started)


def read_rows(reader, registry, located, summary, writer, progress) -> None:
    build, seen = ROW_BUILDERS[registry], {}
    for fields in reader:
        if not any(field.strip() for field in fields):
            continue
        summary.rows_read += 1
        line = reader.line_num
        try:
            if len(fields) < max(located.values()) + 1:
                raise BadRow(f"only {len(fields)} columns.")
            problem = next(filter(None, map(text_problem, fields)), None)
            if problem:
                raise BadRow(problem)
            row = build({column: fields[i].strip() for column, i in located.items()})
        except BadRow as exc:
            summary.reject(line, str(exc))
            continue
        key = (row["council"], row["identifier"])
        if key in seen:
            summary.reject(line, f"{row['identifier']} repeats line {seen[key]}; the first was kept.")
            continue
        seen[key] = line
        summary.rows_kept += 1
        writer.add(row)
        if progress is not None and summary.rows_read % 10_000 == 0:
            progress(summary)

"""Streaming import of the NPPES data dissemination file: physicians and deactivated NPIs only."""
import csv
import re
import time
from datetime import date

from forum.registry import identifiers
from forum.registry.record_writer import (
    ImportFailed, ImportSummary, RecordWriter, finish_import, start_import,
)
from forum.registry.sources import decode_line, open_lines, text_problem

REQUIRED = ("NPI", "Entity Type Code", "Provider Last Name (Legal Name)", "Provider First Name",
            "NPI Deactivation Date", "Healthcare Provider Taxonomy Code_1")
NAME_COLUMNS = {
    "family_name": "Provider Last Name (Legal Name)", "given_name": "Provider First Name",
    "middle_name": "Provider Middle Name", "other_family_name": "Provider Other Last Name",
    "other_given_name": "Provider Other First Name", "credential": "Provider Credential Text",
}
DETAIL_COLUMNS = {
    "entity_type": "Entity Type Code", "replacement_npi": "Replacement NPI",
    "name_prefix": "Provider Name Prefix Text", "name_suffix": "Provider Name Suffix Text",
    "other_last_name_type": "Provider Other Last Name Type Code",
    "practice_city": "Provider Business Practice Location Address City Name",
    "practice_state": "Provider Business Practice Location Address State Name",
    "practice_postal_code": "Provider Business Practice Location Address Postal Code",
    "enumeration_date": "Provider Enumeration Date", "last_update_date": "Last Update Date",
}
DATE_DETAILS = frozenset({"enumeration_date", "last_update_date"})
TAXONOMY_SLOTS = 15
PHYSICIAN_CODE = re.compile(r"20[0-9A-Z]{7}X")
# The pre-filter's test for a physician code anywhere in a raw row, quotes included.
QUOTED_PHYSICIAN_CODE = re.compile(rb'"20[0-9A-Z]{7}X"')
RESIDENT = "390200000X"
QUOTED_RESIDENT = b'"390200000X"'
PROGRESS_EVERY = 100_000


class BadRow(ValueError):
    """One row cannot be read; the message says why and the import goes on."""


def clean(value: str) -> str:
    """NPPES masks withheld licence and identifier values as $$$$$$$$$, ******** or _________.

    Values are otherwise kept as written (NPPES does not pad them), which keeps the full parse
    and the raw-row pre-filter in exact agreement about taxonomy codes."""
    return "" if value and value[0] in "$*_" and not value.strip("$*_") else value


def may_hold_physician(row: bytes) -> bool:
    """Cheap test on a raw, fully quoted row: can any value be a physician or resident code?"""
    if QUOTED_RESIDENT in row:
        return True
    return b'"20' in row and QUOTED_PHYSICIAN_CODE.search(row) is not None


def is_physician_code(code: str) -> bool:
    """NUCC 'Allopathic & Osteopathic Physicians' codes start with 20 (202C00000X..209800000X)."""
    return PHYSICIAN_CODE.fullmatch(code) is not None


def parse_date(value: str) -> date | None:
    """NPPES dates are MM/DD/YYYY; empty means no date."""
    if not value:
        return None
    if len(value) == 10 and value[2] == "/" and value[5] == "/":
        try:
            return date(int(value[6:]), int(value[:2]), int(value[3:5]))
        except ValueError:
            pass
    raise BadRow(f"{value!r} is not a date in the form MM/DD/YYYY.")


class Layout:
    """Where the columns we need sit in this file: matched by header name, never by position."""

    def __init__(self, header: list[str]):
        index = {name.strip(): position for position, name in enumerate(header)}
        missing = [name for name in REQUIRED if name not in index]
        if missing:
            raise ImportFailed(f"This is not an NPPES data file: missing column(s) {', '.join(missing)}.")
        self.width = len(header)
        self.npi, self.entity = index["NPI"], index["Entity Type Code"]
        self.deactivated = index["NPI Deactivation Date"]
        self.reactivated = index.get("NPI Reactivation Date")
        self.names = [(key, index[column]) for key, column in NAME_COLUMNS.items() if column in index]
        self.blank_names = dict.fromkeys(NAME_COLUMNS, "")  # for columns an older layout lacks
        self.details = [(key, index[column], key in DATE_DETAILS)
                        for key, column in DETAIL_COLUMNS.items() if column in index]
        self.slots = [
            (index[f"Healthcare Provider Taxonomy Code_{i}"], index.get(f"Provider License Number_{i}"),
             index.get(f"Provider License Number State Code_{i}"),
             index.get(f"Healthcare Provider Primary Taxonomy Switch_{i}"))
            for i in range(1, TAXONOMY_SLOTS + 1) if f"Healthcare Provider Taxonomy Code_{i}" in index]
        # The fast path splits only as far as the columns it reads: first for the pre-filter,
        # then (rows that pass) up to the last column a record needs, not the ~200 after it.
        self.head_cut = self.entity + 1
        needed = [self.npi, self.entity, self.deactivated, self.reactivated or 0,
                  *(i for _, i in self.names), *(i for _, i, _ in self.details),
                  *(i for slot in self.slots for i in slot if i is not None)]
        self.field_cut = max(needed) + 1
        self.quotes = 2 * self.width

    def record(self, fields: list[str]) -> tuple[dict | None, str | None]:
        """(row for the writer, None) for a kept row, or (None, skip reason). Raises BadRow.

        Kept: individuals (entity type 1) with a physician or resident taxonomy, whatever their
        dates, and deactivated NPIs (NPPES blanks the entity type of those rows). The entity and
        taxonomy tests come first, exactly as the raw-row pre-filter makes them."""
        entity, taxonomies = fields[self.entity], self.taxonomies(fields)
        if entity == "2":
            return None, "organisation"
        if entity == "1" and not any(is_physician_code(t["code"]) or t["code"] == RESIDENT for t in taxonomies):
            return None, "not_physician"
        if entity not in ("1", ""):
            raise BadRow(f"Entity Type Code {entity!r} is neither 1 nor 2.")
        npi = fields[self.npi].strip()
        if len(npi) != 10 or not identifiers.is_ascii_digits(npi):
            raise BadRow(f"NPI {npi!r} is not 10 digits.")
        deactivated = parse_date(fields[self.deactivated].strip())
        reactivated = parse_date(fields[self.reactivated].strip()) if self.reactivated is not None else None
        if entity == "" and deactivated is None:
            return None, "no_entity_type"
        inactive = deactivated is not None and (reactivated is None or reactivated < deactivated)
        row = dict(self.blank_names)
        row.update({key: fields[i] for key, i in self.names})
        row.update(council="", identifier=npi, status="deactivated" if inactive else "active",
                   deactivated_on=deactivated, reactivated_on=reactivated, taxonomies=taxonomies,
                   details=self.detail_values(fields))
        return row, None

    def taxonomies(self, fields: list[str]) -> list[dict]:
        """The filled taxonomy slots; masks are cleaned only where NPPES puts them (licences)."""
        slots = []
        for code_at, licence_at, state_at, switch_at in self.slots:
            code = fields[code_at]
            if code:
                slots.append({
                    "code": code, "license": clean(fields[licence_at]) if licence_at is not None else "",
                    "state": fields[state_at] if state_at is not None else "",
                    "primary": switch_at is not None and fields[switch_at] == "Y"})
        return slots

    def detail_values(self, fields: list[str]) -> dict:
        """Informational columns; MM/DD/YYYY dates rewritten as YYYY-MM-DD, other text as is."""
        details = {}
        for key, position, is_date in self.details:
            value = fields[position]
            if value:
                if is_date and len(value) == 10 and value[2] == "/" and value[5] == "/":
                    value = f"{value[6:]}-{value[:2]}-{value[3:5]}"
                details[key] = value
        return details


def import_nppes(source, *, progress=None, checkpoint=None, batch_size=2000, encoding="utf-8",
                 started_by=None, notes=None) -> ImportSummary:
    """Import an NPPES file (path to .csv or .zip, or an open stream) in constant memory.

    Keeps individuals with a physician taxonomy (any code starting 20, and 390200000X residents
    for an admin to judge) and every deactivated NPI (the rows NPPES strips to the NPI and the
    deactivation date); upserts them, so re-importing is
    idempotent. Records a RegistryImport row. `progress(summary)` is called every
    100,000 rows; `checkpoint()` after each written batch (the CLI commits there). Without a
    checkpoint nothing is committed: the caller owns the transaction.
    Raises ImportFailed when the file is not an NPPES data file, or when a row it keeps is not
    text in `encoding` (NPPES publishes UTF-8; batches written before that row stay).
    `started_by`: the admin who uploaded the file (logged and audited as the actor), `notes`
    their note on it.
    """
    started = time.perf_counter()
    with open_lines(source, binary=True, encoding=encoding) as (lines, name):
        header, newline = read_header(lines, encoding)
        layout = Layout(header)
        log = start_import("npi", name, started_by, notes)
        summary = ImportSummary("npi", name)
        writer = RecordWriter("npi", summary, batch_size=batch_size, on_batch=checkpoint)
        scan(lines, layout, summary, writer, progress, newline, encoding)
        writer.flush()
    finish_import(log, summary, started)
    if progress is not None:
        progress(summary)
    return summary


def read_header(lines, encoding: str = "utf-8") -> tuple[list[str], bytes]:
    """The column names, and the line ending the file uses (the fast path expects it)."""
    first = next(lines, b"")
    if not first.strip():
        raise ImportFailed("The file is empty: an NPPES data file starts with a header row.")
    ending = first[len(first.rstrip(b"\r\n")):] or b"\n"
    return next(csv.reader([decode_line(first, encoding, 1).lstrip("\ufeff")])), ending


def scan(lines, layout: Layout, summary: ImportSummary, writer: RecordWriter, progress, newline=b"\n",
         encoding: str = "utf-8") -> None:
    """The hot loop, on undecoded bytes (UTF-8 never hides a quote or comma inside a character).

    When a row has exactly 2 quotes per column and width - 1 '","' separators, every quote is a
    value's own, no value contains one, and split('","') is exactly what csv would produce,
    several times faster; other rows go through csv. Organisations, and individuals with no
    value shaped like a physician or resident taxonomy code, are skipped from the entity type
    alone (a split of the first columns); only the rows that pass are decoded (strictly: a byte
    the encoding cannot read stops the import, naming the line) and split further."""
    quotes, separators, ending = layout.quotes, layout.width - 1, b'"' + newline
    trim, cut, field_cut, entity_at = -len(ending), layout.head_cut, layout.field_cut, layout.entity
    # The row is split with its opening quote, which only the first column carries.
    organisation, individual = (b'"2', b'"1') if entity_at == 0 else (b"2", b"1")
    skipped, line_number, read = summary.skipped, 1, 0
    for line in lines:
        line_number += 1
        count = line.count(b'"')
        if count & 1:  # a quoted value runs over a line break: read on until the quotes close
            line, count, extra = complete_record(line, count, lines)
            line_number += extra
        read += 1
        if read % PROGRESS_EVERY == 0 and progress is not None:
            summary.rows_read = read
            progress(summary)
        if count == quotes and line.startswith(b'"') and line.endswith(ending) and line.count(b'","') == separators:
            entity = line.split(b'","', cut)[entity_at]
            if entity == organisation:
                skipped["organisation"] += 1
            elif entity == individual and not may_hold_physician(line):
                skipped["not_physician"] += 1
            else:
                text = decode_line(line[1:trim], encoding, line_number)
                problem = text_problem(text)
                if problem:
                    summary.reject(line_number, problem)
                else:
                    keep(text.split('","', field_cut), layout, summary, writer, line_number)
        elif line.strip():  # quotes inside values, another line ending, no final newline: csv
            keep_parsed(decode_line(line, encoding, line_number).rstrip("\r\n"), layout, summary, writer,
                        line_number)
        else:
            read -= 1  # a blank line is not a row
    summary.rows_read = read


def keep_parsed(row: str, layout: Layout, summary: ImportSummary, writer: RecordWriter, line: int) -> None:
    problem = text_problem(row)
    if problem:
        summary.reject(line, problem)
        return
    try:
        fields = next(csv.reader([row]), [])
    except csv.Error as exc:
        raise ImportFailed(f"Line {line}: not readable as CSV ({exc}). The import stopped there; run it "
                           "again once the file is corrected.") from None
    if len(fields) != layout.width:
        summary.reject(line, f"expected {layout.width} columns, found {len(fields)}.")
        return
    keep(fields, layout, summary, writer, line)


def keep(fields: list[str], layout: Layout, summary: ImportSummary, writer: RecordWriter, line: int) -> None:
    """Judge one row whose needed columns are all present (`fields` may stop after them)."""
    try:
        record, reason = layout.record(fields)
    except BadRow as exc:
        summary.reject(line, str(exc))
        return
    if record is None:
        summary.skipped[reason] += 1
        return
    summary.rows_kept += 1
    writer.add(record)


def complete_record(line: bytes, count: int, lines) -> tuple[bytes, int, int]:
    parts, extra = [line], 0
    for more in lines:
        parts.append(more)
        extra += 1
        count += more.count(b'"')
        if not count & 1:
            break
    return b"".join(parts), count, extra

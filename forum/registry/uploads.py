"""Importing an extract an admin uploads on the Registry page: with the importers the CLI uses,
in the caller's one transaction (all or nothing), audited as the admin's action.

The upload is read as a stream (Werkzeug keeps a large one in an anonymous temporary file that
vanishes when closed); its content is never logged and never written anywhere else.
"""
from pathlib import PurePath

from forum.audit.services import record
from forum.errors import NotAllowed, TooLarge, ValidationFailed
from forum.extensions import db
from forum.registry.csv_import import COLUMNS, import_registry_csv
from forum.registry.models import RegistryImport
from forum.registry.nppes_import import import_nppes
from forum.registry.record_writer import ImportFailed, ImportSummary
from forum.security.permissions import is_admin
from forum.text import clean_text
from forum.timeutil import utcnow

KINDS = {
    "npi": "NPPES weekly update file (npidata_pfile_....csv)",
    "gmc": "GMC register CSV (gmc_ref, surname, given_names, status)",
    "nmc": "NMC council register CSV (council, registration_no, first_name, last_name, qualification, ...)",
}
ENCODINGS = {"utf-8": "UTF-8 (NPPES, most exports)", "cp1252": "Windows / Excel (cp1252)",
             "latin-1": "Latin-1 (ISO 8859-1)"}
NOTE_MAX = 2000
SNIFF_BYTES = 4096
# The importers' hints name command-line options; on the page the same choices are form fields.
WEB_WORDING = {
    "e.g. --encoding cp1252 for a Windows or Excel export":
        "e.g. Windows / Excel (cp1252) under Encoding for an Excel export",
    "e.g. --column gmc_ref='GMC Number'": "under Column names, e.g. gmc_ref=GMC Number",
}


class ImportRefused(ValidationFailed):
    """The importer read the file and refused it as a whole; the message says why."""

    def __init__(self, message):
        super().__init__(message, field="file")


class NamedStream:
    """An uploaded file's binary stream, iterated line by line, carrying the name to log."""

    def __init__(self, stream, name: str):
        self.stream, self.name = stream, name

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        line = self.stream.readline()
        if not line:
            raise StopIteration
        return line


def parse_column_map(text: str | None) -> dict:
    """'gmc_ref=GMC Number' per line (or separated by ';') -> {'gmc_ref': 'GMC Number'}.
    Raises ValidationFailed (field column_map) for a line not of that form."""
    mapping = {}
    for item in (clean_text(text or "").replace(";", "\n")).splitlines():
        if not item.strip():
            continue
        column, sep, header = item.partition("=")
        if not sep or not column.strip() or not header.strip():
            raise ValidationFailed(f"{item.strip()!r} is not of the form column=Header Name.", field="column_map")
        mapping[column.strip()] = header.strip()
    return mapping


def upload_name(filename: str | None) -> str:
    """The name to log: the file's own name without any folder, at most 255 characters."""
    name = PurePath((filename or "").replace("\\", "/")).name
    return clean_text(name).strip()[:255] or "upload.csv"


def check_upload(stream, filename: str, max_bytes: int) -> None:
    """Refuse what cannot be an extract before importing: another file type, a zip, an empty
    or binary file, one over the size cap. Raises ValidationFailed / TooLarge (field file)."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".zip":
        raise ValidationFailed("Upload the .csv inside the zip: unzip the weekly file first (the "
                               "npidata_pfile_....csv, not its _fileheader.csv).", field="file")
    if suffix != ".csv":
        raise ValidationFailed("Upload a .csv file: the registry extract as a comma-separated text file.",
                               field="file")
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if size > max_bytes:
        raise TooLarge(f"The file is {size / 1_048_576:.1f} MB; the page takes files up to "
                       f"{max_bytes // 1_048_576} MB. Import larger files (such as the monthly NPPES "
                       "file) from the command line.", field="file")
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head.strip():
        raise ValidationFailed("The file is empty: an extract starts with a header row.", field="file")
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise ValidationFailed("This is not a text CSV file (it holds binary data). Upload the "
                               "extract as a .csv file.", field="file")


def import_upload(actor, registry: str, stream, filename: str, *, max_bytes: int, encoding: str = "utf-8",
                  column_map: str | None = None, notes: str = "") -> ImportSummary:
    """Import an uploaded extract with the CLI's importer, without its per-batch commits: the
    records, the import's log row and its audit entry are all in the caller's transaction, so
    the caller's one commit saves them together and a refusal leaves nothing behind (the caller
    rolls back, then may call record_failed_import).

    Raises NotAllowed (not an admin), ValidationFailed (field registry, encoding, column_map,
    notes or file: wrong type, empty, binary, wrong header or missing columns, text the
    encoding cannot read, unreadable CSV), TooLarge (field file). Bad rows are skipped and
    listed in the summary, as on the command line. ImportRefused (a ValidationFailed) when the
    importer read the file and refused it. Audit: registry.import by `actor`."""
    if not is_admin(actor):
        raise NotAllowed("Only admins import registry extracts.")
    if registry not in KINDS:
        raise ValidationFailed("Choose which register the file comes from.", field="registry")
    if encoding not in ENCODINGS:
        raise ValidationFailed("Choose one of the listed encodings.", field="encoding")
    notes = clean_text(notes or "").strip()
    if len(notes) > NOTE_MAX:
        raise ValidationFailed(f"Keep the note under {NOTE_MAX} characters.", field="notes")
    mapping = parse_column_map(column_map) if registry != "npi" else {}
    unknown = sorted(set(mapping) - set(COLUMNS.get(registry, ())))
    if unknown:
        raise ValidationFailed(f"Unknown column(s): {', '.join(unknown)}. The {registry.upper()} columns "
                               f"are {', '.join(COLUMNS[registry])}.", field="column_map")
    name = upload_name(filename)
    check_upload(stream, name, max_bytes)
    source = NamedStream(stream, name)
    try:
        if registry == "npi":
            return import_nppes(source, encoding=encoding, started_by=actor, notes=notes)
        return import_registry_csv(registry, source, column_map=mapping, encoding=encoding,
                                   started_by=actor, notes=notes)
    except ImportFailed as exc:
        message = str(exc)
        for cli, web in WEB_WORDING.items():
            message = message.replace(cli, web)
        raise ImportRefused(message) from None


def record_failed_import(actor, registry: str, filename: str, problem: str, notes: str = "") -> RegistryImport:
    """After a refused upload was rolled back: log the attempt as an import that did not finish
    (nothing of the file was stored), with the problem in its notes. Audit:
    registry.import_failed by `actor`. Flushes, never commits."""
    name = upload_name(filename)
    note = clean_text(notes or "").strip()[:NOTE_MAX]
    log = RegistryImport(registry_code=registry, source_name=name,
                         started_at=utcnow(), origin="web", started_by=actor,
                         notes=f"Refused, nothing imported: {problem}" + (f"\n{note}" if note else ""),
                         summary={"registry": registry, "source": name, "refused": problem})
    db.session.add(log)
    db.session.flush()
    record(actor, "registry.import_failed", "registry_import", log.id, target_label=name, reason=note,
           details={"registry": registry, "problem": problem})
    return log

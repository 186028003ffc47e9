"""Opening an extract for streaming: a path to a .csv or a registry's .zip, or an open stream.

Text is decoded strictly: a byte the encoding cannot read stops the import with the line it is
on (a Windows or Excel export read as UTF-8 would otherwise store 'M\ufffdLLER' and fail every
name match against it). A file already holding U+FFFD lost characters before it reached us:
such rows are reported, not stored, and so are rows holding a NUL character, which PostgreSQL
cannot store in text and SQLite would store invisibly. A zip that cannot be read (an interrupted
download, damaged data) stops the import with one line naming the file.
"""
import codecs
import io
import os
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from forum.registry.record_writer import ImportFailed

READ_BUFFER = 1 << 20
ENCODING = "utf-8"
REPLACEMENT_CHARACTER = "\ufffd"
LOST_CHARACTERS = (f"contains U+FFFD ({REPLACEMENT_CHARACTER}), the mark of characters lost in an "
                   "earlier conversion of the file; correct the row from the registry's original.")
NUL = "\x00"
CONTAINS_NUL = ("contains a NUL character (byte 0x00), which no text column can hold; correct the row "
                "from the registry's original.")


def text_problem(text: str) -> str | None:
    """Why a row's decoded text must not be stored (lost characters, a NUL), or None."""
    if REPLACEMENT_CHARACTER in text:
        return LOST_CHARACTERS
    if NUL in text:
        return CONTAINS_NUL
    return None


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or ImportFailed: unknown, or not ASCII-compatible (UTF-16 and
    UTF-32 put zero bytes in every quote and comma, which the importers split on)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ImportFailed(f"Unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1.") from None
    try:
        ascii_compatible = b'"a",\r\n'.decode(name) == '"a",\r\n'
    except UnicodeDecodeError:
        ascii_compatible = False
    if not ascii_compatible:
        raise ImportFailed(f"The {encoding} encoding cannot be read line by line; save the file as UTF-8.")
    return name


def decode_line(raw: bytes, encoding: str, line: int) -> str:
    """`raw` decoded strictly; ImportFailed naming the line and the byte when it cannot be."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"Line {line} is not valid {encoding} text (byte 0x{raw[exc.start]:02X} at position "
            f"{exc.start + 1}). The import stopped there. Save the file as UTF-8, or name its "
            "encoding, e.g. --encoding cp1252 for a Windows or Excel export.") from None


@contextmanager
def open_lines(source, binary: bool = False, encoding: str = ENCODING):
    """(lines, name for the log) of a path to a .csv or a .zip holding one, or of a stream.

    Lines keep their line endings. With `binary` they are bytes (the NPPES importer decodes only
    the rows it keeps, with decode_line); otherwise text, each line decoded strictly in
    `encoding` (see check_encoding). A text stream is already decoded: `encoding` is not used.
    """
    encoding = check_encoding(encoding)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    member = data_member(archive)
                    with archive.open(member) as raw:
                        yield (raw if binary else _text(raw, encoding)), member
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                # Opening, or reading on while the importer streams (a damaged member fails
                # its decompression or its checksum part-way: batches written before stay).
                raise ImportFailed(f"{path.name} is not a readable zip archive (damaged or incomplete "
                                   f"download?): {exc}") from None
            return
        with open(path, "rb", buffering=READ_BUFFER) as handle:
            yield (handle if binary else _text(handle, encoding)), path.name
        return
    name = str(getattr(source, "name", "<stream>"))
    if isinstance(source, io.TextIOBase):
        yield ((line.encode(encoding) for line in source) if binary else source), name
    else:
        yield (source if binary else _text(source, encoding)), name


def _text(raw, encoding: str):
    """Lines of a binary stream decoded one by one, so an undecodable byte is named by its line.
    A line is what ends in a line feed (CRLF files keep their CR; csv reads both)."""
    for number, line in enumerate(raw, start=1):
        yield decode_line(line, encoding, number)


def data_member(archive: zipfile.ZipFile) -> str:
    """The data file inside a zip: for NPPES the npidata_pfile_*.csv, not its _fileheader.csv."""
    names = [n for n in archive.namelist() if n.lower().endswith(".csv") and "fileheader" not in n.lower()]
    preferred = [n for n in names if Path(n).name.lower().startswith("npidata_pfile")]
    if len(preferred) == 1 or len(names) == 1:
        return (preferred or names)[0]
    raise ImportFailed(f"Cannot tell which file in the zip is the data file: {', '.join(names) or 'none'}.")

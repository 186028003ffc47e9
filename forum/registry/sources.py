"""Opening an extract for streaming: a path to a .csv or a registry's .zip, or an open stream."""
import io
import os
import zipfile
from contextlib import contextmanager
from pathlib import Path

from forum.registry.record_writer import ImportFailed

READ_BUFFER = 1 << 20
ENCODING = "utf-8"


@contextmanager
def open_lines(source, binary: bool = False):
    """(lines, name for the log) of a path to a .csv or a .zip holding one, or of a stream.

    Lines keep their line endings. With `binary` they are bytes (the NPPES importer decodes only
    the rows it keeps); otherwise text decoded as UTF-8, undecodable bytes replaced.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                member = data_member(archive)
                with archive.open(member) as raw:
                    yield (raw if binary else _text(raw)), member
            return
        if binary:
            with open(path, "rb", buffering=READ_BUFFER) as handle:
                yield handle, path.name
            return
        with open(path, encoding=ENCODING, errors="replace", newline="", buffering=READ_BUFFER) as handle:
            yield handle, path.name
        return
    name = str(getattr(source, "name", "<stream>"))
    if isinstance(source, io.TextIOBase):
        yield ((line.encode(ENCODING) for line in source) if binary else source), name
    elif binary:
        yield source, name
    else:
        wrapper = _text(source)
        try:
            yield wrapper, name
        finally:
            wrapper.detach()  # leave the caller's stream open


def _text(raw) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding=ENCODING, errors="replace", newline="")


def data_member(archive: zipfile.ZipFile) -> str:
    """The data file inside a zip: for NPPES the npidata_pfile_*.csv, not its _fileheader.csv."""
    names = [n for n in archive.namelist() if n.lower().endswith(".csv") and "fileheader" not in n.lower()]
    preferred = [n for n in names if Path(n).name.lower().startswith("npidata_pfile")]
    if len(preferred) == 1 or len(names) == 1:
        return (preferred or names)[0]
    raise ImportFailed(f"Cannot tell which file in the zip is the data file: {', '.join(names) or 'none'}.")

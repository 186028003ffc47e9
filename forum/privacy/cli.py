"""`flask privacy check [FILE]`: run the patient-identifier screen on JSON lines or standard input.

Exit status: 0 when nothing is found, 1 when anything is, 2 when the input cannot be read.
"""
import json
import sys

import click
from flask.cli import AppGroup

from forum.privacy.services import screen

privacy_cli = AppGroup("privacy", help="Try the patient-identifier screen on your own material.")

FOUND, CLEAN, UNREADABLE = 1, 0, 2


class UnreadableInput(Exception):
    """The input cannot be screened; the message names the file or line."""


def _finding_dicts(text):
    return [{"kind": f.kind, "start": f.start, "end": f.end, "text": f.text} for f in screen(text)]


def _texts_from_file(path):
    """(line number, text) for each non-blank line of a JSON-lines file, all validated first."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as error:
        raise UnreadableInput(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"{path} is not UTF-8 text ({error.reason} at byte {error.start})") from error
    texts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise UnreadableInput(f"{path}, line {number}: invalid JSON ({error.msg})") from error
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise UnreadableInput(f'{path}, line {number}: expected an object with a string "text" field')
        texts.append((number, record["text"]))
    return texts


def _stdin_text():
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None:
        return sys.stdin.read()
    data = stream.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"standard input is not UTF-8 text ({error.reason} at byte {error.start})") from error


@privacy_cli.command("check")
@click.argument("file", required=False, type=click.Path())
def check_command(file):
    """Screen FILE (JSON lines, each with a "text" field) or, without FILE, standard input as one text.

    Prints one JSON line per input line ({"line": N, "findings": [...]}; blank lines are skipped
    but counted) or, for standard input, one line {"findings": [...]}. Offsets count Unicode code
    points of that text. The whole input is read and checked first, so unreadable input prints
    nothing but the error.
    """
    try:
        if file is None:
            results = [{"findings": _finding_dicts(_stdin_text())}]
        else:
            results = [{"line": number, "findings": _finding_dicts(text)}
                       for number, text in _texts_from_file(file)]
    except UnreadableInput as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(UNREADABLE)
    for result in results:
        click.echo(json.dumps(result))
    sys.exit(FOUND if any(result["findings"] for result in results) else CLEAN)

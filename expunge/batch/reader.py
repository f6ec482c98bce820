"""Streaming input: raw lines in chunks that never split a person, and line → column values.

One row is one physical line (a field cannot hold a line break), so a broken quote spoils
only its own line instead of swallowing the rest of the file. The main process only cuts
the file into chunks; the workers decode and parse the lines (``parse_csv_line`` /
``parse_json_line``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from expunge.batch.columns import RowError, resolve_header

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


@dataclass(frozen=True, slots=True)
class Layout:
    """How to read a line: the format and, for CSV, where each known column is."""

    fmt: str
    index: dict[str, int]
    width: int


def parse_csv_line(text: str, layout: Layout) -> dict[str, str]:
    if '"' in text:
        try:
            fields = next(csv.reader((text,), strict=True))
        except csv.Error as exc:
            problem = "a quote is not closed" if "end of data" in str(exc) else "bad quoting"
            raise RowError("broken quote", f"{problem} (a field cannot span lines)") from None
    else:
        fields = text.split(",")
    if len(fields) != layout.width:
        raise RowError(
            "wrong number of fields",
            f"has {len(fields)} fields, the header has {layout.width}",
        )
    return {name: fields[i].strip() for name, i in layout.index.items()}


def parse_json_line(text: str, layout: Layout) -> dict[str, str]:
    try:
        obj = json.loads(text)
    except ValueError:
        raise RowError("bad JSON", "not a JSON object on one line") from None
    if not isinstance(obj, dict):
        raise RowError("bad JSON", "not a JSON object on one line")
    out: dict[str, str] = {}
    for key, value in obj.items():
        if key not in layout.index:
            continue
        if value is None:
            out[key] = ""
        elif isinstance(value, bool):
            out[key] = "yes" if value else "no"
        elif isinstance(value, str | int):
            out[key] = str(value).strip()
        else:
            raise RowError("bad JSON", f"{key}: must be text, a whole number, true/false or null")
    return out


def parse_line(text: str, layout: Layout) -> dict[str, str]:
    if layout.fmt == "csv":
        return parse_csv_line(text, layout)
    return parse_json_line(text, layout)


def person_of(raw: bytes, layout: Layout) -> str | None:
    """The person id of a raw line, or None when the line cannot be read."""
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
        return parse_line(text, layout).get("person_id") or None
    except (UnicodeDecodeError, RowError):
        return None


class Source:
    """An input file opened for streaming. Raises RowError('header', ...) for a bad header."""

    def __init__(self, path: Path) -> None:
        fmt = file_format(path)
        if fmt is None:
            raise RowError("header", "the input must end in .csv, .jsonl or .ndjson")
        self.path = path
        self.size = path.stat().st_size
        self.fh: BinaryIO = path.open("rb")
        self.unknown: list[str] = []
        self.first_line = 1
        if fmt == "csv":
            head = self.fh.readline()
            self.first_line = 2
            try:
                text = head.decode("utf-8-sig").rstrip("\r\n")
                names = next(csv.reader((text,), strict=True)) if text.strip() else []
            except (UnicodeDecodeError, csv.Error):
                self.fh.close()
                raise RowError("header", "the first line (the header) cannot be read") from None
            if not names:
                self.fh.close()
                raise RowError("header", "the file is empty: the first line must be the header")
            try:
                index, self.unknown = resolve_header(names)
            except RowError:
                self.fh.close()
                raise
            self.layout = Layout("csv", index, len(names))
        else:
            from expunge.batch.columns import NAMES

            self.layout = Layout("jsonl", {n: i for i, n in enumerate(NAMES)}, len(NAMES))
        self.header_bytes = self.fh.tell()

    def close(self) -> None:
        self.fh.close()

    def chunks(self, rows: int) -> Iterator[tuple[int, bytes, int]]:
        """(first line number, the lines, their byte count), about ``rows`` lines each.

        A chunk ends only where the person id changes, so a person is never split.
        """
        line_no = self.first_line
        buf: list[bytes] = []
        start = line_no
        last: str | None = None  # the person of the chunk's last readable line, once full
        full = False
        first = self.first_line == 1
        for raw in self.fh:
            if first:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a JSONL file saved with a BOM
                first = False
            if len(buf) >= rows:
                if not full:
                    last, full = self._last_person(buf), True
                pid = person_of(raw, self.layout)
                # unreadable lines stay with the chunk, but not without end
                if (pid is not None and pid != last) or len(buf) >= 4 * rows:
                    yield start, b"".join(buf), sum(map(len, buf))
                    buf, start, full = [], line_no, False
            if not raw.endswith(b"\n"):
                raw += b"\n"
            buf.append(raw)
            line_no += 1
        if buf:
            yield start, b"".join(buf), sum(map(len, buf))

    def _last_person(self, buf: list[bytes]) -> str | None:
        for raw in reversed(buf):
            pid = person_of(raw, self.layout)
            if pid is not None:
                return pid
        return None

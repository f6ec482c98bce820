"""Export and import of a record as the JSON that ``expunge check`` reads."""

from __future__ import annotations

from pathlib import Path

from expunge.record import Record, describe_errors, load_record_json
from expunge.store.location import write_private


class RecordFileError(Exception):
    """A record file that cannot be read; ``lines`` say what is wrong (never the values)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


def record_json(record: Record) -> str:
    """The record as JSON (unknown facts written as null, so the file shows what to ask)."""
    return record.model_dump_json(by_alias=True, indent=2) + "\n"


def export_record(record: Record, path: Path) -> Path:
    """Write the record JSON to ``path`` (owner-only)."""
    return write_private(path, record_json(record).encode("utf-8"))


def import_record(path: Path) -> Record:
    """Read a record JSON file; raises ``RecordFileError`` with readable lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordFileError(["no file at that path"]) from None
    except IsADirectoryError:
        raise RecordFileError(["that path is a folder, not a file"]) from None
    except UnicodeDecodeError:
        raise RecordFileError(["the file is not UTF-8 text"]) from None
    except OSError as exc:
        raise RecordFileError([f"cannot read the file: {exc.strerror}"]) from None
    try:
        return load_record_json(text)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        return _raise_invalid(exc)


def _raise_invalid(exc: Exception) -> Record:
    lines = describe_errors(exc)
    raise RecordFileError(["the file is not a valid expunge record:", *lines[:8]]) from None

"""What every command line needs: an as-of date argument and a record file read with clear
errors. Shared by the main CLI and the feature plugins (petition, batch)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from expunge.dates import DateInputError, parse_partial
from expunge.record import Record


def as_of_date(text: str) -> date:
    """argparse type for --as-of: a full calendar date, with a clear message otherwise."""
    try:
        span = parse_partial(text)
    except DateInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not span.is_exact:
        raise argparse.ArgumentTypeError(f"'{text}': the as-of date must be a full date")
    return span.lo


def err(msg: str) -> None:
    print(f"expunge: {msg}", file=sys.stderr)


def read_record(path: Path) -> Record | None:
    """The record in ``path``, or None after printing what is wrong (never its values)."""
    from pydantic import ValidationError

    from expunge.record import describe_errors, load_record_json

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        err(f"cannot read the record file: {exc.strerror}")
        return None
    except UnicodeDecodeError:
        err("the record file is not UTF-8 text")
        return None
    try:
        return load_record_json(text)
    except ValidationError as exc:
        err("the record file is not valid:")
        for line in describe_errors(exc):
            print(f"  {line}", file=sys.stderr)
        return None

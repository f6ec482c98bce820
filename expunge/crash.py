"""Crash reports that carry no personal data.

An unexpected error must not print or save what the user typed: exception messages often
quote input (a name, a docket number). A report keeps only the exception type and the code
locations (file, line, function) of the traceback, and is written owner-only.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from expunge import __version__


def scrubbed_report(exc: BaseException) -> str:
    """Exception type and code locations only: never the message, never local values."""
    lines = [f"expunge {__version__} crash report", f"error type: {type(exc).__name__}", ""]
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def write_report(exc: BaseException, folder: Path) -> Path | None:
    """Save the scrubbed report under ``folder`` (0700) as a 0600 file; None if impossible."""
    try:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for part in reversed(missing):  # each folder we create is owner-only, not just the last
            part.mkdir(mode=0o700)
        name = f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S')}.txt"
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(scrubbed_report(exc))
        return path
    except OSError:
        return None


def crash_dir() -> Path:
    override = os.environ.get("EXPUNGE_DATA_DIR")
    if override:
        return Path(override) / "crash-reports"
    from platformdirs import user_data_dir

    return Path(user_data_dir("expunge", appauthor=False)) / "crash-reports"

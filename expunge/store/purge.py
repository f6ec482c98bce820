"""Remove everything expunge keeps: the database (with its journal files, which hold the
settings too), the exports and crash-report folders, and files it wrote elsewhere.

Where the app writes (keep this list in step with the code):
- ``<data dir>/intakes.sqlite3`` and its ``-journal`` / ``-wal`` / ``-shm`` files (store.db);
- ``<data dir>/exports/``: plans, calendars, record JSON, petitions (tui plan/petition steps);
- ``<data dir>/crash-reports/`` (expunge.crash);
- ``.tmp-*`` files next to any of these while a file is being written (atomic writes);
- an export folder the user chose for an intake (kept in that intake's notes): there only
  the files expunge names itself are removed (``plan-…``, ``reminders-…``, ``record-…``,
  ``petition-…``, ``.tmp-…``), never anything else.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from expunge.store.db import DB_NAME

DB_FILES = (DB_NAME, f"{DB_NAME}-journal", f"{DB_NAME}-wal", f"{DB_NAME}-shm")
FOLDERS = ("exports", "crash-reports")
# names expunge gives the files it writes (no personal data in any of them)
_OWN_FILE = re.compile(
    r"^(plan-[0-9a-f]{8}-[\w-]+\.pdf|reminders-[0-9a-f]{8}-[\w-]+\.ics"
    r"|record-[0-9a-f]{8}-[\w-]+\.json|petition-[a-z]{2}(-\d+)?(-print)?\.pdf|\.tmp-.*)$"
)


@dataclass
class PurgePlan:
    """What ``purge`` would remove: whole files and folders, and files in chosen folders."""

    data_dir: Path
    paths: list[Path] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.paths


def plan_purge(data_dir: Path, chosen_folders: list[Path] | None = None) -> PurgePlan:
    plan = PurgePlan(data_dir)
    for name in (*DB_FILES, *FOLDERS):
        if (data_dir / name).exists():
            plan.paths.append(data_dir / name)
    if data_dir.is_dir():
        plan.paths += sorted(p for p in data_dir.glob(".tmp-*") if p.is_file())
    for folder in chosen_folders or []:
        if not folder.is_dir() or folder == data_dir / "exports":
            continue
        plan.paths += sorted(p for p in folder.iterdir() if p.is_file() and _OWN_FILE.match(p.name))
    return plan


def _shred(path: Path) -> None:
    """Overwrite a file with zeros before unlinking it (best effort: SSDs and copy-on-write
    file systems may keep old blocks; the database already overwrites deleted intakes)."""
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    path.unlink()


def purge(plan: PurgePlan) -> list[Path]:
    """Remove what ``plan`` lists (and the data folder itself when it is then empty)."""
    removed = []
    for path in plan.paths:
        try:
            if path.is_dir() and not path.is_symlink():
                for inner in path.rglob("*"):
                    if inner.is_file() and not inner.is_symlink():
                        _shred(inner)
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                _shred(path) if path.is_file() and not path.is_symlink() else path.unlink()
            else:
                continue
        except FileNotFoundError:
            continue
        removed.append(path)
    with contextlib.suppress(OSError):
        plan.data_dir.rmdir()  # only when empty: other files there are not ours
        removed.append(plan.data_dir)
    return removed

"""Where saved intakes and exported files live, and how private files are written.

The data folder is ``platformdirs.user_data_dir("expunge")`` unless the environment variable
``EXPUNGE_DATA_DIR`` names another (tests and trial runs use it). Folders are created
owner-only (0700) and files written owner-only (0600): juvenile records are confidential.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

DATA_DIR_ENV = "EXPUNGE_DATA_DIR"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make it owner-only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def data_dir_path() -> Path:
    """Where the data folder is (nothing is created)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("expunge", appauthor=False))


def data_dir() -> Path:
    """The folder holding the intake database (created owner-only on first use)."""
    return private_dir(data_dir_path())


def exports_dir() -> Path:
    """The default folder for plans, calendars and exported records."""
    return private_dir(data_dir() / "exports")


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, readable and writable by the owner only.

    The folder is created owner-only when it does not exist yet; an existing folder the
    user chose keeps its permissions.
    """
    folder = path.parent
    if not folder.exists():
        private_dir(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=path.suffix)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path

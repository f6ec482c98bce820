"""The intake database: SQLite, one row per intake holding the record JSON.

Writes run in transactions (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a crash leaves either
the old intake or the new one, never half of each. The file is created owner-only before
SQLite opens it; SQLite gives its journal the same permissions.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expunge.store.location import data_dir, private_dir

if TYPE_CHECKING:
    from expunge.record import Record

SCHEMA_VERSION = 1
DB_NAME = "intakes.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS intakes (
    id           TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    search_text  TEXT NOT NULL,
    case_count   INTEGER NOT NULL,
    states       TEXT NOT NULL,
    record_json  TEXT NOT NULL,
    meta_json    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    opened_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS intakes_updated ON intakes (updated_at);
"""


class StoreError(Exception):
    """The database cannot be used, or a saved intake cannot be read (message is safe to show)."""


@dataclass(frozen=True, slots=True)
class IntakeInfo:
    """One line of the list of saved intakes."""

    id: str
    display_name: str
    case_count: int
    states: str
    created_at: datetime
    updated_at: datetime
    opened_at: datetime


@dataclass(slots=True)
class StoredIntake:
    """A saved intake: the record and the screen's own notes (chosen states, drafts...)."""

    id: str
    record: Record
    meta: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def display_name(record: Record) -> str:
    name = (record.person.name or "").strip()
    return name or "(no name yet)"


def _search_text(record: Record) -> str:
    names = [record.person.name or "", *record.person.aliases]
    return " ".join(n.strip() for n in names if n).casefold()


def _states(record: Record) -> str:
    return ", ".join(sorted({c.state for c in record.cases}))


class Store:
    """Saved intakes. ``Store()`` opens (and on first use creates) the default database."""

    def __init__(
        self, path: Path | None = None, *, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self.path = path or data_dir() / DB_NAME
        self._clock = clock
        if not self.path.parent.exists():
            private_dir(self.path.parent)
        if not self.path.exists():
            # create the file owner-only before SQLite does (SQLite would use the umask)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
            # deleted intakes are overwritten on disk, not just unlinked from the b-tree
            self._db.execute("PRAGMA secure_delete = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the intake database cannot be opened: {exc}") from None

    # --- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._write() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] > SCHEMA_VERSION:
                raise StoreError(
                    f"the intake database was written by a newer expunge (schema {row[0]});"
                    " update expunge to open it"
                )

    def schema_version(self) -> int:
        return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])

    # --- the API ---------------------------------------------------------------------
    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def save(self, intake_id: str, record: Record, meta: dict[str, Any] | None = None) -> None:
        """Insert or replace an intake (its created and opened times are kept)."""
        now = self._clock().isoformat()
        record_text = record.model_dump_json(by_alias=True)
        meta_text = json.dumps(meta or {}, ensure_ascii=False, sort_keys=True)
        with self._write() as db:
            db.execute(
                """
                INSERT INTO intakes (id, display_name, search_text, case_count, states,
                                     record_json, meta_json, created_at, updated_at, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    display_name = excluded.display_name,
                    search_text = excluded.search_text,
                    case_count = excluded.case_count,
                    states = excluded.states,
                    record_json = excluded.record_json,
                    meta_json = excluded.meta_json,
                    updated_at = excluded.updated_at
                """,
                (
                    intake_id,
                    display_name(record),
                    _search_text(record),
                    len(record.cases),
                    _states(record),
                    record_text,
                    meta_text,
                    now,
                    now,
                    now,
                ),
            )

    def load(self, intake_id: str) -> StoredIntake:
        """The saved intake; ``KeyError`` when there is none with that id."""
        from pydantic import ValidationError

        from expunge.record import Record, describe_errors

        row = self._db.execute(
            "SELECT record_json, meta_json, created_at, updated_at FROM intakes WHERE id = ?",
            (intake_id,),
        ).fetchone()
        if row is None:
            raise KeyError(intake_id)
        try:
            record = Record.model_validate_json(row[0])
        except ValidationError as exc:
            detail = "; ".join(describe_errors(exc)[:3])
            raise StoreError(f"the saved intake cannot be read: {detail}") from None
        try:
            meta = json.loads(row[1])
        except json.JSONDecodeError:
            meta = {}
        return StoredIntake(
            intake_id,
            record,
            meta if isinstance(meta, dict) else {},
            datetime.fromisoformat(row[2]),
            datetime.fromisoformat(row[3]),
        )

    def mark_opened(self, intake_id: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE intakes SET opened_at = ? WHERE id = ?",
                (self._clock().isoformat(), intake_id),
            )

    def list(self, search: str = "") -> list[IntakeInfo]:
        """Saved intakes, newest (last changed) first; ``search`` matches names and aliases."""
        sql = (
            "SELECT id, display_name, case_count, states, created_at, updated_at, opened_at"
            " FROM intakes"
        )
        params: tuple[str, ...] = ()
        words = search.casefold().split()
        if words:
            sql += " WHERE " + " AND ".join("instr(search_text, ?) > 0" for _ in words)
            params = tuple(words)
        sql += " ORDER BY updated_at DESC, rowid DESC"
        return [
            IntakeInfo(
                r[0],
                r[1],
                r[2],
                r[3],
                datetime.fromisoformat(r[4]),
                datetime.fromisoformat(r[5]),
                datetime.fromisoformat(r[6]),
            )
            for r in self._db.execute(sql, params)
        ]

    def delete(self, intake_id: str) -> bool:
        """Remove an intake; True when there was one to remove."""
        with self._write() as db:
            cur = db.execute("DELETE FROM intakes WHERE id = ?", (intake_id,))
            return cur.rowcount > 0

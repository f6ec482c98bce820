"""The intake database: SQLite, one row per intake holding the record JSON.

Writes run in transactions (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a crash leaves either
the old intake or the new one, never half of each. The file is created owner-only before
SQLite opens it; SQLite gives its journal the same permissions.

Opening an existing file first only reads it: a file that is not an intake database, lacks
a table, was made by a newer expunge, or is protected by a passphrase that was not given
(or was wrong) is refused with a clear message and left byte for byte as it was. Only then
is it migrated (older schema) and written.

With a passphrase, the personal columns (name, search text, record, screen notes) are
encrypted (``crypto.Cipher``: AES-256-GCM, scrypt key); times, case counts and state codes
stay in the clear so that the list and the retention rule work without the key.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from expunge.store.crypto import Cipher, DamagedValue, KeyParams
from expunge.store.errors import (
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreTooNew,
    WrongPassphrase,
)
from expunge.store.location import data_dir, private_dir

if TYPE_CHECKING:
    from expunge.record import Record

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "IntakeInfo",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreLocked",
    "StoreTooNew",
    "StoredIntake",
    "WrongPassphrase",
]

SCHEMA_VERSION = 2  # 2: the settings table (encryption key parameters, retention)
DB_NAME = "intakes.sqlite3"
# the columns that hold personal data: encrypted when the store has a passphrase
SECRET_COLUMNS = ("display_name", "search_text", "record_json", "meta_json")
UNREADABLE_NAME = "(damaged: cannot be read)"

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
CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
_INTAKE_COLUMNS = {
    "id",
    "display_name",
    "search_text",
    "case_count",
    "states",
    "record_json",
    "meta_json",
    "created_at",
    "updated_at",
    "opened_at",
}

StoreKind = Literal["absent", "plain", "encrypted"]


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


def _damaged(path: Path, detail: str) -> StoreDamaged:
    return StoreDamaged(
        f"{path} is damaged or is not an expunge intake database ({detail}). It was left"
        " exactly as it is. Move it aside (rename it) to start with an empty list, or put"
        " back a backup copy."
    )


def _too_new(path: Path, version: int) -> StoreTooNew:
    return StoreTooNew(
        f"{path} was made by a newer version of expunge (schema {version}; this version"
        f" knows up to {SCHEMA_VERSION}). It was not opened and nothing in it was changed:"
        " update expunge to open it."
    )


@dataclass(frozen=True, slots=True)
class _Inspection:
    version: int | None  # None: an empty database (no tables yet)
    params: KeyParams | None


def _params_from_json(text: str) -> KeyParams:
    salt, n, r, p, check = json.loads(text)
    return KeyParams(base64.b64decode(salt), int(n), int(r), int(p), str(check))


def _params_to_json(params: KeyParams) -> str:
    return json.dumps(list(params.to_row()))


def _inspect(path: Path) -> _Inspection:
    """Read (never write) what kind of database ``path`` is; refuse damaged or newer ones."""
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened: {exc}") from None
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return _Inspection(None, None)
        if "schema_version" not in tables:
            raise _damaged(path, "no schema_version table")
        row = db.execute("SELECT version FROM schema_version").fetchone()
        if row is None or not isinstance(row[0], int):
            raise _damaged(path, "no schema version")
        version = row[0]
        if version > SCHEMA_VERSION:
            raise _too_new(path, version)
        if "intakes" not in tables:
            raise _damaged(path, "the intakes table is missing")
        columns = {r[1] for r in db.execute("PRAGMA table_info(intakes)")}
        if not _INTAKE_COLUMNS.issubset(columns):
            raise _damaged(path, "the intakes table lacks columns")
        check = db.execute("PRAGMA quick_check(1)").fetchone()
        if check is None or check[0] != "ok":
            raise _damaged(path, "SQLite integrity check failed")
        params = None
        if version >= 2:
            if "settings" not in tables:
                raise _damaged(path, "the settings table is missing")
            kdf = db.execute("SELECT value FROM settings WHERE key = 'kdf'").fetchone()
            if kdf is not None:
                try:
                    params = _params_from_json(kdf[0])
                except (ValueError, TypeError) as exc:
                    raise _damaged(path, "the key parameters cannot be read") from exc
        return _Inspection(version, params)
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None
    finally:
        db.close()


class Store:
    """Saved intakes. ``Store()`` opens (and on first use creates) the default database.

    ``passphrase``: needed to open a protected store (``StoreLocked`` without it,
    ``WrongPassphrase`` when wrong; nothing is changed either way). For a store that does
    not exist yet, it creates a protected one. For an existing unprotected store it is
    ignored (``enable_encryption`` protects it).
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        passphrase: str | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.path = path or data_dir() / DB_NAME
        self._clock = clock
        self._cipher: Cipher | None = None
        found = _Inspection(None, None)
        if self.path.exists():
            found = _inspect(self.path)  # reads only: may refuse, changes nothing
            if found.params is not None:
                if not passphrase:
                    raise StoreLocked(
                        "the saved intakes are protected by a passphrase: enter it to open them"
                    )
                self._cipher = Cipher.open(passphrase, found.params)
        else:
            if not self.path.parent.exists():
                private_dir(self.path.parent)
            # create the file owner-only before SQLite does (SQLite would use the umask)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
            # deleted intakes are overwritten on disk, not just unlinked from the b-tree
            self._db.execute("PRAGMA secure_delete = ON")
            self._migrate(found.version)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} cannot be opened: {exc}") from None
        if found.version is None and passphrase:
            self.enable_encryption(passphrase)

    @staticmethod
    def probe(path: Path | None = None) -> StoreKind:
        """What is at ``path`` (default: the usual database), read without changing it:
        ``absent``, ``plain`` or ``encrypted``. Raises ``StoreDamaged`` / ``StoreTooNew``."""
        from expunge.store.location import data_dir_path

        path = path or data_dir_path() / DB_NAME
        if not path.exists():
            return "absent"
        found = _inspect(path)
        if found.version is None:
            return "absent"
        return "encrypted" if found.params is not None else "plain"

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
            self._db.execute("COMMIT")
        except BaseException:
            # also when COMMIT itself fails (disk full): the previous version stays, and the
            # connection is not left inside a half-done transaction
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _migrate(self, version: int | None) -> None:
        if version == SCHEMA_VERSION:
            return
        with self._write() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            if version is None:
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            else:  # 1 -> 2: the settings table was added above
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])

    # --- encryption ------------------------------------------------------------------
    @property
    def encrypted(self) -> bool:
        return self._cipher is not None

    def _seal(self, cipher: Cipher | None, intake_id: str, column: str, text: str) -> str:
        return cipher.encrypt(text, f"{intake_id}:{column}") if cipher else text

    def _unseal(self, cipher: Cipher | None, intake_id: str, column: str, value: str) -> str:
        if cipher is None:
            return value
        try:
            return cipher.decrypt(value, f"{intake_id}:{column}")
        except DamagedValue:
            raise StoreDamaged(
                f"a saved intake in {self.path} fails its integrity check (changed on disk?)."
                " It was left as it is; the other intakes still open. Put back a backup copy"
                " of the file to recover it."
            ) from None

    def _recrypt(self, old: Cipher | None, new: Cipher | None, params: KeyParams | None) -> None:
        """Every personal value from ``old`` to ``new`` keys, in one transaction."""
        cols = ", ".join(SECRET_COLUMNS)
        with self._write() as db:
            rows = db.execute(f"SELECT id, {cols} FROM intakes").fetchall()
            sets = ", ".join(f"{c} = ?" for c in SECRET_COLUMNS)
            for intake_id, *values in rows:
                plain = [
                    self._unseal(old, intake_id, c, v)
                    for c, v in zip(SECRET_COLUMNS, values, strict=True)
                ]
                sealed = [
                    self._seal(new, intake_id, c, v)
                    for c, v in zip(SECRET_COLUMNS, plain, strict=True)
                ]
                db.execute(f"UPDATE intakes SET {sets} WHERE id = ?", (*sealed, intake_id))
            if params is None:
                db.execute("DELETE FROM settings WHERE key = 'kdf'")
            else:
                db.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES ('kdf', ?)",
                    (_params_to_json(params),),
                )
        self._cipher = new

    def _current_params(self) -> KeyParams:
        row = self._db.execute("SELECT value FROM settings WHERE key = 'kdf'").fetchone()
        if row is None:
            raise StoreError("the saved intakes are not protected by a passphrase")
        return _params_from_json(row[0])

    def enable_encryption(self, passphrase: str) -> None:
        """Protect the store with ``passphrase``: every intake is re-encrypted, all or none."""
        if self._cipher is not None:
            raise StoreError("the saved intakes are already protected: change the passphrase")
        cipher, params = Cipher.create(passphrase)
        self._recrypt(None, cipher, params)

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-encrypt everything under ``new``; all or nothing (the old one works until then)."""
        old_cipher = Cipher.open(old, self._current_params())  # WrongPassphrase: no change
        new_cipher, params = Cipher.create(new)
        self._recrypt(old_cipher, new_cipher, params)

    def disable_encryption(self, passphrase: str) -> None:
        """Remove the protection: every intake is stored in the clear again, all or none."""
        old_cipher = Cipher.open(passphrase, self._current_params())
        self._recrypt(old_cipher, None, None)

    # --- settings --------------------------------------------------------------------
    @property
    def retention_days(self) -> int | None:
        """Delete intakes not opened for this many days (None: keep them until deleted)."""
        row = self._db.execute("SELECT value FROM settings WHERE key = 'retention_days'").fetchone()
        try:
            days = int(row[0]) if row else None
        except ValueError:
            return None
        return days if days and days > 0 else None

    def set_retention_days(self, days: int | None) -> None:
        if days is not None and days < 1:
            raise ValueError("the number of days must be 1 or more")
        with self._write() as db:
            if days is None:
                db.execute("DELETE FROM settings WHERE key = 'retention_days'")
            else:
                db.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES ('retention_days', ?)",
                    (str(days),),
                )

    def expired(self) -> list[str]:
        """Ids of intakes neither opened nor changed within the retention period."""
        days = self.retention_days
        if days is None:
            return []
        cutoff = self._clock() - timedelta(days=days)
        rows = self._db.execute("SELECT id, opened_at, updated_at FROM intakes").fetchall()
        return [
            r[0]
            for r in rows
            if max(datetime.fromisoformat(r[1]), datetime.fromisoformat(r[2])) < cutoff
        ]

    def apply_retention(self) -> int:
        """Delete (securely) the intakes past the retention period; how many were deleted."""
        ids = self.expired()
        if ids:
            with self._write() as db:
                db.executemany("DELETE FROM intakes WHERE id = ?", [(i,) for i in ids])
        return len(ids)

    # --- the API ---------------------------------------------------------------------
    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def save(self, intake_id: str, record: Record, meta: dict[str, Any] | None = None) -> None:
        """Insert or replace an intake (its created and opened times are kept)."""
        now = self._clock().isoformat()
        c = self._cipher
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
                    self._seal(c, intake_id, "display_name", display_name(record)),
                    self._seal(c, intake_id, "search_text", _search_text(record)),
                    len(record.cases),
                    _states(record),
                    self._seal(c, intake_id, "record_json", record_text),
                    self._seal(c, intake_id, "meta_json", meta_text),
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
        record_text = self._unseal(self._cipher, intake_id, "record_json", row[0])
        meta_text = self._unseal(self._cipher, intake_id, "meta_json", row[1])
        try:
            record = Record.model_validate_json(record_text)
        except ValidationError as exc:
            detail = "; ".join(describe_errors(exc)[:3])
            raise StoreError(
                f"the saved intake cannot be read: {detail}. It was left as it is in {self.path}."
            ) from None
        try:
            meta = json.loads(meta_text)
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
        if self._cipher is not None:
            return self._list_encrypted(search)
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
        return [_info(r) for r in self._db.execute(sql, params)]

    def _list_encrypted(self, search: str) -> list[IntakeInfo]:
        # names are decrypted in memory to search them: nothing is written
        words = search.casefold().split()
        out = []
        for r in self._db.execute(
            "SELECT id, display_name, case_count, states, created_at, updated_at, opened_at,"
            " search_text FROM intakes ORDER BY updated_at DESC, rowid DESC"
        ):
            try:
                name = self._unseal(self._cipher, r[0], "display_name", r[1])
                text = self._unseal(self._cipher, r[0], "search_text", r[7])
            except StoreDamaged:
                name, text = UNREADABLE_NAME, ""  # opening it says what to do
            if all(w in text for w in words):
                out.append(_info((r[0], name, *r[2:7])))
        return out

    def delete(self, intake_id: str) -> bool:
        """Remove an intake; True when there was one to remove."""
        with self._write() as db:
            cur = db.execute("DELETE FROM intakes WHERE id = ?", (intake_id,))
            return cur.rowcount > 0

    def folders_written(self) -> list[Path]:
        """Export folders chosen for intakes other than the default (for ``purge``)."""
        found: set[Path] = set()
        for intake_id, meta_value in self._db.execute("SELECT id, meta_json FROM intakes"):
            try:
                meta = json.loads(self._unseal(self._cipher, intake_id, "meta_json", meta_value))
            except (StoreDamaged, json.JSONDecodeError):
                continue
            folder = meta.get("export_dir") if isinstance(meta, dict) else None
            if isinstance(folder, str) and folder.strip():
                found.add(Path(folder).expanduser())
        return sorted(found)


def _info(r: tuple[Any, ...]) -> IntakeInfo:
    return IntakeInfo(
        r[0],
        r[1],
        r[2],
        r[3],
        datetime.fromisoformat(r[4]),
        datetime.fromisoformat(r[5]),
        datetime.fromisoformat(r[6]),
    )

"""Promises about what the store keeps: encrypted at rest by choice, passphrase changes all
or nothing, retention, refusing damaged or newer files without touching them, atomic saves,
and purge removing everything."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from expunge.record import Record
from expunge.store import (
    DATA_DIR_ENV,
    Store,
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreTooNew,
    WrongPassphrase,
)
from expunge.store import crypto as crypto_module
from expunge.store.db import DB_NAME, SCHEMA_VERSION, SECRET_COLUMNS, UNREADABLE_NAME
from expunge.store.purge import plan_purge, purge

PASS = "correct horse battery"
NAME = "Sample Person Fictional"


def _record(name: str = NAME, alias: str = "Test Youth") -> Record:
    return Record.model_validate(
        {
            "person": {"name": name, "aliases": [alias], "dob": "2003-05-10"},
            "cases": [{"id": "c1", "state": "OR", "docket": "J-000-TEST"}],
        }
    )


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes, its modification time and the folder's names: all must stay."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _raw_rows(path: Path) -> list[tuple[str, ...]]:
    db = sqlite3.connect(path)
    try:
        cols = ", ".join(SECRET_COLUMNS)
        return db.execute(f"SELECT {cols} FROM intakes").fetchall()
    finally:
        db.close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


# --- encryption at rest --------------------------------------------------------------
def test_encrypted_store_keeps_no_personal_text_on_disk(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path, passphrase=PASS) as store:
        assert store.encrypted
        store.save("i1", _record(), {"states": ["OR"], "export_dir": "~/Test Youth files"})
        store.save("i2", _record("Other Sample", "Nobody Real"))
    raw = path.read_bytes()
    for secret in (NAME, "Test Youth", "J-000-TEST", "2003-05-10", "sample person"):
        assert secret.encode() not in raw
    for row in _raw_rows(path):
        assert all(value.startswith("enc1:") for value in row)
    with Store(path, passphrase=PASS) as again:
        assert again.load("i1").record == _record()
        assert again.load("i1").meta["export_dir"] == "~/Test Youth files"
        assert [i.id for i in again.list("test youth")] == ["i1"]  # search decrypts in memory
        assert [i.display_name for i in again.list("nobody")] == ["Other Sample"]
        assert again.list("absent") == []


def test_locked_or_wrong_passphrase_touches_nothing(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path, passphrase=PASS) as store:
        store.save("i1", _record())
    before = _snapshot(path)
    with pytest.raises(StoreLocked, match="protected by a passphrase"):
        Store(path)
    with pytest.raises(WrongPassphrase, match="nothing was changed"):
        Store(path, passphrase="not the passphrase")
    assert Store.probe(path) == "encrypted"
    assert _snapshot(path) == before
    assert issubclass(WrongPassphrase, StoreError)


def test_file_and_folder_owner_only_when_encrypted(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    with Store(passphrase=PASS) as store:
        store.save("i1", _record())
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_enable_encryption_reencrypts_every_intake(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path) as store:
        store.save("i1", _record())
        store.save("i2", _record("Second Sample"))
        assert Store.probe(path) == "plain"
        store.enable_encryption(PASS)
        assert store.load("i2").record.person.name == "Second Sample"
    assert NAME.encode() not in path.read_bytes()
    assert all(v.startswith("enc1:") for row in _raw_rows(path) for v in row)
    with Store(path, passphrase=PASS) as again:
        assert {i.display_name for i in again.list()} == {NAME, "Second Sample"}


def test_change_passphrase_is_all_or_nothing(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / DB_NAME
    store = Store(path, passphrase=PASS)
    for k in range(4):
        store.save(f"i{k}", _record(f"Sample {k}"))
    real_encrypt = crypto_module.Cipher.encrypt
    calls = {"n": 0}

    def failing(self, text: str, context: str) -> str:
        calls["n"] += 1
        if calls["n"] == 7:  # second intake's third column: half the work is done
            raise OSError("disk failed mid-way")
        return real_encrypt(self, text, context)

    monkeypatch.setattr(crypto_module.Cipher, "encrypt", failing)
    with pytest.raises(OSError):
        store.change_passphrase(PASS, "a brand new passphrase")
    monkeypatch.setattr(crypto_module.Cipher, "encrypt", real_encrypt)
    assert calls["n"] == 7
    assert store.load("i3").record.person.name == "Sample 3"  # this connection still works
    store.close()
    with pytest.raises(WrongPassphrase):
        Store(path, passphrase="a brand new passphrase")
    with Store(path, passphrase=PASS) as old:
        assert [old.load(f"i{k}").record.person.name for k in range(4)] == [
            f"Sample {k}" for k in range(4)
        ]
        with pytest.raises(WrongPassphrase):
            old.change_passphrase("wrong old passphrase", "whatever it is")
        old.change_passphrase(PASS, "a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        Store(path, passphrase=PASS)
    with Store(path, passphrase="a brand new passphrase") as new:
        assert new.load("i0").record.person.name == "Sample 0"
        new.disable_encryption("a brand new passphrase")
    assert Store.probe(path) == "plain"
    with Store(path) as plain:
        assert plain.load("i2").record.person.name == "Sample 2"


# --- damaged, newer, older ----------------------------------------------------------
def test_damaged_encrypted_row_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path, passphrase=PASS) as store:
        store.save("i1", _record())
        store.save("i2", _record("Second Sample"))
    db = sqlite3.connect(path)
    value = db.execute("SELECT record_json FROM intakes WHERE id = 'i1'").fetchone()[0]
    flipped = value[:-6] + ("A" if value[-6] != "A" else "B") + value[-5:]
    db.execute(
        "UPDATE intakes SET record_json = ?, display_name = ? WHERE id = 'i1'", (flipped, flipped)
    )
    db.commit()
    db.close()
    before = _snapshot(path)
    with Store(path, passphrase=PASS) as store:
        with pytest.raises(StoreDamaged) as info:
            store.load("i1")
        assert str(path) in str(info.value) and "backup" in str(info.value)
        assert NAME not in str(info.value)
        names = {i.id: i.display_name for i in store.list()}
        assert names == {"i1": UNREADABLE_NAME, "i2": "Second Sample"}
        assert store.load("i2").record.person.name == "Second Sample"
    assert path.read_bytes() == before[0]


@pytest.mark.parametrize(
    "setup",
    [
        "CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (2);",
        "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('somebody else''s file');",
        "CREATE TABLE schema_version (version INTEGER);"
        "CREATE TABLE intakes (id TEXT); INSERT INTO schema_version VALUES (1);",
    ],
    ids=["intakes-missing", "not-ours", "columns-missing"],
)
def test_wrong_tables_are_refused_never_repaired(tmp_path: Path, setup: str) -> None:
    path = tmp_path / DB_NAME
    db = sqlite3.connect(path)
    db.executescript(setup)
    db.close()
    before = _snapshot(path)
    with pytest.raises(StoreDamaged, match="Move it aside") as info:
        Store(path)
    assert str(path) in str(info.value)
    with pytest.raises(StoreDamaged):
        Store.probe(path)
    assert _snapshot(path) == before


def test_truncated_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path) as store:
        for k in range(30):
            store.save(f"i{k}", _record(f"Sample {k}" * 20))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\x13" * 4096 + data[len(data) // 2 + 4096 :])
    before = _snapshot(path)
    with pytest.raises(StoreError), Store(path) as store:
        for k in range(30):
            store.load(f"i{k}")
    assert _snapshot(path)[0] == before[0]


def test_newer_schema_is_not_opened_at_all(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path, passphrase=PASS) as store:
        store.save("i1", _record())
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    before = _snapshot(path)
    for attempt in ({}, {"passphrase": PASS}):
        with pytest.raises(StoreTooNew, match="made by a newer version of expunge"):
            Store(path, **attempt)
    with pytest.raises(StoreTooNew):
        Store.probe(path)
    assert _snapshot(path) == before


def test_version_1_store_is_migrated_and_kept(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with Store(path) as store:
        store.save("i1", _record())
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE settings; UPDATE schema_version SET version = 1;")
    db.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.load("i1").record == _record()
        store.set_retention_days(10)


# --- atomic writes ------------------------------------------------------------------
class _FailingCommit:
    """A connection that does all the work of a write, then fails at COMMIT."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_failed_save_leaves_previous_version(tmp_path: Path, passphrase: str | None) -> None:
    path = tmp_path / DB_NAME
    store = Store(path, passphrase=passphrase)
    store.save("i1", _record("First Version"))
    real = store._db
    store._db = _FailingCommit(real)  # type: ignore[assignment]
    with pytest.raises(sqlite3.OperationalError):
        store.save("i1", _record("Second Version"))
    with pytest.raises(sqlite3.OperationalError):
        store.save("i2", _record("New One"))
    store._db = real
    assert store.load("i1").record.person.name == "First Version"
    assert [i.id for i in store.list()] == ["i1"]
    store.close()
    with Store(path, passphrase=passphrase) as again:
        assert again.load("i1").record.person.name == "First Version"


# --- retention ----------------------------------------------------------------------
def test_retention_deletes_only_intakes_not_opened_for_n_days(tmp_path: Path) -> None:
    clock = Clock()
    store = Store(tmp_path / DB_NAME, clock=clock)
    assert store.retention_days is None
    store.save("old", _record("Old Sample"))
    store.save("opened", _record("Opened Sample"))
    store.save("edited", _record("Edited Sample"))
    clock.now += timedelta(days=20)
    store.mark_opened("opened")
    store.save("edited", _record("Edited Sample Again"))
    clock.now += timedelta(days=15)  # old: 35 days; opened and edited: 15 days
    assert store.apply_retention() == 0  # no setting: nothing is deleted
    with pytest.raises(ValueError):
        store.set_retention_days(0)
    store.set_retention_days(30)
    assert store.retention_days == 30
    assert store.expired() == ["old"]
    assert store.apply_retention() == 1
    assert sorted(i.id for i in store.list()) == ["edited", "opened"]
    with pytest.raises(KeyError):
        store.load("old")
    store.set_retention_days(None)
    clock.now += timedelta(days=400)
    assert store.apply_retention() == 0
    store.close()
    # secure delete: the deleted intake's name is not left on disk
    assert b"Old Sample" not in (tmp_path / DB_NAME).read_bytes()


# --- purge ------------------------------------------------------------------------
def _populate(data: Path, chosen: Path) -> None:
    with Store(data / DB_NAME) as store:
        store.save("abcdef0123456789", _record(), {"export_dir": str(chosen)})
    (data / f"{DB_NAME}-journal").write_bytes(b"left over")
    (data / "exports").mkdir(mode=0o700)
    (data / "exports" / "plan-abcdef01-2026-06-30.pdf").write_bytes(b"%PDF")
    (data / "crash-reports").mkdir(mode=0o700)
    (data / "crash-reports" / "crash-20260101-000000.txt").write_text("report")
    (data / ".tmp-x1.pdf").write_bytes(b"half")
    chosen.mkdir()
    for name in (
        "petition-or.pdf",
        "petition-or-print.pdf",
        "reminders-abcdef01-2026-06-30.ics",
        "record-abcdef01-2026-06-30.json",
        ".tmp-abc.pdf",
    ):
        (chosen / name).write_bytes(b"ours")
    (chosen / "my-notes.txt").write_text("not ours")


def test_purge_removes_everything_it_wrote_and_nothing_else(tmp_path: Path) -> None:
    data, chosen = tmp_path / "data", tmp_path / "chosen"
    data.mkdir(mode=0o700)
    _populate(data, chosen)
    with Store(data / DB_NAME) as store:
        folders = store.folders_written()
    assert folders == [chosen]
    plan = plan_purge(data, folders)
    removed = purge(plan)
    assert not data.exists()
    assert data in removed and data / "exports" in removed
    assert [p.name for p in chosen.iterdir()] == ["my-notes.txt"]


def test_purge_command(tmp_path: Path, monkeypatch, capsys) -> None:
    from expunge.cli import main

    data, chosen = tmp_path / "data", tmp_path / "chosen"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    data.mkdir(mode=0o700)
    _populate(data, chosen)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["purge"]) == 2  # not a terminal and no --yes: refuses
    assert (data / DB_NAME).exists()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": "delete")
    assert main(["purge"]) == 1  # must be typed exactly
    assert (data / DB_NAME).exists()
    monkeypatch.setattr("builtins.input", lambda prompt="": "DELETE")
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "Removed" in out and str(data / DB_NAME) in out and NAME not in out
    assert not data.exists()
    assert [p.name for p in chosen.iterdir()] == ["my-notes.txt"]
    assert main(["purge", "--yes"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_purge_command_removes_protected_and_damaged_stores(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from expunge.cli import main

    data = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    with Store(passphrase=PASS) as store:
        store.save("i1", _record())
    assert main(["purge", "--yes"]) == 0
    assert "protected" in capsys.readouterr().out
    assert not data.exists()
    data.mkdir()
    (data / DB_NAME).write_bytes(b"not a database at all" * 50)
    assert main(["purge", "--yes"]) == 0
    assert not data.exists()
    assert os.environ[DATA_DIR_ENV] == str(data)

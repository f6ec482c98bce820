"""The saved-intake store: SQLite under the data folder, owner-only, exact round trips."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from expunge.record import Record
from expunge.store import (
    DATA_DIR_ENV,
    RecordFileError,
    Store,
    StoreDamaged,
    StoreError,
    StoreTooNew,
    data_dir,
    export_record,
    import_record,
    write_private,
)
from expunge.store.db import DB_NAME, SCHEMA_VERSION


class Clock:
    """A clock that moves one minute per call, so 'newest first' is deterministic."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    s = Store(clock=Clock())
    yield s
    s.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_created_on_first_use_owner_only(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert store.path == folder / DB_NAME
    assert _mode(folder) == 0o700
    assert _mode(store.path) == 0o600
    assert store.schema_version() == SCHEMA_VERSION
    store.save("a", Record())
    assert _mode(store.path) == 0o600  # still owner-only after a write
    assert data_dir() == folder


def test_round_trip_restores_everything(store: Store, sample_record: dict) -> None:
    record = Record.model_validate(sample_record)
    meta = {"states": ["OR", "WA"], "drafts": {"person.dob": "13/45/2001"}}
    store.save("x1", record, meta)
    back = store.load("x1")
    assert back.record == record
    assert back.record.model_dump(by_alias=True) == record.model_dump(by_alias=True)
    assert back.meta == meta


def test_save_replaces_and_keeps_created_time(store: Store) -> None:
    store.save("a", Record.model_validate({"person": {"name": "Test Youth"}}))
    first = store.load("a")
    store.save("a", Record.model_validate({"person": {"name": "Test Youth Renamed"}}))
    second = store.load("a")
    assert second.record.person.name == "Test Youth Renamed"
    assert second.created_at == first.created_at
    assert second.updated_at is not None and first.updated_at is not None
    assert second.updated_at > first.updated_at
    assert len(store.list()) == 1


def test_list_newest_first_and_search(store: Store) -> None:
    store.save("a", Record.model_validate({"person": {"name": "Sample Person"}}))
    store.save(
        "b",
        Record.model_validate({"person": {"name": "Test Youth", "aliases": ["T. Jóvenes"]}}),
    )
    store.save("c", Record())
    assert [i.id for i in store.list()] == ["c", "b", "a"]
    store.save("a", Record.model_validate({"person": {"name": "Sample Person"}}))  # touched
    assert [i.id for i in store.list()] == ["a", "c", "b"]
    assert [i.id for i in store.list("youth")] == ["b"]
    assert [i.id for i in store.list("JÓVENES")] == ["b"]  # aliases, any case
    assert [i.id for i in store.list("sample person")] == ["a"]
    assert store.list("nobody") == []
    assert store.list("%") == []  # not a wildcard
    info = {i.id: i for i in store.list()}
    assert info["c"].display_name == "(no name yet)"


def test_list_shows_case_count_and_states(store: Store, sample_record: dict) -> None:
    store.save("a", Record.model_validate(sample_record))
    (info,) = store.list()
    assert (info.case_count, info.states) == (1, "OR")


def test_delete(store: Store) -> None:
    store.save("a", Record())
    assert store.delete("a") is True
    assert store.delete("a") is False
    with pytest.raises(KeyError):
        store.load("a")


def test_write_is_atomic(store: Store) -> None:
    store.save("a", Record.model_validate({"person": {"name": "Sample Person"}}))

    class Boom(Exception):
        pass

    with pytest.raises(Boom), store._write() as db:
        db.execute("UPDATE intakes SET display_name = 'half written'")
        raise Boom
    assert store.list()[0].display_name == "Sample Person"


def test_reopen_from_another_connection(store: Store, sample_record: dict) -> None:
    store.save("a", Record.model_validate(sample_record), {"states": ["OR"]})
    with Store(store.path) as again:
        assert again.load("a").record == Record.model_validate(sample_record)


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew, match="made by a newer version of expunge"):
        Store(path)
    assert path.read_bytes() == before  # never migrated down or overwritten


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreDamaged, match="not an expunge intake database") as info:
        Store(path)
    assert str(path) in str(info.value) and "Move it aside" in str(info.value)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_unreadable_saved_record_gives_clear_error(store: Store) -> None:
    store.save("a", Record())
    with store._write() as db:
        db.execute("UPDATE intakes SET record_json = '{\"cases\": 5}'")
    with pytest.raises(StoreError, match="cannot be read"):
        store.load("a")


def test_export_is_what_check_reads(tmp_path: Path, sample_record: dict) -> None:
    from expunge.cli import main

    record = Record.model_validate(sample_record)
    out = export_record(record, tmp_path / "out" / "record.json")
    assert _mode(out) == 0o600
    assert _mode(out.parent) == 0o700
    assert json.loads(out.read_text())["cases"][0]["offenses"][0]["class"] == "A"
    assert import_record(out) == record
    assert main(["check", str(out), "--as-of", "2026-06-30"]) == 0


def test_import_errors_are_readable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"person": {"dob": "2001-02-30"}}')
    with pytest.raises(RecordFileError) as info:
        import_record(bad)
    assert any("person.dob" in line and "day does not exist" in line for line in info.value.lines)
    assert not any("2001-02-30" in line for line in info.value.lines)
    with pytest.raises(RecordFileError, match="no file"):
        import_record(tmp_path / "missing.json")
    with pytest.raises(RecordFileError, match="folder"):
        import_record(tmp_path)
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RecordFileError, match="UTF-8"):
        import_record(tmp_path / "bin.json")
    (tmp_path / "junk.json").write_text("{not json")
    with pytest.raises(RecordFileError, match="not a valid"):
        import_record(tmp_path / "junk.json")


def test_write_private_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    write_private(target, b"one")
    write_private(target, b"two")
    assert target.read_bytes() == b"two"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]  # no temporary file left


def test_default_dir_uses_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "expunge"
    assert os.stat(tmp_path / "xdg" / "expunge").st_mode & 0o077 == 0

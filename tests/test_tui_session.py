"""The intake session: changes, autosave, drafts and ids (no screen involved)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from expunge.record import Case, Event, Record
from expunge.store import Store
from expunge.tui.session import Session


def test_every_change_is_saved_and_restored(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    s = Session(store, "i1")
    assert s.is_empty and not s.saved
    s.set_person(name="Test Youth", dob="05/10/2003")
    assert s.record.person.dob == "2003-05-10"  # normalised like the record model does
    s.set_states(["OR", "WA"])
    s.set_answer("or_measure11", False)
    s.set_history_complete(True)
    s.put_case(Case(id=s.next_case_id(), state="OR"))
    s.put_case(Case(id=s.next_case_id(), state="WA", county="King"))
    s.put_event(Event(id=s.next_event_id(), kind="pending_charge"))
    assert [c.id for c in s.record.cases] == ["c1", "c2"]
    back = store.load("i1")
    assert back.record == s.record
    assert back.meta == {"states": ["OR", "WA"]}
    s.delete_case("c1")
    assert s.next_case_id() == "c3"  # ids are never reused within an intake
    assert [c.id for c in store.load("i1").record.cases] == ["c2"]


def test_typing_waits_for_flush(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    s = Session(store, "i1")
    s.set_person(name="Test", save=False)
    assert s.dirty and store.list() == []
    s.flush()
    assert not s.dirty and store.load("i1").record.person.name == "Test"


def test_drafts_keep_what_was_typed(tmp_path: Path) -> None:
    s = Session(Store(tmp_path / "db.sqlite3"), "i1")
    s.set_draft("person.dob", "13/45/2003")
    assert s.draft("person.dob") == "13/45/2003" and not s.is_empty
    s.set_draft("person.dob", None)
    assert "drafts" not in s.meta


def test_answers_unknown_removes_the_key(tmp_path: Path) -> None:
    s = Session(Store(tmp_path / "db.sqlite3"), "i1")
    s.set_answer("q", True)
    version = s.version
    s.set_answer("q", True)  # no change, no save
    assert s.version == version
    s.set_answer("q", None)
    assert "q" not in s.record.answers


def test_failed_save_is_reported_not_raised(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    s = Session(store, "i1")

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    store.save = broken  # type: ignore[method-assign]
    s.set_person(name="Test")
    assert s.save_error is not None and "OperationalError" in s.save_error
    assert s.dirty  # still to be saved
    nowhere = Session(None, "i2")
    assert nowhere.save() is False and "nothing is saved" in (nowhere.save_error or "")


def test_assessment_is_cached_per_change_and_date(tmp_path: Path) -> None:
    s = Session(None, "i1", Record.model_validate({"cases": [{"id": "c1", "state": "OR"}]}))
    a = s.assess(date(2026, 6, 30))
    assert s.assess(date(2026, 6, 30)) is a
    assert s.assess(date(2026, 7, 1)) is not a
    s.put_case(Case(id="c1", state="OR", outcome="dismissed"))
    assert s.assess(date(2026, 7, 1)).cases[0].paths != a.cases[0].paths

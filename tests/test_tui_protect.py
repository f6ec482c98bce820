"""The intake app's side of protection: the first-run choice, the passphrase prompt, the
settings dialog (passphrase, retention, remove everything), retention at start, and a
damaged database that is reported and left alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Static
from tui_support import SIZE, focus, make_app, sync, type_in, wait_for_screen

from expunge.record import Record
from expunge.store import Store
from expunge.store.db import DB_NAME

PASS = "correct horse battery"


def _error(app) -> str:
    return str(app.screen.query_one("#passphrase-error", Static).render())


def _names(app) -> list[str]:
    table = app.screen.query_one("#intakes")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


@sync
async def test_first_run_protects_with_a_passphrase(data_dir: Path) -> None:
    app = make_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "FirstRunScreen")
        assert not (data_dir / DB_NAME).exists()  # nothing is written before the choice
        await type_in(pilot, "#new-passphrase", "short")
        await type_in(pilot, "#confirm-passphrase", "short")
        await pilot.press("enter")
        assert "at least 8" in _error(app)
        await type_in(pilot, "#new-passphrase", PASS)
        await type_in(pilot, "#confirm-passphrase", PASS + "x")
        await pilot.press("enter")
        assert "not the same" in _error(app)
        await type_in(pilot, "#confirm-passphrase", PASS)
        await pilot.press("enter")
        await wait_for_screen(pilot, "StartScreen")
        assert app.store is not None and app.store.encrypted
        await pilot.press("n")
        await wait_for_screen(pilot, "IntakeScreen")
        await type_in(pilot, "#p-name", "Test Youth")
        await pilot.press("escape")
        await wait_for_screen(pilot, "StartScreen")
    assert Store.probe(data_dir / DB_NAME) == "encrypted"
    assert b"Test Youth" not in (data_dir / DB_NAME).read_bytes()
    with Store(passphrase=PASS) as store:
        assert [i.display_name for i in store.list()] == ["Test Youth"]


@sync
async def test_first_run_without_a_passphrase_or_escape(data_dir: Path) -> None:
    app = make_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "FirstRunScreen")
        await pilot.press("escape")
        await pilot.pause()
    assert not (data_dir / DB_NAME).exists()  # quitting at the question creates nothing
    app = make_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "FirstRunScreen")
        await focus(pilot, "#plain")
        await pilot.press("enter")
        await wait_for_screen(pilot, "StartScreen")
        assert app.store is not None and not app.store.encrypted
    assert Store.probe(data_dir / DB_NAME) == "plain"


@sync
async def test_wrong_passphrase_retries_and_escape_changes_nothing(data_dir: Path) -> None:
    with Store(passphrase=PASS) as store:
        store.save("i1", Record.model_validate({"person": {"name": "Sample Person"}}))
    path = data_dir / DB_NAME
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "UnlockScreen")
        await type_in(pilot, "#passphrase", "not the passphrase")
        await pilot.press("enter")
        await pilot.pause()
        assert "does not open" in _error(app) and "Nothing was changed" in _error(app)
        assert type(app.screen).__name__ == "UnlockScreen"
        await pilot.press("escape")
        await pilot.pause()
    assert app.store is None
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "UnlockScreen")
        await type_in(pilot, "#passphrase", PASS)
        await pilot.press("enter")
        await wait_for_screen(pilot, "StartScreen")
        assert _names(app) == ["Sample Person"]


@sync
async def test_settings_retention_passphrase_and_purge(data_dir: Path) -> None:
    with Store() as store:
        store.save("abcdef0123456789", Record.model_validate({"person": {"name": "Test Youth"}}))
    exports = data_dir / "exports"
    exports.mkdir()
    (exports / "plan-abcdef01-2026-06-30.pdf").write_bytes(b"%PDF")
    (data_dir / "crash-reports").mkdir()
    (data_dir / "crash-reports" / "crash-1.txt").write_text("report")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "StartScreen")
        await pilot.press("s")
        await wait_for_screen(pilot, "SettingsDialog")
        await type_in(pilot, "#retention", "zero")
        await pilot.press("enter")
        assert "whole number" in str(app.screen.query_one("#settings-note").render())
        await type_in(pilot, "#retention", "30")
        await pilot.press("enter")
        assert app.store is not None and app.store.retention_days == 30
        await type_in(pilot, "#new-pass", PASS)
        await type_in(pilot, "#confirm-pass", PASS)
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.encrypted
        assert Store.probe(data_dir / DB_NAME) == "encrypted"
        await focus(pilot, "#purge")
        await pilot.press("enter")
        await wait_for_screen(pilot, "Confirm")
        await pilot.press("n")  # the safe answer first: nothing removed
        await wait_for_screen(pilot, "StartScreen")
        assert (data_dir / DB_NAME).exists()
        await pilot.press("s")
        await wait_for_screen(pilot, "SettingsDialog")
        await focus(pilot, "#purge")
        await pilot.press("enter")
        await wait_for_screen(pilot, "Confirm")
        await pilot.press("y")
        await wait_for_screen(pilot, "StartScreen")
        assert not data_dir.exists()
        assert _names(app) == []
        assert "Everything was removed" in str(app.screen.query_one("#start-empty").render())
        await pilot.press("n")  # starting again asks about a passphrase first
        await wait_for_screen(pilot, "FirstRunScreen")


@sync
async def test_retention_applies_at_start_and_says_so(data_dir: Path) -> None:
    old = datetime.now(UTC) - timedelta(days=40)
    with Store(clock=lambda: old) as store:
        store.save("old1", Record.model_validate({"person": {"name": "Old Sample"}}))
    with Store() as store:
        store.save("new1", Record.model_validate({"person": {"name": "New Sample"}}))
        store.set_retention_days(30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "StartScreen")
        assert _names(app) == ["New Sample"]
        messages = [n.message for n in app._notifications]
        assert any("1 intake(s) not opened for 30 days were deleted" in m for m in messages)


@sync
async def test_damaged_database_is_reported_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / DB_NAME
    path.write_bytes(b"not a database, maybe a backup of something" * 40)
    before = path.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "StartScreen")
        message = str(app.screen.query_one("#start-empty").render())
        assert "Move it aside" in message and DB_NAME in message
        await pilot.press("n")
        await wait_for_screen(pilot, "IntakeScreen")
        await type_in(pilot, "#p-name", "Test Youth")
        await pilot.press("escape")
        await pilot.pause()
    assert path.read_bytes() == before

"""Snapshots of the key screens (pytest-textual-snapshot; SVGs in tests/__snapshots__).

Deterministic: fixed as-of date, a fresh data folder, fixed save times shown in UTC, the
cursor not blinking, Textual pinned in pyproject. Update after a deliberate change with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and review the SVG diff.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tui_support import RECORD, focus, make_app, wait_for_screen

from expunge.record import Record
from expunge.store import DATA_DIR_ENV, Store


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    moments = iter(datetime(2026, 6, 1, 9, 0, tzinfo=UTC) + timedelta(hours=h) for h in range(99))
    with Store(clock=lambda: next(moments)) as store:
        store.save("a" * 32, Record.model_validate({"person": {"name": "Sample Person"}}))
        record = Record.model_validate(RECORD)
        record.cases[0].supervision_end = "2022-07-01"
        store.save("b" * 32, record, {"states": ["OR", "WA"], "export_dir": "~/expunge-out"})
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


async def _open_newest(pilot) -> None:
    await focus(pilot, "#intakes")
    await pilot.press("enter")
    await wait_for_screen(pilot, "IntakeScreen")


def test_start_screen(seeded: None, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_person_step(seeded: None, snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open_newest)


def test_case_dialog(seeded: None, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await _open_newest(pilot)
        await pilot.press("f3", "enter")
        await wait_for_screen(pilot, "CaseDialog")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_results_step(seeded: None, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await _open_newest(pilot)
        await pilot.press("f4")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 32), run_before=run_before)


def test_plan_step_wide(seeded: None, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await _open_newest(pilot)
        await pilot.press("f5")
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)

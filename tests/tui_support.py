"""Helpers for driving the intake app with Textual's Pilot (imported by the TUI tests)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from expunge.store import Store, StoreError
from expunge.tui.app import ExpungeApp

AS_OF = date(2026, 6, 30)

# One Oregon case (fictional): everything answered except when supervision ended.
RECORD = {
    "person": {"name": "Sample Person", "dob": "2003-05-10"},
    "history_complete": True,
    "answers": {"or_measure11": False, "or_investigation": False},
    "cases": [
        {
            "id": "c1",
            "state": "OR",
            "county": "Lane",
            "offenses": [
                {
                    "description": "Theft II",
                    "level": "misdemeanor",
                    "class": "A",
                    "offense_date": "2019-02-01",
                    "categories": {
                        "or_miv": False,
                        "or_j_list": False,
                        "or_prostitution": False,
                        "or_j_third_degree": False,
                    },
                }
            ],
            "outcome": "adjudicated",
            "outcome_date": "2019-06-01",
            "supervised": True,
            "restitution_owed": False,
            "registration_required": False,
            "answers": {"or_other_j": False},
        }
    ],
}
SIZE = (80, 30)


def sync(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no async plugin needed); fixtures still resolve."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


def make_app(*, first_run: bool = False) -> ExpungeApp:
    """The app as tests see it: fixed dates, no cursor blink (EXPUNGE_DATA_DIR set by caller).

    An unprotected store is created first (as after choosing "Continue without a
    passphrase"), unless ``first_run``: then the app starts with the first-run question.
    """
    if not first_run:
        with contextlib.suppress(StoreError):  # a damaged file: the app reports it
            if Store.probe() == "absent":
                Store().close()
    return ExpungeApp(as_of=AS_OF, today=AS_OF, cursor_blink=False)


async def wait_for_screen(pilot: Pilot[Any], name: str, tries: int = 100) -> None:
    for _ in range(tries):
        if type(pilot.app.screen).__name__ == name:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError(f"expected screen {name}, have {type(pilot.app.screen).__name__}")


async def focus(pilot: Pilot[Any], selector: str) -> Any:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    return widget


async def type_in(pilot: Pilot[Any], selector: str, text: str, *, keys: bool = False) -> None:
    """Focus a text or date field, clear it with the keyboard, and enter ``text``.

    By default the text arrives as one paste (as from the clipboard: the field sees the same
    change and validation, and the suite runs faster); ``keys=True`` types it key by key.
    """
    widget = await focus(pilot, selector)
    await pilot.press("end", "ctrl+u")
    if text and keys:
        await pilot.press(*text)
    elif text:
        target = pilot.app.focused or widget
        target.post_message(events.Paste(text))
    await pilot.pause()


async def choose(pilot: Pilot[Any], selector: str, typed: str) -> None:
    """Open a Select with Enter, type to search, Enter to pick."""
    select = await focus(pilot, selector)
    assert isinstance(select, Select)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot: Pilot[Any], selector: str, key: str) -> None:
    """A yes/no/don't-know field: y, n or u."""
    await focus(pilot, selector)
    await pilot.press(key)
    await pilot.pause()


def table_rows(pilot: Pilot[Any], selector: str) -> list[list[str]]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]

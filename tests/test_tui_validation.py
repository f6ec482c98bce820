"""Validation, unknown facts and the 'nothing is lost' rules of the intake app."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static
from tui_support import (
    RECORD,
    SIZE,
    answer,
    focus,
    make_app,
    sync,
    table_rows,
    type_in,
    wait_for_screen,
)

from expunge.record import Record
from expunge.store import Store
from expunge.tui.widgets.date_field import DateField


@pytest.fixture
def saved(data_dir: Path) -> str:
    """One saved intake (supervision end not known yet)."""
    with Store() as store:
        store.save("intake0001", Record.model_validate(RECORD), {"states": ["OR"]})
    return "intake0001"


def _path_row(pilot, key: str) -> list[str]:
    table = pilot.app.screen.query_one("#results-table")
    keys = [k.value for k in table.rows]
    return table_rows(pilot, "#results-table")[keys.index(key)]


def _error(app, selector: str) -> str:
    field = app.screen.query_one(selector, DateField)
    return str(field.query_one(".date-error", Static).render())


@sync
async def test_date_of_birth_checked_as_typed_and_kept_when_wrong(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for_screen(pilot, "IntakeScreen")
        await type_in(pilot, "#p-name", "Test Youth")
        await type_in(pilot, "#p-dob", "13/45/2003", keys=True)
        assert "month 13 does not exist" in _error(app, "#p-dob")
        await type_in(pilot, "#p-dob", "2003-02-30", keys=True)
        assert "February 2003 has 28 days, not 30" in _error(app, "#p-dob")
        await type_in(pilot, "#p-dob", "2003-0x", keys=True)
        assert "is not a date: use YYYY-MM-DD or MM/DD/YYYY" in _error(app, "#p-dob")
        await pilot.pause(0.5)  # the typing pause: saved
        session = app.session
        assert session is not None
        assert session.record.person.dob is None  # not a date: not used as one
        assert session.meta["drafts"]["person.dob"] == "2003-0x"  # but not lost
        intake_id = session.id
        await pilot.press("ctrl+q")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        assert app.session is not None and app.session.id == intake_id
        assert app.screen.query_one("#p-dob", DateField).text == "2003-0x"
        assert "is not a date" in _error(app, "#p-dob")
        await type_in(pilot, "#p-dob", "2003", keys=True)  # only the year: valid
        assert _error(app, "#p-dob") == ""
        await type_in(pilot, "#p-dob", "?", keys=True)  # one keystroke: don't know
        assert app.screen.query_one("#p-dob", DateField).text == ""
        await type_in(pilot, "#p-dob", "05/10/2003", keys=True)
        await pilot.press("escape")  # back to the list: saved on the way out
        await wait_for_screen(pilot, "StartScreen")
    with Store() as store:
        stored = store.load(intake_id)
    assert stored.record.person.dob == "2003-05-10"
    assert "drafts" not in stored.meta


@sync
async def test_bad_date_in_case_dialog_blocks_save_and_keeps_typing(saved: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f3")
        await pilot.press("enter")  # edit case c1
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-supervision_end", "2022-13-01")
        assert "month 13 does not exist" in _error(app, "#c-supervision_end")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseDialog"  # not saved, still here
        assert app.focused is not None and app.focused.parent.id == "c-supervision_end"
        assert app.screen.query_one("#c-supervision_end", DateField).text == "2022-13-01"
        await type_in(pilot, "#c-supervision_end", "2022-12-01")
        await answer(pilot, "#c-outcome", "question_mark")  # "don't know": one keystroke
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")
        case = app.session.record.cases[0]
        assert (case.supervision_end, case.outcome) == ("2022-12-01", None)


@sync
async def test_escape_in_dialog_asks_and_loses_nothing(saved: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f3")
        # no change: Escape just closes
        await pilot.press("a")
        await wait_for_screen(pilot, "CaseDialog")
        await pilot.press("escape")
        await wait_for_screen(pilot, "IntakeScreen")
        assert len(app.session.record.cases) == 1
        # a change: Escape asks; 'k' keeps editing with everything still there
        await pilot.press("a")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-county", "Multnomah")
        await pilot.press("escape")
        await wait_for_screen(pilot, "UnsavedChanges")
        await pilot.press("k")
        await wait_for_screen(pilot, "CaseDialog")
        assert app.screen.query_one("#c-county").value == "Multnomah"
        # Escape again, then Save
        await pilot.press("escape")
        await wait_for_screen(pilot, "UnsavedChanges")
        await pilot.press("s")
        await wait_for_screen(pilot, "IntakeScreen")
        assert [c.county for c in app.session.record.cases] == ["Lane", "Multnomah"]
        # and Discard really discards (it was chosen)
        await pilot.press("a")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-county", "Benton")
        await pilot.press("escape")
        await wait_for_screen(pilot, "UnsavedChanges")
        await pilot.press("d")
        await wait_for_screen(pilot, "IntakeScreen")
        assert len(app.session.record.cases) == 2


@sync
async def test_delete_needs_confirmation(saved: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f3")
        await pilot.press("d")
        await wait_for_screen(pilot, "Confirm")
        await pilot.press("enter")  # the focused button is Cancel
        await wait_for_screen(pilot, "IntakeScreen")
        assert len(app.session.record.cases) == 1
        await pilot.press("d")
        await wait_for_screen(pilot, "Confirm")
        await pilot.press("y")
        await wait_for_screen(pilot, "IntakeScreen")
        assert app.session.record.cases == []
        await pilot.press("escape")
        await wait_for_screen(pilot, "StartScreen")
        # deleting a whole intake also asks first
        await focus(pilot, "#intakes")
        await pilot.press("d")
        await wait_for_screen(pilot, "Confirm")
        await pilot.press("escape")
        await wait_for_screen(pilot, "StartScreen")
        assert len(table_rows(pilot, "#intakes")) == 1
        await pilot.press("d")
        await wait_for_screen(pilot, "Confirm")
        await pilot.press("y")
        await wait_for_screen(pilot, "StartScreen")
        assert table_rows(pilot, "#intakes") == []
    with Store() as store:
        assert store.list() == []


@sync
async def test_unknown_fact_asks_and_jumps_to_the_field(saved: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f4")
        await pilot.pause()
        results = app.screen.query_one("#results-step")
        petition = next(
            p for p in results.assessment.cases[0].paths if p.path_id == "or-419a-262-2"
        )
        assert petition.status == "needs_facts"  # unknown supervision end is not "eligible"
        assert any("probation or supervision end" in q.question for q in petition.questions)
        table = app.screen.query_one("#results-table")
        keys = [k.value for k in table.rows]
        table.move_cursor(row=keys.index("c1|or-419a-262-2"))
        await pilot.pause()
        rows = table_rows(pilot, "#results-table")
        assert rows[keys.index("c1|or-419a-262-2")][1] == "? NEEDS FACTS"
        await pilot.press("enter")  # on the row: to the questions
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "detail-asks"
        asks = app.focused
        index = next(
            i
            for i in range(asks.option_count)
            if "supervision end" in str(asks.get_option_at_index(i).prompt)
        )
        asks.highlighted = index
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseDialog")
        await pilot.pause(0.2)
        assert app.focused is not None and app.focused.parent.id == "c-supervision_end"
        await pilot.press(*"2022-07-01")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f4")  # (the jump left the Cases step on screen)
        await pilot.pause()
        petition = next(
            p for p in results.assessment.cases[0].paths if p.path_id == "or-419a-262-2"
        )
        assert (petition.status, petition.key_date) == ("eligible_on", "2026-07-01")

        # a person fact: with no date of birth, the question leads to the Person step
        await pilot.press("f2")
        await type_in(pilot, "#p-dob", "")
        await pilot.pause(0.5)
        await pilot.press("f4")
        await pilot.pause()
        questions = [
            (q.field, q.question)
            for c in results.assessment.cases
            for p in c.paths
            for q in p.questions
        ]
        assert ("person.dob", "What is the person's date of birth?") in questions
        app.screen.jump("person.dob", "c1", "What is the person's date of birth?")
        await pilot.pause()
        assert app.screen.query_one("#steps").active == "person"
        assert app.focused is not None and app.focused.parent.id == "p-dob"


@sync
async def test_as_of_date_changes_results_and_header(saved: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f3")
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-supervision_end", "2022-07-01")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f4")
        await pilot.pause()
        assert "as of 2026-06-30" in app.screen.sub_title
        assert _path_row(pilot, "c1|or-419a-262-2")[1] == "◷ ELIGIBLE ON 2026-07-01"
        await pilot.press("f7")
        await wait_for_screen(pilot, "AsOfDialog")
        await type_in(pilot, "#as-of", "2026-02-30", keys=True)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "AsOfDialog"  # not a date: stays open
        await type_in(pilot, "#as-of", "07/01/2026", keys=True)
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        assert app.as_of == date(2026, 7, 1)
        assert app.screen.sub_title == "Sample Person · as of 2026-07-01 (what-if)"
        assert _path_row(pilot, "c1|or-419a-262-2")[1] == "✔ ELIGIBLE NOW"
        # a year no record can have (a typo such as 9999): refused with a message, no crash
        await pilot.press("f3", "enter")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-supervision_end", "9999-06-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseDialog"  # not saved: the dialog stays open
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "too late" in shown


@sync
async def test_quit_with_open_dialog_asks_then_saves(saved: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f3", "a")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-docket", "J-999-TEST")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, "UnsavedChanges")
        await pilot.press("s")
        await pilot.pause(0.3)
    assert app.return_code == 0
    with Store() as store:
        record = store.load(saved).record
    assert [c.docket for c in record.cases] == [None, "J-999-TEST"]


@sync
async def test_import_export_help_palette_and_stray_keys(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "record.json"
    source.write_text(json.dumps(RECORD))
    bad = tmp_path / "bad.json"
    bad.write_text('{"person": {"dob": "2003-02-30"}}')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # stray keys on the start screen do nothing harmful
        await pilot.press("x", "z", "7", "enter", "tab", "escape")
        await wait_for_screen(pilot, "StartScreen")
        await pilot.press("f1")
        await wait_for_screen(pilot, "HelpScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "StartScreen")
        await pilot.press("i")
        await wait_for_screen(pilot, "ImportDialog")
        await type_in(pilot, "#import-path", str(bad))
        await pilot.press("enter")
        await pilot.pause()
        message = str(app.screen.query_one("#import-error").render())
        assert "person.dob: the day does not exist in that month" in message
        await type_in(pilot, "#import-path", str(source))
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        assert app.session.record == Record.model_validate(RECORD)
        assert app.session.saved
        # the command palette reaches actions by name
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Add a case")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseDialog")
        await pilot.press("escape")
        await wait_for_screen(pilot, "IntakeScreen")
        # stray keys on each step: no traceback, nothing changed
        before = app.session.record.model_copy(deep=True)
        for step in ("f3", "f4", "f5", "f6"):
            await pilot.press(step, "q", "1", "left", "right", "up", "down")
        await pilot.press("f3")
        await pilot.press("tab", "tab", "space", "pageup", "pagedown")
        assert app.session.record == before
        assert type(app.screen).__name__ == "IntakeScreen"
        # export: the record JSON 'expunge check' reads
        await pilot.press("f5")
        out = tmp_path / "exports"
        await type_in(pilot, "#plan-dir", str(out))
        await focus(pilot, "#export-json")
        await pilot.press("x")
        await pilot.pause()
        files = list(out.glob("record-*.json"))
        assert len(files) == 1 and "Sample" not in files[0].name
        assert Record.model_validate_json(files[0].read_text()) == before
        await pilot.press("f2")  # from another step, by name in the command palette
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Write the plan PDF")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert app.screen.query_one("#steps").active == "plan"
        assert list(out.glob("plan-*.pdf"))


@sync
async def test_petition_step_writes_the_petition(saved: str, tmp_path: Path) -> None:
    with Store() as store:
        stored = store.load(saved)
        stored.record.cases[0].supervision_end = "2022-07-01"
        store.save(saved, stored.record, {"states": ["OR"], "export_dir": str(tmp_path / "out")})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f6")
        await pilot.pause(0.5)
        rows = table_rows(pilot, "#petition-table")
        assert rows and all(r[1] == "c1" for r in rows)
        assert all(r[4] for r in rows)  # every path names its paper (form or pleading)
        form_note = str(app.screen.query_one("#petition-form").render())
        assert "Written on:" in form_note
        await pilot.press("w")
        await pilot.pause(0.5)
        written = sorted((tmp_path / "out").glob("petition-or*.pdf"))
        assert written, str(app.screen.query_one("#petition-result").render())
        assert "Sample" not in written[0].name
        assert str(written[0]) in str(app.screen.query_one("#petition-result").render())

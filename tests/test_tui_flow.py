"""The whole intake, driven with the keyboard: new intake → person → three cases in two
states → results with the expected statuses and dates → plan PDF and calendar → reopen."""

from __future__ import annotations

import stat
from pathlib import Path

from pypdf import PdfReader
from textual.widgets import Input, OptionList
from tui_support import (
    SIZE,
    answer,
    choose,
    focus,
    make_app,
    sync,
    table_rows,
    type_in,
    wait_for_screen,
)

from expunge.record import Record
from expunge.store import Store
from expunge.tui.widgets.tristate import TriState


async def answer_all_no(pilot, container: str) -> None:
    """Answer 'no' to every statute question shown (the files grow; the test follows)."""
    for tri in pilot.app.screen.query(f"{container} TriState"):
        await answer(pilot, f"#{tri.id}", "n")


async def add_offense(
    pilot, description: str, level: str, cls: str, when: str, categories: dict[str, str]
) -> None:
    await focus(pilot, "#add-offense")
    await pilot.press("enter")
    await wait_for_screen(pilot, "OffenseDialog")
    await type_in(pilot, "#o-description", description)
    await choose(pilot, "#o-level", level)
    await type_in(pilot, "#o-class", cls)
    await type_in(pilot, "#o-offense_date", when)
    for cat, key in categories.items():
        await answer(pilot, f"#oc-{cat}", key)
    await answer_all_no(pilot, "#offense-questions")
    await pilot.press("ctrl+s")
    await wait_for_screen(pilot, "CaseDialog")


def _statuses(assessment) -> list[tuple[str, str, str, str | None]]:
    return [(c.case_id, p.path_id, p.status, p.key_date) for c in assessment.cases for p in c.paths]


@sync
async def test_whole_intake_flow(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "StartScreen")
        await pilot.press("n")
        await wait_for_screen(pilot, "IntakeScreen")

        # --- person -----------------------------------------------------------------
        await type_in(pilot, "#p-name", "Test Youth", keys=True)
        await type_in(pilot, "#p-aliases", "T. Y., José Nguyễn")
        await type_in(pilot, "#p-dob", "05/10/2003", keys=True)  # US style, stored as ISO
        await type_in(pilot, "#p-states", "or, wa")
        await pilot.pause(0.4)
        await answer(pilot, "#p-history", "y")
        await answer(pilot, "#pq-or_measure11", "n")
        await answer(pilot, "#pq-or_investigation", "n")
        session = app.session
        assert session is not None
        person = session.record.person
        assert (person.name, person.dob) == ("Test Youth", "2003-05-10")
        assert person.aliases == ["T. Y.", "José Nguyễn"]
        assert session.meta["states"] == ["OR", "WA"]

        # --- case 1: Oregon, adjudicated, supervised ----------------------------------
        await pilot.press("f3")
        await pilot.press("a")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-county", "Lane")
        await type_in(pilot, "#c-docket", "J-000-TEST")
        await add_offense(
            pilot,
            "Theft II",
            "mis",
            "A",
            "2019-02-01",
            {
                "or_miv": "n",
                "or_j_list": "n",
                "or_prostitution": "n",
                "or_j_third_degree": "n",
            },
        )
        await choose(pilot, "#c-outcome", "adj")
        await type_in(pilot, "#c-outcome_date", "2019-06-01")
        await answer(pilot, "#c-supervised", "y")
        await type_in(pilot, "#c-supervision_end", "2022-07-01")
        await answer(pilot, "#c-restitution_owed", "n")
        await answer(pilot, "#c-registration_required", "n")
        await answer(pilot, "#cq-or_other_j", "n")
        await answer_all_no(pilot, "#case-questions")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")

        # --- case 2: Oregon, dismissed; restitution left unknown for now --------------
        await pilot.press("a")
        await wait_for_screen(pilot, "CaseDialog")
        await type_in(pilot, "#c-county", "Lane")
        await add_offense(
            pilot,
            "Criminal mischief",
            "mis",
            "",
            "2020-03-01",
            {"or_prostitution": "n", "or_j_list": "n"},
        )
        await choose(pilot, "#c-outcome", "dis")
        await type_in(pilot, "#c-outcome_date", "2020-05-01")
        await answer(pilot, "#c-supervised", "n")
        await answer_all_no(pilot, "#case-questions")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")

        # --- case 3: Washington ------------------------------------------------------
        await pilot.press("a")
        await wait_for_screen(pilot, "CaseDialog")
        await choose(pilot, "#c-state", "WA")
        await type_in(pilot, "#c-county", "King")
        await add_offense(pilot, "Theft 3", "mis", "", "2021-01-10", {"wa_sex_9a44": "n"})
        await choose(pilot, "#c-outcome", "adj")
        await type_in(pilot, "#c-outcome_date", "2021-04-01")
        await answer(pilot, "#c-supervised", "y")
        await type_in(pilot, "#c-supervision_end", "2022-04-01")
        await answer(pilot, "#c-confined", "n")
        await answer(pilot, "#c-restitution_owed", "n")
        await answer(pilot, "#c-registration_required", "n")
        for q in ("wa_restitution_victim", "wa_restitution_victim_t48", "wa_pardon"):
            await answer(pilot, f"#cq-{q}", "n")
        await answer_all_no(pilot, "#case-questions")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")

        record = session.record
        assert [(c.id, c.state, c.outcome) for c in record.cases] == [
            ("c1", "OR", "adjudicated"),
            ("c2", "OR", "dismissed"),
            ("c3", "WA", "adjudicated"),
        ]
        assert record.cases[0].offenses[0].offense_class == "A"
        cases_table = table_rows(pilot, "#cases-table")
        assert cases_table[2][2].startswith("⟳ AUTOMATIC 2022-04-01")

        # --- results: case 2 needs a fact; Enter on the question jumps to its field ----
        await pilot.press("f4")
        await pilot.pause()
        rows = {r[0] or "": r for r in table_rows(pilot, "#results-table")}
        results = app.screen.query_one("#results-step")
        statuses = _statuses(results.assessment)
        assert ("c2", "or-419a-262-2", "needs_facts", None) in statuses
        assert ("c3", "wa-13-50-260-4b", "eligible", "2023-04-01") in statuses
        assert "c2" in rows
        table = app.screen.query_one("#results-table")
        keys = [k.value for k in table.rows]
        table.move_cursor(row=keys.index("c2|or-419a-262-2"))
        await pilot.pause()
        asks = app.screen.query_one("#detail-asks", OptionList)
        texts = [str(asks.get_option_at_index(i).prompt) for i in range(asks.option_count)]
        assert any("restitution" in t for t in texts)
        asks.focus()
        asks.highlighted = next(i for i, t in enumerate(texts) if "restitution" in t)
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseDialog")
        await pilot.pause(0.2)
        assert app.focused is not None and app.focused.id == "c-restitution_owed"
        await pilot.press("n")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "IntakeScreen")
        await pilot.press("f4")
        await pilot.pause()
        statuses = _statuses(results.assessment)
        assert ("c1", "or-419a-262-2", "eligible_on", "2026-07-01") in statuses
        assert ("c1", "or-419a-261-3", "automatic", "2022-07-01") in statuses
        assert ("c2", "or-419a-262-2", "eligible_on", "2026-07-01") in statuses
        assert ("c3", "wa-13-50-260-1", "automatic", "2022-04-01") in statuses
        rendered = table_rows(pilot, "#results-table")
        assert any(r[1] == "◷ ELIGIBLE ON 2026-07-01" for r in rendered)
        assert any(r[1] == "✔ ELIGIBLE NOW" for r in rendered)
        assert any(r[1] == "⟳ AUTOMATIC 2022-07-01" for r in rendered)
        summary = str(app.screen.query_one("#summary").render())
        assert "3 cases" in summary and "saved" in summary

        # --- plan: PDF and calendar ---------------------------------------------------
        await pilot.press("f5")
        await pilot.pause()
        out = data_dir.parent / "out"
        await type_in(pilot, "#plan-dir", str(out))
        await focus(pilot, "#write-pdf")
        await pilot.press("p")
        await pilot.press("c")
        await pilot.pause()
        short = session.id[:8]
        pdf = out / f"plan-{short}-2026-06-30.pdf"
        ics = out / f"reminders-{short}-2026-06-30.ics"
        assert pdf.is_file() and ics.is_file()
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "Test Youth" in text
        assert "2026-07-01" in text
        calendar = ics.read_text()
        assert "DTSTART;VALUE=DATE:20260701" in calendar
        assert "Test Youth" not in calendar and "J-000-TEST" not in calendar
        assert "Test Youth" not in pdf.name
        saved_record = session.record.model_copy(deep=True)
        saved_meta = dict(session.meta)
        await pilot.press("escape")
        await wait_for_screen(pilot, "StartScreen")
        intake_id = session.id

    # --- reopen: a new app, from the saved database ---------------------------------
    with Store() as store:
        stored = store.load(intake_id)
    assert stored.record == saved_record
    assert stored.meta["states"] == saved_meta["states"]
    assert stored.meta["export_dir"] == str(out)

    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "StartScreen")
        assert table_rows(pilot, "#intakes")[0][0] == "Test Youth"
        await type_in(pilot, "#search", "youth")
        await focus(pilot, "#intakes")
        await pilot.press("enter")
        await wait_for_screen(pilot, "IntakeScreen")
        assert app2.session is not None
        assert app2.session.record == saved_record
        assert app2.screen.query_one("#p-dob").text == "2003-05-10"
        assert app2.screen.query_one("#p-states", Input).value == "OR, WA"
        assert app2.screen.query_one("#pq-or_measure11", TriState).value is False
        await pilot.press("f3")
        await pilot.pause()
        assert len(table_rows(pilot, "#cases-table")) == 3
        assert Record.model_validate_json(saved_record.model_dump_json()) == saved_record

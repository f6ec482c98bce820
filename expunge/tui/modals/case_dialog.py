"""Add or edit a case: court, offenses, dates, outcome, supervision, and the state's questions."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Select, Static

from expunge.record import Case, Offense
from expunge.tui.modals.edit import EditDialog, answer_of, choice_of, date_of, text_of
from expunge.tui.screens.cases import _clip
from expunge.tui.states import law_or_none, state_options
from expunge.tui.vocab import COURT_TYPES, LEVEL_WORDS, OUTCOMES, UNKNOWN
from expunge.tui.widgets.choice import Choice
from expunge.tui.widgets.date_field import DateField
from expunge.tui.widgets.form import Question, Row
from expunge.tui.widgets.inputs import TextInput
from expunge.tui.widgets.table import Cell, fill
from expunge.tui.widgets.tristate import TriState

_CASE_DATES = ("arrest_date", "petition_date", "outcome_date", "supervision_end", "release_date")


class OffenseTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,d", "remove", "Remove offense", key_display="d"),
        Binding("e", "edit", "Edit offense"),
    ]

    def action_remove(self) -> None:
        self.screen.remove_offense()  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        self.screen.edit_offense()  # type: ignore[attr-defined]


class CaseDialog(EditDialog[Case]):
    what = "case"

    def __init__(self, case: Case, *, is_new: bool, focus: str | None = None) -> None:
        title = f"{'New case' if is_new else 'Case'} {case.id}"
        super().__init__(title, focus=focus)
        self.case = case
        self.offenses: list[Offense] = list(case.offenses)
        self._questions_state: str | None = None

    # --- layout ----------------------------------------------------------------------
    def body(self) -> ComposeResult:
        c = self.case
        yield Row("State", _select(state_options(), c.state, "c-state"))
        yield Row("Court", _select(COURT_TYPES, c.court_type, "c-court_type"))
        yield Row("County", TextInput(c.county, id="c-county"))
        yield Row("Court name", TextInput(c.court, id="c-court", placeholder="(optional)"))
        yield Row("Docket number", TextInput(c.docket, id="c-docket"))
        with Vertical(id="offenses-box"):
            yield Static("Offenses (Enter or e: edit · d: remove)", classes="section-title")
            yield OffenseTable(id="c-offenses", cursor_type="row", show_cursor=True)
            with Horizontal(classes="inline-buttons"):
                yield Button("+ Add offense", id="add-offense", compact=True)
                yield Button("Edit offense", id="edit-offense", compact=True)
                yield Button("Remove offense", id="remove-offense", compact=True)
        yield Row("Arrest / referral", DateField(c.arrest_date, id="c-arrest_date"))
        yield Row("Petition filed", DateField(c.petition_date, id="c-petition_date"))
        yield Row("Outcome", _select(OUTCOMES, c.outcome or UNKNOWN, "c-outcome"))
        yield Row("Outcome date", DateField(c.outcome_date, id="c-outcome_date"))
        yield Row(
            "Supervised?",
            TriState(c.supervised, id="c-supervised", hint="probation / commitment"),
        )
        yield Row(
            "Supervision end",
            DateField(
                c.supervision_end,
                id="c-supervision_end",
                placeholder="discharge date; may be in the future · ? = don't know",
            ),
        )
        yield Row("Confined?", TriState(c.confined, id="c-confined"))
        yield Row("Released", DateField(c.release_date, id="c-release_date"))
        yield Row(
            "Restitution owed?",
            TriState(c.restitution_owed, id="c-restitution_owed", hint="still unpaid?"),
        )
        yield Row(
            "Must register?",
            TriState(c.registration_required, id="c-registration_required", hint="sex offender"),
        )
        yield Vertical(id="case-questions")

    async def on_mount(self) -> None:
        self._fill_offenses()
        await self._rebuild_questions(self.case.state, self.case.answers)
        # (EditDialog.on_mount runs next: Textual calls each class's handler in turn)

    def _fill_offenses(self) -> None:
        table = self.query_one("#c-offenses", DataTable)
        rows: list[tuple[str | None, list[Cell]]] = []
        # fit the dialog (no sideways scrolling): the name takes what the other columns leave
        inner = min(self.app.size.width, 110) - 6
        name_width = max(16, inner - 3 - 16 - 10 - 8)
        for i, o in enumerate(self.offenses):
            name = o.description or (f"§ {o.section}" if o.section else "(not described)")
            if o.section and o.description:
                name = f"{o.description} (§ {o.section})"
            level = LEVEL_WORDS.get(o.level or UNKNOWN, "?")
            if o.offense_class:
                level += f" {o.offense_class}"
            rows.append(
                (str(i), [str(i + 1), _clip(name, name_width), level, o.offense_date or "?"])
            )
        if not self.offenses:
            rows.append((None, ["", Text("No offense yet: + Add offense", style="dim"), "", ""]))
        fill(table, ["#", "Offense", "Level", "Date"], rows)

    async def _rebuild_questions(self, state: str, answers: dict[str, bool | None]) -> None:
        box = self.query_one("#case-questions", Vertical)
        if self._questions_state == state:
            return
        self._questions_state = state
        await box.remove_children()
        law = law_or_none(state)
        if law is None:
            await box.mount(Static(f"{state} is not modeled: no state questions.", classes="muted"))
            return
        questions = [(k, q) for k, q in law.questions.items() if q.scope == "case"]
        if not questions:
            return
        widgets: list[Any] = [Static(f"{state} questions about this case", classes="section-title")]
        widgets += [
            Question(k, q.text, answers.get(k), id_prefix="cq-", state=state) for k, q in questions
        ]
        await box.mount(*widgets)

    # --- state ---------------------------------------------------------------------------
    def extra_state(self) -> Any:
        return [o.model_dump() for o in self.offenses]

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "c-state" and isinstance(event.value, str):
            answers = dict(self.case.answers)
            answers.update(self._answers())
            await self._rebuild_questions(event.value, answers)

    def _answers(self) -> dict[str, bool | None]:
        out: dict[str, bool | None] = {}
        for tri in self.query("#case-questions TriState").results(TriState):
            if tri.id and tri.value is not None:
                out[tri.id.removeprefix("cq-")] = tri.value
        return out

    def build(self) -> Case:
        state = choice_of(self, "c-state") or self.case.state
        answers = {k: v for k, v in self.case.answers.items() if v is not None}
        shown = {
            tri.id.removeprefix("cq-") for tri in self.query("#case-questions TriState") if tri.id
        }
        for k in shown:
            answers.pop(k, None)
        answers.update(self._answers())
        return Case.model_validate(
            {
                "id": self.case.id,
                "state": state,
                "court_type": choice_of(self, "c-court_type") or "juvenile",
                "county": text_of(self, "c-county"),
                "court": text_of(self, "c-court"),
                "docket": text_of(self, "c-docket"),
                "offenses": [o.model_dump(by_alias=True) for o in self.offenses],
                "arrest_date": date_of(self, "c-arrest_date"),
                "petition_date": date_of(self, "c-petition_date"),
                "outcome": choice_of(self, "c-outcome"),
                "outcome_date": date_of(self, "c-outcome_date"),
                "supervised": answer_of(self, "c-supervised"),
                "supervision_end": date_of(self, "c-supervision_end"),
                "confined": answer_of(self, "c-confined"),
                "release_date": date_of(self, "c-release_date"),
                "restitution_owed": answer_of(self, "c-restitution_owed"),
                "registration_required": answer_of(self, "c-registration_required"),
                "answers": answers,
            }
        )

    # --- offenses ----------------------------------------------------------------------
    def _selected_offense(self) -> int | None:
        if not self.offenses:
            return None
        table = self.query_one("#c-offenses", DataTable)
        return min(max(table.cursor_row, 0), len(self.offenses) - 1)

    def add_offense(self) -> None:
        self._open_offense(None)

    def edit_offense(self, index: int | None = None, focus: str | None = None) -> None:
        index = self._selected_offense() if index is None else index
        if index is None:
            self.add_offense()
        else:
            self._open_offense(index, focus)

    def _open_offense(self, index: int | None, focus: str | None = None) -> None:
        from expunge.tui.modals.offense_dialog import OffenseDialog

        state = choice_of(self, "c-state") or self.case.state
        offense = self.offenses[index] if index is not None else Offense()
        number = (index + 1) if index is not None else len(self.offenses) + 1

        def done(result: Offense | None) -> None:
            if result is None:
                return
            if index is None:
                self.offenses.append(result)
            else:
                self.offenses[index] = result
            self._fill_offenses()
            table = self.query_one("#c-offenses", DataTable)
            table.move_cursor(row=index if index is not None else len(self.offenses) - 1)
            table.focus()

        self.app.push_screen(OffenseDialog(offense, state, number, focus=focus), done)

    def remove_offense(self) -> None:
        from expunge.tui.modals.confirm import Confirm

        index = self._selected_offense()
        if index is None:
            return
        o = self.offenses[index]
        name = o.description or o.section or f"offense {index + 1}"

        def done(yes: bool | None) -> None:
            if yes:
                del self.offenses[index]
                self._fill_offenses()

        self.app.push_screen(
            Confirm("Remove this offense?", f"{name} is removed from the case.", yes="Remove"),
            done,
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_offense(event.cursor_row if self.offenses else None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        handlers = {
            "add-offense": self.add_offense,
            "edit-offense": self.edit_offense,
            "remove-offense": self.remove_offense,
        }
        handler = handlers.get(event.button.id or "")
        if handler:
            event.stop()
            event.prevent_default()  # not a Save / Close button: EditDialog need not look
            handler()

    # --- jumping to a field --------------------------------------------------------------
    def apply_focus(self, request: str) -> None:
        """``request`` is the part of a result's field after ``cases.<id>.``."""
        if request.startswith("offenses."):
            parts = request.split(".", 2)
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(self.offenses):
                self.focus_field("c-offenses")
                self.edit_offense(int(parts[1]), parts[2] if len(parts) > 2 else None)
                return
        if request in ("offenses", "offense_date"):
            self.focus_field("c-offenses")
            if request == "offense_date":
                missing = [i for i, o in enumerate(self.offenses) if not o.offense_date]
                if missing:
                    self.edit_offense(missing[0], "offense_date")
            elif not self.offenses:
                self.add_offense()
            return
        if request.startswith("answers."):
            self.focus_field(f"cq-{request.removeprefix('answers.')}")
            return
        if request == "dates" or request.startswith("dates:"):
            hint = request.removeprefix("dates:")
            found = next((f for f in _CASE_DATES if f in hint), None)
            if "offense" in hint and found is None:
                self.apply_focus("offense_date")
                return
            self.focus_field(f"c-{found or 'outcome_date'}")
            return
        if request == "release_date" and self.case.confined is None:
            self.focus_field("c-confined")
            return
        self.focus_field(f"c-{request}")


def _select(options: list[tuple[str, str]], value: str, widget_id: str) -> Select[str]:
    return Choice(options, value=value, allow_blank=False, compact=True, id=widget_id)


def case_field_from_question(text: str) -> str:
    """'Correct the dates: case c1 outcome_date: ...' → 'dates:outcome_date ...'."""
    m = re.search(
        r"(arrest_date|petition_date|outcome_date|supervision_end|release_date|offense)", text
    )
    return f"dates:{m.group(1)}" if m else "dates"

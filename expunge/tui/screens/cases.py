"""Step 2, the cases: a table of the person's cases (with each one's best result, live),
and of later events and pending matters. Add, edit and delete through dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from expunge.tui.vocab import EVENT_WORDS, LEVEL_WORDS, OUTCOME_SHORT, status_text
from expunge.tui.widgets.table import Cell, fill

if TYPE_CHECKING:
    from expunge.law.result import Assessment
    from expunge.tui.session import Session


class CasesStep(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_case", "Add case"),
        Binding("v", "add_event", "Add event"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete", key_display="d"),
    ]

    class Edit(Message):
        """Open the dialog for a case or event (``item_id`` None: a new one)."""

        def __init__(self, kind: str, item_id: str | None, focus: str | None = None) -> None:
            super().__init__()
            self.kind, self.item_id, self.focus = kind, item_id, focus

    class Delete(Message):
        def __init__(self, kind: str, item_id: str) -> None:
            super().__init__()
            self.kind, self.item_id = kind, item_id

    def __init__(self, session: Session) -> None:
        super().__init__(id="cases-step")
        self.session = session
        self._assessment: Assessment | None = None
        self._width = 0

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
            self.refresh_tables(self._assessment)

    def compose(self) -> ComposeResult:
        yield Static(
            "Cases: a add · Enter/e edit · d delete", id="cases-title", classes="section-title"
        )
        yield DataTable(id="cases-table", cursor_type="row", zebra_stripes=True)
        yield Static(
            "Later events and pending matters: v add · Enter/e edit · d delete",
            classes="section-title",
        )
        yield DataTable(id="events-table", cursor_type="row", zebra_stripes=True)

    def refresh_tables(self, assessment: Assessment | None) -> None:
        self._assessment = assessment
        results = {c.case_id: c for c in (assessment.cases if assessment else [])}
        table = self.query_one("#cases-table", DataTable)
        keep = _cursor_key(table)
        # at 80 columns the county / docket column gives way; the offense takes the rest
        width = self.size.width or 80
        wide = width >= 100
        labels = ["Case", "St", "Result (best route)", "Offense", "Outcome"]
        if wide:
            labels.append("County / docket")
        rows: list[tuple[str | None, list[Cell]]] = []
        offense_width = max(12, width - (4 + 2 + 24 + 22 + 12) - (22 if wide else 0))
        for c in self.session.record.cases:
            offense = "; ".join(o.description or o.section or "offense" for o in c.offenses) or "?"
            outcome = OUTCOME_SHORT.get(c.outcome, "?") if c.outcome else "?"
            if c.outcome_date:
                outcome += f" {c.outcome_date}"
            result = results.get(c.id)
            result_text: Text = Text("")
            if result is not None:
                best = next((p for p in result.paths if p.path_id == result.best_path), None)
                if not result.modeled:
                    result_text = status_text("unmodeled")
                elif best is None:
                    result_text = status_text("ineligible")
                else:
                    date = best.key_date if best.status != "needs_facts" else None
                    result_text = status_text(best.status, date)
            where = " ".join(x for x in (c.county, c.docket) if x) or "-"
            cells: list[Cell] = [
                c.id,
                c.state,
                result_text,
                _clip(offense, offense_width),
                Text(outcome),
            ]
            if wide:
                cells.append(_clip(where, 20))
            rows.append((c.id, cells))
        fill(table, labels, rows)
        _restore_cursor(table, keep)
        events = self.query_one("#events-table", DataTable)
        keep = _cursor_key(events)
        event_rows: list[tuple[str | None, list[Cell]]] = []
        for e in self.session.record.events:
            what = e.description or "?"
            if e.level:
                what += f" ({LEVEL_WORDS.get(e.level, e.level)})"
            cells = [e.id, EVENT_WORDS.get(e.kind, e.kind), e.state or "?", _clip(what, 36)]
            event_rows.append((e.id, [*cells, e.date or "?"]))
        fill(events, ["Event", "Kind", "St", "What", "Date"], event_rows)
        _restore_cursor(events, keep)
        n = len(self.session.record.cases)
        self.query_one("#cases-title", Static).update(
            f"Cases ({n}): a add · Enter/e edit · d delete"
            if n
            else "Cases: none yet, press a to add the first"
        )

    def _focused_table(self) -> tuple[str, DataTable[Any]]:
        events = self.query_one("#events-table", DataTable)
        if events.has_focus:
            return "event", events
        return "case", self.query_one("#cases-table", DataTable)

    def _selected(self) -> tuple[str, str | None]:
        kind, table = self._focused_table()
        return kind, _cursor_key(table)

    def action_add_case(self) -> None:
        self.post_message(self.Edit("case", None))

    def action_add_event(self) -> None:
        self.post_message(self.Edit("event", None))

    def action_edit(self) -> None:
        kind, key = self._selected()
        if key:
            self.post_message(self.Edit(kind, key))
        else:
            self.post_message(self.Edit(kind, None))

    def action_delete(self) -> None:
        kind, key = self._selected()
        if key:
            self.post_message(self.Delete(kind, key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        kind = "event" if event.data_table.id == "events-table" else "case"
        self.post_message(self.Edit(kind, event.row_key.value))

    def focus_events(self) -> None:
        self.query_one("#events-table", DataTable).focus()


def _clip(text: str, width: int) -> Text:
    """User text for a table cell (never markup), shortened with an ellipsis to fit."""
    out = Text(text)
    if len(text) > width:
        out.truncate(width, overflow="ellipsis")
    return out


def _cursor_key(table: DataTable[Any]) -> str | None:
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except CellDoesNotExist:
        return None


def _restore_cursor(table: DataTable[Any], key: str | None) -> None:
    if key is None or table.row_count == 0:
        return
    try:
        table.move_cursor(row=table.get_row_index(key))
    except RowDoesNotExist:  # that row was deleted
        table.move_cursor(row=min(table.cursor_row, table.row_count - 1))

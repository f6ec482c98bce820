"""Start: a new intake, or open a saved one (newest first, search by name)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from expunge.tui.screens.cases import _clip
from expunge.tui.widgets.inputs import TextInput
from expunge.tui.widgets.table import Cell, fill

if TYPE_CHECKING:
    from expunge.store import IntakeInfo
    from expunge.tui.app import ExpungeApp


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New intake"),
        Binding("enter", "open", "Open", show=False),
        Binding("d,delete", "delete", "Delete", key_display="d"),
        Binding("i", "import", "Import JSON"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("q", "app.quit", "Quit"),
        Binding("s", "app.settings", "Settings", show=False),
    ]

    app: ExpungeApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="§")
        with Vertical(id="start"):
            yield Static(
                "Start a new intake, or open a saved one.",
                id="start-intro",
            )
            with Horizontal(id="start-actions"):
                yield Button("New intake (n)", id="new", variant="primary", compact=True)
                yield Button("Import record JSON (i)", id="import", compact=True)
            yield TextInput(placeholder="Search saved intakes by name (/)", id="search")
            yield DataTable(id="intakes", cursor_type="row", zebra_stripes=True)
            yield Static("", id="start-empty", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Intakes"
        table = self.query_one("#intakes", DataTable)
        self.refresh_list()
        table.focus()
        self.call_after_refresh(self.app.warm_up)

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        table = self.query_one("#intakes", DataTable)
        search = self.query_one("#search", Input).value
        store = self.app.store
        rows: list[IntakeInfo] = store.list(search) if store else []
        width = max(20, self.app.size.width - 44)
        cells: list[tuple[str | None, list[Cell]]] = []
        for info in rows:
            when = info.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
            name = _clip(info.display_name, width)
            cells.append((info.id, [name, str(info.case_count), Text(info.states or "-"), when]))
        fill(table, ["Name", "Cases", "States", "Last changed"], cells)
        empty = self.query_one("#start-empty", Static)
        if store is None and self.app.needs_first_run:
            empty.update("Everything was removed. Press n to start a new intake.")
        elif store is None:
            empty.update(
                f"The intake database cannot be used ({self.app.store_error}). "
                "New intakes will not be saved."
            )
        elif not rows and search.strip():
            empty.update("No saved intake matches that search.")
        elif not rows:
            empty.update("No saved intakes yet: press n to start one.")
        else:
            empty.update(f"{len(rows)} saved intake(s), newest first. Enter opens one.")

    # --- events ----------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one("#intakes", DataTable).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new()
        elif event.button.id == "import":
            self.action_import()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.open_intake(event.row_key.value)

    def _selected(self) -> str | None:
        table = self.query_one("#intakes", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return key.value

    # --- actions ---------------------------------------------------------------------
    def action_new(self) -> None:
        self.app.new_intake()

    def action_open(self) -> None:
        intake_id = self._selected()
        if intake_id:
            self.app.open_intake(intake_id)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_import(self) -> None:
        self.app.import_intake()

    def action_delete(self) -> None:
        from expunge.tui.modals.confirm import Confirm

        intake_id = self._selected()
        store = self.app.store
        if not intake_id or store is None:
            return
        table = self.query_one("#intakes", DataTable)
        name = table.get_row(intake_id)[0]

        def done(yes: bool | None) -> None:
            if yes:
                store.delete(intake_id)
                self.refresh_list()
                self.notify("Intake deleted.")

        self.app.push_screen(
            Confirm(
                "Delete this intake?",
                f"{name}: the saved intake and all its cases are removed. This cannot be undone.",
                yes="Delete",
            ),
            done,
        )

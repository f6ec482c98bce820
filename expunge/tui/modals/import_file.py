"""Import a record JSON file (the format ``expunge check`` reads) as a new intake."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from expunge.record import Record
from expunge.tui.widgets.inputs import TextInput


class ImportDialog(ModalScreen[Record | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog"):
            yield Static("Import a record JSON file", classes="dialog-title")
            yield Static(
                "The file 'expunge check' reads (see README: record format).",
                classes="dialog-message",
            )
            yield TextInput(placeholder="path/to/record.json", id="import-path")
            yield Static("", id="import-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import (Enter)", id="do-import", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _import(self) -> None:
        from expunge.store import RecordFileError, import_record

        text = self.query_one("#import-path", Input).value.strip()
        error = self.query_one("#import-error", Static)
        if not text:
            error.update("Type the path of the file.")
            return
        try:
            record = import_record(Path(text).expanduser())
        except RecordFileError as exc:
            error.update("\n".join(exc.lines))
            return
        self.dismiss(record)

    def on_input_submitted(self) -> None:
        self._import()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "do-import":
            self._import()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

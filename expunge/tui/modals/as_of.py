"""F7: the date the results are computed for (default today), for "what if" questions."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from expunge.tui.widgets.date_field import DateField


class AsOfDialog(ModalScreen[date | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: date, today: date) -> None:
        super().__init__(classes="dialog-screen")
        self._current, self._today = current, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog"):
            yield Static("Assess as of which date?", classes="dialog-title")
            yield Static(
                f"Today is {self._today}. A later date shows what will be possible then.",
                classes="dialog-message",
            )
            yield DateField(
                self._current.isoformat(),
                exact=True,
                placeholder="YYYY-MM-DD or MM/DD/YYYY",
                id="as-of",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (Enter)", id="apply", variant="primary", compact=True)
                yield Button("Today", id="today", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(DateField).focus()

    def _apply(self) -> None:
        field = self.query_one(DateField)
        if field.problem or field.value is None:
            self.notify(field.problem or "Type a date, or press Today.", severity="warning")
            field.focus()
            return
        self.dismiss(date.fromisoformat(field.value))

    def on_input_submitted(self) -> None:
        self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self._apply()
        elif event.button.id == "today":
            self.dismiss(self._today)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

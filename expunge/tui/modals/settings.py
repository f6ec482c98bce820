"""Settings (s on the start screen, or the command palette): the passphrase, how long
unopened intakes are kept, and removing everything expunge keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from expunge.tui.screens.protect import LOST_WARNING, passphrase_problem
from expunge.tui.widgets.inputs import TextInput

if TYPE_CHECKING:
    from expunge.store import Store
    from expunge.tui.app import ExpungeApp


class SettingsDialog(ModalScreen["str | None"]):
    """Dismisses with "purge" when the user asked to remove everything (the app asks)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    app: ExpungeApp  # type: ignore[assignment]

    def __init__(self, store: Store) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store

    def compose(self) -> ComposeResult:
        protected = self.store.encrypted
        with Vertical(classes="dialog small-dialog", id="settings"):
            yield Static("Settings", classes="dialog-title")
            yield Static(
                "Saved intakes are protected by a passphrase."
                if protected
                else "Saved intakes are NOT protected by a passphrase.",
                id="protection-state",
                classes="dialog-message",
            )
            if protected:
                yield TextInput(placeholder="Current passphrase", password=True, id="old-pass")
            yield TextInput(placeholder="New passphrase", password=True, id="new-pass")
            yield TextInput(placeholder="New passphrase again", password=True, id="confirm-pass")
            yield Static(LOST_WARNING, classes="dialog-message")
            yield Button(
                "Change passphrase" if protected else "Protect with this passphrase",
                id="set-pass",
                compact=True,
            )
            days = self.store.retention_days
            yield Static(
                "\nDelete intakes not opened for this many days (empty: keep them):",
                classes="dialog-message",
            )
            yield TextInput(str(days) if days else "", placeholder="days", id="retention")
            yield Static("", id="settings-note", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save days", id="save-days", variant="primary", compact=True)
                yield Button("Remove everything…", id="purge", variant="error", compact=True)
                yield Button("Close (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#retention", Input).focus()

    def _note(self, text: str, *, error: bool = True) -> None:
        note = self.query_one("#settings-note", Static)
        note.update(text)
        note.set_class(error, "field-error")
        if not error:
            self.notify(text, timeout=4)

    def _set_passphrase(self) -> None:
        from expunge.store import StoreError, WrongPassphrase

        new = self.query_one("#new-pass", Input).value
        problem = passphrase_problem(new, self.query_one("#confirm-pass", Input).value)
        if problem:
            self._note(problem)
            return
        try:
            if self.store.encrypted:
                self.store.change_passphrase(self.query_one("#old-pass", Input).value, new)
            else:
                self.store.enable_encryption(new)
        except WrongPassphrase:
            self._note("The current passphrase is wrong. Nothing was changed.")
            return
        except StoreError as exc:
            self._note(f"{exc}. Nothing was changed.")
            return
        for field in self.query(Input):
            if field.password:
                field.value = ""
        self._note("Passphrase set: the saved intakes are re-encrypted.", error=False)
        self.query_one("#protection-state", Static).update(
            "Saved intakes are protected by a passphrase."
        )

    def _save_days(self) -> None:
        text = self.query_one("#retention", Input).value.strip()
        if text and (not text.isdigit() or int(text) < 1):
            self._note("Type a whole number of days (1 or more), or leave it empty.")
            return
        days = int(text) if text else None
        self.store.set_retention_days(days)
        gone = self.store.expired()
        self._note(
            f"Intakes not opened for {days} days will be deleted at start ({len(gone)} now)."
            if days
            else "Intakes are kept until you delete them.",
            error=False,
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "retention":
            self._save_days()
        else:
            self._set_passphrase()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "set-pass":
            self._set_passphrase()
        elif event.button.id == "save-days":
            self._save_days()
        elif event.button.id == "purge":
            self.dismiss("purge")
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

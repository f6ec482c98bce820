"""Before the first screen: choose whether to protect saved intakes (first run), or enter
the passphrase of a protected store. Neither writes anything until the user has chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from expunge.tui.widgets.inputs import TextInput

if TYPE_CHECKING:
    from expunge.store import Store  # noqa: F401  (named in the generic below)

MIN_LENGTH = 8
LOST_WARNING = (
    "Write the passphrase down somewhere safe: if it is lost, the saved intakes cannot be"
    " recovered by anyone."
)


def passphrase_problem(new: str, confirm: str) -> str | None:
    """Why a new passphrase is not accepted (None when it is)."""
    if len(new) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (a few words are easy to remember)."
    if new != confirm:
        return "The two passphrases are not the same: type them again."
    return None


class FirstRunScreen(ModalScreen["str | None"]):
    """No saved intakes yet. Dismisses with the passphrase, "" for none, None to quit."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog", id="first-run"):
            yield Static("Protect saved intakes?", classes="dialog-title")
            yield Static(
                "expunge saves every intake on this computer as you type. Juvenile records"
                " are confidential: a passphrase encrypts the names and records it saves.",
                classes="dialog-message",
            )
            yield TextInput(placeholder="Passphrase", password=True, id="new-passphrase")
            yield TextInput(placeholder="The same again", password=True, id="confirm-passphrase")
            yield Static(LOST_WARNING, classes="dialog-message")
            yield Static("", id="passphrase-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    "Protect with a passphrase (recommended)",
                    id="protect",
                    variant="primary",
                    compact=True,
                )
                yield Button("Continue without", id="plain", compact=True)

    def on_mount(self) -> None:
        self.query_one("#new-passphrase", Input).focus()

    def _protect(self) -> None:
        new = self.query_one("#new-passphrase", Input).value
        confirm = self.query_one("#confirm-passphrase", Input).value
        problem = passphrase_problem(new, confirm)
        if problem:
            self.query_one("#passphrase-error", Static).update(problem)
            return
        self.dismiss(new)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-passphrase":
            self.query_one("#confirm-passphrase", Input).focus()
        else:
            self._protect()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "protect":
            self._protect()
        else:
            self.dismiss("")

    def action_quit(self) -> None:
        self.dismiss(None)


class UnlockScreen(ModalScreen["Store | None"]):
    """A protected store: ask for the passphrase until it opens; Escape quits (no change)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog", id="unlock"):
            yield Static("Saved intakes are protected", classes="dialog-title")
            yield Static(
                "Enter the passphrase to open them. Escape quits without changing anything.",
                classes="dialog-message",
            )
            yield TextInput(placeholder="Passphrase", password=True, id="passphrase")
            yield Static("", id="passphrase-error", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from expunge.store import Store, StoreError, WrongPassphrase

        error = self.query_one("#passphrase-error", Static)
        if not event.value:
            error.update("Type the passphrase, or press Escape to quit.")
            return
        try:
            store = Store(passphrase=event.value)
        except WrongPassphrase:
            event.input.value = ""
            error.update("That passphrase does not open the saved intakes. Nothing was changed.")
            return
        except (StoreError, OSError) as exc:
            error.update(str(exc))
            return
        self.dismiss(store)

    def action_quit(self) -> None:
        self.dismiss(None)

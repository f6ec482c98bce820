"""The common shape of the editing dialogs (case, offense, event).

Escape never throws work away: with changes, it asks Save / Discard / Keep editing.
Ctrl+S saves; a date that is not valid keeps the dialog open and says which field.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from expunge.record import describe_errors
from expunge.tui.vocab import UNKNOWN
from expunge.tui.widgets.date_field import DateField
from expunge.tui.widgets.tristate import TriState

T = TypeVar("T")


class EditDialog(ModalScreen[T | None], Generic[T]):
    """Subclasses give ``title``, ``body()`` and ``build()``; the rest is shared."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "close", "Close", key_display="Esc"),
    ]
    what = "item"
    # fields that are not part of the result (a search box) do not count as changes
    not_data: frozenset[str] = frozenset()
    # the keys, shown beside the buttons (no Footer here: it redraws on every focus change,
    # which makes typing in a long dialog slow)
    keys_hint = "y/n: answer · u or ?: don't know"

    def __init__(self, title: str, *, focus: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._focus_request = focus
        self._initial: dict[str, Any] | None = None

    # --- to implement ----------------------------------------------------------------
    def body(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> T:
        """The edited object; raises ValueError (pydantic's ValidationError) when invalid."""
        raise NotImplementedError

    def extra_state(self) -> Any:
        """State not held in widgets (e.g. the case's list of offenses)."""
        return None

    def apply_focus(self, request: str) -> None:
        """Focus the field a result question points at."""
        self.focus_field(request)

    # --- shared ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog edit-dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-body"):
                yield from self.body()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="dialog-save", variant="primary", compact=True)
                yield Button("Close (Esc)", id="dialog-close", compact=True)
                yield Static(self.keys_hint, classes="dialog-keys", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_mount)

    def _after_mount(self) -> None:
        self._initial = self.raw_state()
        if self._focus_request:
            self.apply_focus(self._focus_request)
        else:
            self.focus_first()

    def focus_first(self) -> None:
        body = self.query_one(".dialog-body")
        for widget in body.query("Input, Select, TriState, Button, DataTable"):
            if widget.focusable:
                widget.focus()
                return

    def focus_field(self, widget_id: str) -> bool:
        try:
            widget = self.query_one(f"#{widget_id}")
        except NoMatches:  # no such field on this dialog: focus the first
            self.focus_first()
            return False
        widget.focus()
        widget.scroll_visible()
        return True

    def raw_state(self) -> dict[str, Any]:
        """Everything typed or chosen, as is (even when invalid): the basis of 'changed?'."""
        out: dict[str, Any] = {}
        for w in self.query("Input, Select, TriState"):
            if w.id is None and isinstance(w, Input) and isinstance(w.parent, DateField):
                key = w.parent.id
            else:
                key = w.id
            if key is None or key in self.not_data:
                continue
            out[key] = w.value  # type: ignore[attr-defined]
        out["__extra__"] = self.extra_state()
        return out

    def has_changes(self) -> bool:
        return self._initial is not None and self.raw_state() != self._initial

    def problems(self) -> list[tuple[Widget, str]]:
        """Fields that cannot be saved as typed (dates that are not dates)."""
        out: list[tuple[Widget, str]] = []
        for field in self.query(DateField):
            if field.problem:
                label = field.id.split("-", 1)[-1].replace("_", " ") if field.id else "date"
                out.append((field, f"{label}: {field.problem}"))
        return out

    def try_build(self) -> T | None:
        problems = self.problems()
        if problems:
            widget, message = problems[0]
            self.notify(message, title="Cannot save yet", severity="error", timeout=8)
            widget.focus()
            return None
        try:
            return self.build()
        except ValidationError as exc:
            self.notify(
                "\n".join(describe_errors(exc)[:4]),
                title="Cannot save yet",
                severity="error",
                timeout=8,
            )
            return None
        except ValueError as exc:
            self.notify(str(exc), title="Cannot save yet", severity="error", timeout=8)
            return None

    def action_save(self) -> None:
        result = self.try_build()
        if result is not None:
            self.dismiss(result)

    def action_close(self) -> None:
        self.close_then(after_save=None, discard_to=lambda: self.dismiss(None))

    def close_then(self, after_save: Any, discard_to: Any) -> None:
        """Leave the dialog; with changes, ask first. ``after_save`` runs once saved."""
        from expunge.tui.modals.confirm import UnsavedChanges

        if not self.has_changes():
            discard_to()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                result = self.try_build()
                if result is not None:
                    self.dismiss(result)
                    if after_save is not None:
                        self.app.call_later(after_save)
            elif choice == "discard":
                discard_to()

        self.app.push_screen(UnsavedChanges(self.what), chosen)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "dialog-save":
            event.stop()
            self.action_save()
        elif event.button.id == "dialog-close":
            event.stop()
            self.action_close()


# --- reading widgets -------------------------------------------------------------------
def text_of(dialog: ModalScreen[Any], widget_id: str) -> str | None:
    value = dialog.query_one(f"#{widget_id}", Input).value.strip()
    return value or None


def choice_of(dialog: ModalScreen[Any], widget_id: str) -> str | None:
    value = dialog.query_one(f"#{widget_id}", Select).value
    if value is Select.NULL or value == UNKNOWN:
        return None
    return str(value)


def date_of(dialog: ModalScreen[Any], widget_id: str) -> str | None:
    return dialog.query_one(f"#{widget_id}", DateField).value


def answer_of(dialog: ModalScreen[Any], widget_id: str) -> bool | None:
    return dialog.query_one(f"#{widget_id}", TriState).value

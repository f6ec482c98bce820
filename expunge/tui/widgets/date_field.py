"""A date typed as YYYY-MM-DD or MM/DD/YYYY (or YYYY-MM / YYYY when only that is known),
checked as it is typed, with the problem said in words under the field. Empty means
"don't know", and ``?`` empties it in one keystroke.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from expunge.dates import DateInputError, parse_partial
from expunge.tui.widgets.inputs import TextInput

HINT = "YYYY-MM-DD or MM/DD/YYYY · ? = don't know"


def normalise(text: str, *, exact: bool = False) -> tuple[str | None, str | None]:
    """(value to store, problem). An exact date is stored as ISO; empty is (None, None)."""
    s = text.strip()
    if not s:
        return None, None
    try:
        span = parse_partial(s)
    except DateInputError as exc:
        return None, str(exc)
    if span.is_exact:
        return span.lo.isoformat(), None
    if exact:
        return None, f"'{s}': a full date is needed here (YYYY-MM-DD or MM/DD/YYYY)"
    return s, None


class DateInput(TextInput):
    """An Input where ``?`` means "don't know" (clears the field)."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual then calls Input's own handler, unless the default is prevented
        if event.character == "?":
            event.stop()
            event.prevent_default()
            self.value = ""


class DateField(Vertical):
    """A date input and, under it, what is wrong with what was typed (if anything)."""

    DEFAULT_CSS = """
    DateField {
        height: auto;
        width: 1fr;
    }
    DateField > .date-error {
        color: $text-error;
        display: none;
    }
    DateField.-invalid > .date-error {
        display: block;
    }
    """

    class Changed(Message):
        def __init__(self, field: DateField, value: str | None, problem: str | None) -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.problem = problem

        @property
        def control(self) -> DateField:
            return self.field

    def __init__(
        self,
        text: str | None = None,
        *,
        exact: bool = False,
        placeholder: str = HINT,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._initial = text or ""
        self.exact = exact
        self._placeholder = placeholder
        self._problem_shown: str | None = None

    def compose(self) -> ComposeResult:
        yield DateInput(self._initial, placeholder=self._placeholder, compact=True)
        yield Static("", classes="date-error", markup=False)

    def on_mount(self) -> None:
        self._show(self._initial)

    @property
    def input(self) -> DateInput:
        return self.query_one(DateInput)

    @property
    def text(self) -> str:
        return self.input.value

    @text.setter
    def text(self, value: str) -> None:
        self.input.value = value

    @property
    def value(self) -> str | None:
        return normalise(self.input.value, exact=self.exact)[0]

    @property
    def problem(self) -> str | None:
        return normalise(self.input.value, exact=self.exact)[1]

    def focus(self, scroll_visible: bool = True) -> DateField:
        self.input.focus(scroll_visible)
        return self

    def _show(self, text: str) -> tuple[str | None, str | None]:
        value, problem = normalise(text, exact=self.exact)
        if problem != self._problem_shown:  # redraw only when the message changes
            self._problem_shown = problem
            self.set_class(problem is not None, "-invalid")
            self.query_one(".date-error", Static).update(problem or "")
        return value, problem

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        value, problem = self._show(event.value)
        self.post_message(self.Changed(self, value, problem))

"""Form layout: a label column and a field, one line each where possible."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from expunge.tui.widgets.tristate import TriState


class Row(Horizontal):
    """``label  [field]`` on one line (a date grows a line for its error).

    Kept to two widgets: every extra widget in a dialog costs time when it opens.
    """

    DEFAULT_CSS = """
    Row {
        height: auto;
    }
    Row > .row-label {
        width: 18;
        padding: 0 1 0 0;
        color: $text-muted;
    }
    """

    def __init__(self, label: str, field: Widget) -> None:
        super().__init__()
        self._label = label
        self._field = field

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="row-label")
        yield self._field


class Question(Vertical):
    """A question from a statute file (wrapped, full width) and its yes/no/don't-know answer."""

    DEFAULT_CSS = """
    Question {
        height: auto;
        margin: 0 0 1 0;
    }
    Question > .question-text {
        width: 1fr;
    }
    Question > TriState {
        margin: 0 0 0 2;
    }
    """

    def __init__(
        self, qid: str, text: str, value: bool | None, *, id_prefix: str, state: str
    ) -> None:
        super().__init__(classes="question")
        self.qid = qid
        self._text = f"[{state}] {text}"
        self._value = value
        self._answer_id = f"{id_prefix}{qid}"

    def compose(self) -> ComposeResult:
        yield Static(self._text, classes="question-text", markup=False)
        yield TriState(self._value, id=self._answer_id)

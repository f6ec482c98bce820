"""Yes / No / Don't know on one line: 'don't know' is always one keystroke (u or ?)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

_CHOICES: list[tuple[bool | None, str]] = [(True, "Yes"), (False, "No"), (None, "Don't know")]


class TriState(Widget, can_focus=True):
    """A yes/no/unknown answer. The chosen one is marked ● (not only coloured)."""

    DEFAULT_CSS = """
    TriState {
        height: 1;
        width: 1fr;
        min-width: 30;
    }
    TriState:focus {
        background: $boost;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose('yes')", "Yes"),
        Binding("n", "choose('no')", "No"),
        Binding("u,question_mark", "choose('unknown')", "Don't know", key_display="u/?"),
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right,space", "step(1)", "Next", show=False),
    ]

    value: reactive[bool | None] = reactive(None)

    class Changed(Message):
        def __init__(self, tristate: TriState, value: bool | None) -> None:
            super().__init__()
            self.tristate = tristate
            self.value = value

        @property
        def control(self) -> TriState:
            return self.tristate

    def __init__(
        self,
        value: bool | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(TriState.value, value)
        self.hint = hint  # shown dimmed after the choices

    def render(self) -> Text:
        out = Text()
        for i, (val, word) in enumerate(_CHOICES):
            if i:
                out.append("   ")
            chosen = val is self.value
            mark = "●" if chosen else "○"
            out.append(f"{mark} {word}", style="bold reverse" if chosen else "")
        if self.hint:
            out.append(f"   {self.hint}", style="dim")
        return out

    def watch_value(self, value: bool | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_choose(self, which: str) -> None:
        self.value = {"yes": True, "no": False}.get(which)

    def action_step(self, delta: int) -> None:
        index = next(i for i, (v, _) in enumerate(_CHOICES) if v is self.value)
        self.value = _CHOICES[(index + delta) % len(_CHOICES)][0]

    def on_click(self, event: events.Click) -> None:
        x = 0
        for val, word in _CHOICES:
            width = len(word) + 2
            if x <= event.x < x + width:
                self.value = val
                return
            x += width + 3

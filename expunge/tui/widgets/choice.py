"""A drop-down where "don't know" is one keystroke (``?`` or ``u``), as everywhere else."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Select
from textual.widgets.select import InvalidSelectValueError

from expunge.tui.vocab import UNKNOWN


class Choice(Select[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,u", "unknown", "Don't know", show=False),
    ]

    def action_unknown(self) -> None:
        # only where "don't know" is an option (a case's state, for one, must be known)
        with contextlib.suppress(InvalidSelectValueError):
            self.value = UNKNOWN

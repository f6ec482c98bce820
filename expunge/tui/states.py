"""The statute files as the screens need them: which states are modeled, their laws."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from expunge.tui.vocab import UNKNOWN, US_STATES, state_label

if TYPE_CHECKING:
    from expunge.law.schema import StateLaw


@cache
def modeled_states() -> tuple[str, ...]:
    from expunge.law.library import available_states

    return tuple(available_states())


def law_or_none(state: str) -> StateLaw | None:
    """The state's law; None when it is not modeled or its file is broken."""
    from expunge.law.library import StatuteFileError, load_state

    if state not in modeled_states():
        return None
    try:
        return load_state(state)
    except (KeyError, StatuteFileError):
        return None


def state_options(*, unknown: bool = False) -> list[tuple[str, str]]:
    """Select options: the modeled states first, then every other state."""
    modeled = modeled_states()
    options = [(state_label(s, True), s) for s in modeled]
    options += [(state_label(s, False), s) for s in sorted(US_STATES) if s not in modeled]
    if unknown:
        options.insert(0, ("Don't know", UNKNOWN))
    return options

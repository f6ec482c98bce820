"""Court petitions: the official form filled where one is shipped (``forms/<st>/``), a
generated pleading in the court's customary shape elsewhere (``forms/pleading/<st>.toml``).

The API for the CLI and the TUI::

    from expunge.petition import which_form, write_petition
    choice = which_form(record, "c1")            # FormChoice: official form set or pleading
    options = petition_paths(record, "c1")       # [(PathResult, FormChoice | None, reason)]
    result = write_petition(record, ["c1"], None, Path("out.pdf"), flatten=True)
    result.paths, result.form, result.notes     # files written, form used, notes for the filer

PDF libraries are imported only when a petition is written.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from expunge.petition.api import petition_paths, render_petition, which_form, write_petition
    from expunge.petition.model import FormChoice, PetitionError, PetitionResult

# Loaded on first use: `expunge` parses its commands (and opens the intake screen) without
# paying for the petition code.
_LAZY = {
    "petition_paths": "expunge.petition.api",
    "render_petition": "expunge.petition.api",
    "which_form": "expunge.petition.api",
    "write_petition": "expunge.petition.api",
    "FormChoice": "expunge.petition.model",
    "PetitionError": "expunge.petition.model",
    "PetitionResult": "expunge.petition.model",
}

__all__ = [
    "FormChoice",
    "PetitionError",
    "PetitionResult",
    "petition_paths",
    "render_petition",
    "which_form",
    "write_petition",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)

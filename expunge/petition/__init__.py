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

from expunge.petition.api import petition_paths, render_petition, which_form, write_petition
from expunge.petition.model import FormChoice, PetitionError, PetitionResult

__all__ = [
    "FormChoice",
    "PetitionError",
    "PetitionResult",
    "petition_paths",
    "render_petition",
    "which_form",
    "write_petition",
]

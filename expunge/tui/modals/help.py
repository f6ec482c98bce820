"""F1: the words the tool uses, and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

HELP = """\
## Words

- **Sealing**: the record is kept but closed to the public and most agencies.
- **Expungement / expunction / destruction**: the record is erased or destroyed.
- **Set-aside**: the adjudication is set aside (e.g. Michigan, Arizona).
- **Automatic**: happens by law, with no request. *Administrative*: a request to an agency,
  no judge. *Petition*: a request to a court; "shall" means the court must grant it when the
  conditions are met, "may" means the judge decides.
- **Outcome**: how the case ended: no petition filed, diversion, informal adjustment,
  consent decree, dismissed, found not delinquent, **adjudicated delinquent** (the juvenile
  counterpart of a conviction), or convicted in adult court.
- **Termination / discharge**: the end of probation, supervision or commitment. Many waiting
  periods start here.
- **Status offense**: conduct that is an offense only for minors (truancy, curfew...).

## Results

- `✔ ELIGIBLE NOW` can be filed today.
- `◷ ELIGIBLE ON date` can be filed from that date.
- `⟳ AUTOMATIC date` happens by law (if the date is past, check that it was done).
- `? NEEDS FACTS` a fact is missing: the question to ask is listed; Enter on it jumps to
  the field.
- `✘ NOT ELIGIBLE` a condition fails (the reason and the law are given).

**Unknown is always a valid answer**: leave a field empty, or press `?` in a date and
`u` (or `?`) on a yes/no or a drop-down. The tool never treats "don't know" as "no"; it
asks instead.

Dates: `YYYY-MM-DD` or `MM/DD/YYYY`; `YYYY-MM` or `YYYY` when only that is known.

## Keys

| key | does |
|---|---|
| F1 | this help |
| F2 … F6 | Person, Cases, Results, Plan, Petition |
| F7 | change the as-of date ("what if") |
| Ctrl+P | command palette (every action by name) |
| Esc | back (nothing typed is lost: everything is saved as you go) |
| Tab / Shift+Tab | next / previous field |
| a, v | add a case, add a later event (Cases) |
| Enter, e | edit the selected case or event |
| d, Delete | delete (asks first) |
| Ctrl+S | save the dialog |
| Ctrl+Q | quit (saves first) |
| s | settings: passphrase, delete unopened intakes after N days, remove everything (start screen) |

Everything stays on this computer. This is legal information, not legal advice.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", key_display="Esc")
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Static("Help", classes="dialog-title")
            with VerticalScroll():
                yield Markdown(HELP)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)

"""Step 5, the petition: hand-off to the petition generator (``expunge.petition``).

Lists, per case, the relief paths a petition could be written for and the paper it would
be written on (the official form, or a generated pleading); the advocate picks the case(s)
and path, and the PDF is written into the folder chosen on the Plan step (file names carry
no personal data). If the petition package is missing, this step says so.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Static

from expunge.tui.screens.cases import _clip, _cursor_key
from expunge.tui.vocab import status_text
from expunge.tui.widgets.table import Cell, fill

if TYPE_CHECKING:
    from expunge.tui.session import Session

NOT_YET = (
    "Petitions are not available yet.\n\n"
    "The petition generator (the official form where one exists, otherwise a clean"
    " pleading, with the proposed order and the agencies to serve) is a later step of this"
    " tool. Until then, use the Plan step (F5) for the plain-language plan, and the"
    " Results step (F4) for the path, its date and its citations."
)


def petition_module() -> ModuleType | None:
    """``expunge.petition`` when it offers what this step needs, else None."""
    try:
        module = importlib.import_module("expunge.petition")
    except ImportError:
        return None
    if all(hasattr(module, n) for n in ("write_petition", "which_form", "petition_paths")):
        return module
    return None


class PetitionStep(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark case", key_display="space"),
        Binding("w", "write", "Write petition"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(id="petition-step")
        self.session = session
        self.module = petition_module()
        self.marked: set[str] = set()  # row keys "case|path"
        self.as_of: Any = None
        self._width = 0
        self._rows: dict[str, tuple[Any, Any, str]] = {}

    def compose(self) -> ComposeResult:
        if self.module is None:
            with VerticalScroll(id="petition-scroll"):
                yield Static(NOT_YET, id="petition-note", markup=False)
            return
        yield Static(
            "Petition paths per case (not automatic, not ruled out). Enter or w writes the"
            " selected row; space marks more cases of the same state and path.",
            id="petition-note",
            classes="muted",
        )
        yield DataTable(id="petition-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="petition-form-box"):
            yield Static("", id="petition-form", markup=False)
        with Horizontal(classes="inline-buttons"):
            yield Button("Write petition (w)", id="write-petition", variant="primary", compact=True)
            yield Checkbox("Also a flattened print copy", True, id="petition-flatten", compact=True)
        with VerticalScroll(id="petition-result-box"):
            yield Static("", id="petition-result", markup=False)

    # --- filling -----------------------------------------------------------------------
    def show(self, as_of: Any) -> None:
        """Recompute the list (on entering the step: it assesses each case)."""
        if self.module is None:
            return
        self.as_of = as_of
        self._width = self.size.width
        table = self.query_one("#petition-table", DataTable)
        keep = _cursor_key(table)
        rows: list[tuple[str | None, list[Cell]]] = []
        self._rows = {}
        record = self.session.record
        options_by_case: dict[str, Any] = {}
        for case in record.cases:
            try:
                options_by_case[case.id] = self.module.petition_paths(record, case.id, as_of)
            except (self.module.PetitionError, ValueError, OverflowError) as exc:
                options_by_case[case.id] = exc
        status_w = max(
            (
                len(status_text(p.status, p.key_date))
                for opts in options_by_case.values()
                if isinstance(opts, list)
                for p, _, _ in opts
            ),
            default=14,
        )
        # the path title and the paper share what is left of the width
        rest = max(32, (self.size.width or 80) - (1 + 4 + status_w) - 12)
        papers = [
            len(choice.title if choice is not None else f"none: {why}")
            for opts in options_by_case.values()
            if isinstance(opts, list)
            for _, choice, why in opts
        ]
        width = min(max(papers, default=10), rest // 2)  # the paper first, up to half
        path_w = rest - width
        for case in record.cases:
            options = options_by_case[case.id]
            if not isinstance(options, list):
                key = f"{case.id}|"
                self._rows[key] = (None, None, str(options))
                rows.append((key, ["", case.id, Text("–"), _clip(str(options), path_w), ""]))
                continue
            for path, choice, why in options:
                key = f"{case.id}|{path.path_id}"
                self._rows[key] = (path, choice, why)
                paper = choice.title if choice is not None else f"none: {why}"
                mark = "●" if key in self.marked else ""
                status = status_text(path.status, path.key_date)
                title = _clip(path.title, path_w)
                rows.append((key, [mark, case.id, status, title, _clip(paper, width)]))
        if not self._rows:
            rows.append((None, ["", "", "", Text("No cases yet (F3 adds them)."), ""]))
        fill(table, ["", "Case", "Status", "Relief path", "Written on"], rows)
        self.marked &= set(self._rows)
        if keep in self._rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._describe(_cursor_key(table))

    def on_resize(self) -> None:
        if self.module is not None and self.as_of is not None and self.size.width != self._width:
            self._width = self.size.width
            self.show(self.as_of)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe(event.row_key.value)

    def _describe(self, key: str | None) -> None:
        note = self.query_one("#petition-form", Static)
        row = self._rows.get(key or "")
        if row is None:
            note.update("")
            return
        path, choice, why = row
        if path is None:
            note.update(why)
            return
        if choice is None:
            note.update(f"{path.title}: no petition can be written here: {why}")
            return
        lines = [f"Case {key.split('|')[0]}: {path.title}", f"Written on: {choice.title}"]
        lines += [f"Note: {n}" for n in choice.notes]
        if path.status == "eligible_on":
            lines.append(f"Not eligible until {path.key_date}: file on or after it.")
        elif path.status == "needs_facts":
            lines.append("Facts are still missing (see Results): the petition says so.")
        note.update("\n".join(lines))

    # --- actions -----------------------------------------------------------------------
    def action_mark(self) -> None:
        table = self.query_one("#petition-table", DataTable)
        key = _cursor_key(table)
        if key is None or self._rows.get(key, (None,))[0] is None:
            return
        self.marked ^= {key}
        table.update_cell(key, table.ordered_columns[0].key, "●" if key in self.marked else "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write-petition":
            event.stop()
            self.action_write()

    def _folder(self) -> Path:
        from expunge.store.location import private_dir

        text = self.session.meta.get("export_dir")
        if text:
            folder = Path(text).expanduser()
        else:
            folder = Path(self.screen.query_one("#plan-dir", Input).value or ".").expanduser()
        if not folder.exists():
            private_dir(folder)
        return folder

    def action_write(self) -> Path | None:
        if self.module is None:
            return None
        table = self.query_one("#petition-table", DataTable)
        keys = sorted(self.marked) or [k for k in [_cursor_key(table)] if k in self._rows]
        keys = [k for k in keys if self._rows[k][0] is not None]
        result_box = self.query_one("#petition-result", Static)
        if not keys:
            result_box.update("Choose a row with a petition path first.")
            return None
        paths = {k.split("|")[1] for k in keys}
        if len(paths) > 1:
            result_box.update(
                "The marked rows ask for different paths: mark cases of one path, or write"
                " them one at a time."
            )
            return None
        case_ids = [k.split("|")[0] for k in keys]
        flatten = self.query_one("#petition-flatten", Checkbox).value
        try:
            folder = self._folder()
            result = self.module.write_petition(
                self.session.record,
                case_ids,
                paths.pop(),
                folder,
                flatten=flatten,
                as_of=self.as_of,
            )
        except (self.module.PetitionError, ValueError, OverflowError) as exc:
            result_box.update(f"Not written: {exc}")
            self.notify(str(exc), title="Petition not written", severity="error", timeout=8)
            return None
        except OSError as exc:
            result_box.update(f"Not written: {exc.strerror or exc}")
            return None
        lines = [f"Wrote {len(result.paths)} file(s), {result.pages} page(s), on {result.form}:"]
        lines += [f"  {p}" for p in result.paths]
        lines += [f"• {n}" for n in result.notes]
        result_box.update("\n".join(lines))
        self.notify(f"Petition written: {result.paths[0]}", timeout=6)
        return result.paths[0]

    def focus_first(self) -> None:
        if self.module is None:
            self.query_one("#petition-scroll").focus()
        else:
            self.query_one("#petition-table").focus()

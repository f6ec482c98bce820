"""Step 4, the plan: the plain-language summary for the young person, written as a PDF,
reminders as an ``.ics`` calendar, and the record as JSON. File names carry no personal
data: ``plan-<intake>-<as-of>.pdf``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from expunge.tui.widgets.form import Row
from expunge.tui.widgets.inputs import TextInput

if TYPE_CHECKING:
    from expunge.law.result import Assessment
    from expunge.plan import Plan
    from expunge.tui.session import Session


class PlanStep(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "write_pdf", "Plan PDF"),
        Binding("c", "write_ics", "Calendar .ics"),
        Binding("x", "export_json", "Export JSON"),
    ]

    def __init__(self, session: Session, default_dir: Path) -> None:
        super().__init__(id="plan-step")
        self.session = session
        self.default_dir = default_dir
        self.plan: Plan | None = None
        self.assessment: Assessment | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="plan-preview"):
            yield Static("", id="plan-text", markup=False)
        folder = self.session.meta.get("export_dir") or str(self.default_dir)
        yield Row("Save to folder", TextInput(folder, id="plan-dir"))
        with Horizontal(classes="inline-buttons"):
            yield Button("Plan PDF (p)", id="write-pdf", variant="primary", compact=True)
            yield Button("Calendar .ics (c)", id="write-ics", compact=True)
            yield Button("Export record JSON (x)", id="export-json", compact=True)
        yield Static("", id="plan-written", markup=False)

    def show(self, assessment: Assessment) -> None:
        from expunge.plan import build_plan

        self.assessment = assessment
        self.plan = build_plan(self.session.record, assessment)
        self._render_text()

    def _render_text(self) -> None:
        if self.plan is None:
            return
        from expunge.plan import plan_text

        width = self.query_one("#plan-preview").size.width - 4
        self._width = width
        text = plan_text(self.plan, width=max(40, width))
        self.query_one("#plan-text", Static).update(text)

    def on_resize(self) -> None:
        if self.plan is not None and self.query_one("#plan-preview").size.width - 4 != self._width:
            self._render_text()

    # --- writing -----------------------------------------------------------------------
    def _folder(self) -> Path | None:
        text = self.query_one("#plan-dir", Input).value.strip()
        folder = Path(text).expanduser() if text else self.default_dir
        if folder.exists() and not folder.is_dir():
            self._written("That is a file, not a folder: choose a folder.", error=True)
            return None
        if text and text != str(self.default_dir):
            self.session.meta["export_dir"] = text
        else:
            self.session.meta.pop("export_dir", None)
        return folder

    def _file_name(self, kind: str, ext: str) -> str:
        when = self.plan.as_of if self.plan else "undated"
        return f"{kind}-{self.session.id[:8]}-{when}.{ext}"

    def _written(self, message: str, *, error: bool = False) -> None:
        note = self.query_one("#plan-written", Static)
        note.update(message)
        note.set_class(error, "field-error")
        if error:
            self.notify(message, severity="error")
        else:
            self.notify(message, timeout=6)

    def _write(self, what: str, produce: object) -> Path | None:
        folder = self._folder()
        if folder is None:
            return None
        try:
            path = produce(folder)  # type: ignore[operator]
        except OSError as exc:
            self._written(f"Could not write the {what}: {exc.strerror or exc}", error=True)
            return None
        self.session.save()
        self._written(f"Wrote the {what}: {path}")
        return path

    def action_write_pdf(self) -> Path | None:
        from expunge.plan.pdf import write_plan_pdf

        if self.plan is None:
            return None
        plan = self.plan
        return self._write(
            "plan PDF", lambda folder: write_plan_pdf(plan, folder / self._file_name("plan", "pdf"))
        )

    def action_write_ics(self) -> Path | None:
        from expunge.plan.ics import plan_ics
        from expunge.store import write_private

        if self.plan is None:
            return None
        plan = self.plan
        if not plan.reminders():
            self._written("No future dates in the plan: there is nothing to remind about.")
            return None
        data = plan_ics(plan, self.session.id).encode("utf-8")
        return self._write(
            "calendar",
            lambda folder: write_private(folder / self._file_name("reminders", "ics"), data),
        )

    def action_export_json(self) -> Path | None:
        from expunge.store import export_record

        record = self.session.record
        when = self.assessment.as_of if self.assessment else "undated"
        name = f"record-{self.session.id[:8]}-{when}.json"
        return self._write("record JSON", lambda folder: export_record(record, folder / name))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "write-pdf": self.action_write_pdf,
            "write-ics": self.action_write_ics,
            "export-json": self.action_export_json,
        }
        action = actions.get(event.button.id or "")
        if action:
            event.stop()
            action()

"""Step 3, the results, live: per case and relief path the status and exact date; for the
selected path the dates with their reasons and citations, what is still needed (Enter
jumps to that field), what would make it sooner, and the full reasoning (expandable)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Collapsible, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from expunge.tui.screens.cases import _clip, _cursor_key, _restore_cursor
from expunge.tui.vocab import KIND_WORDS, MODE_WORDS, STEP_MARK, status_text
from expunge.tui.widgets.table import Cell, fill

if TYPE_CHECKING:
    from expunge.law.result import Assessment, CaseResult, PathResult


class ResultsStep(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "toggle_ineligible", "Not eligible: show/hide"),
        Binding("w", "toggle_why", "Why"),
    ]

    class Jump(Message):
        """Go to the field a missing fact belongs to."""

        def __init__(self, field: str, case_id: str, question: str) -> None:
            super().__init__()
            self.field, self.case_id, self.question = field, case_id, question

    def __init__(self) -> None:
        super().__init__(id="results-step")
        self.assessment: Assessment | None = None
        self.show_ineligible = False
        self._asks: list[tuple[str, str, str]] = []
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="results-note", markup=False)
        yield DataTable(id="results-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="results-detail"):
            yield Static("", id="detail-head")
            yield Static("", id="detail-dates")
            yield Static("", id="detail-asks-title", classes="section-title")
            yield OptionList(id="detail-asks")
            yield Static("", id="detail-help")
            with Collapsible(title="Why", id="detail-why", collapsed=True):
                yield Static("", id="detail-steps")
            with Collapsible(title="The law", id="detail-law", collapsed=True):
                yield Static("", id="detail-cites")

    def on_mount(self) -> None:
        table = self.query_one("#results-table", DataTable)
        fill(table, ["Case", "Status", "Relief path"], [])

    # --- filling -----------------------------------------------------------------------
    def show(self, assessment: Assessment) -> None:
        self.assessment = assessment
        table = self.query_one("#results-table", DataTable)
        keep = _cursor_key(table)
        rows: list[tuple[str | None, list[Cell]]] = []
        hidden = 0
        total = 0
        # the path title fills what is left of the width; the full title is in the detail
        status_width = max(
            (len(status_text(p.status, p.key_date)) for c in assessment.cases for p in c.paths),
            default=12,
        )
        width = max(20, (self.size.width or 80) - 4 - status_width - 8)
        for case in assessment.cases:
            first = True
            if not case.modeled:
                summary = _clip(case.summary, width)
                rows.append((f"{case.case_id}|", [case.case_id, status_text("unmodeled"), summary]))
                continue
            for p in _ordered(case.paths):
                total += 1
                if p.status == "ineligible" and not self.show_ineligible:
                    hidden += 1
                    continue
                title = _clip(p.title + (" [UNVERIFIED]" if p.unverified else ""), width)
                rows.append(
                    (
                        f"{case.case_id}|{p.path_id}",
                        [case.case_id if first else "", status_text(p.status, p.key_date), title],
                    )
                )
                first = False
            if first:  # every path hidden
                why = _clip("Not eligible under any modeled path (i: show why)", width)
                rows.append((f"{case.case_id}|*", [case.case_id, status_text("ineligible"), why]))
        fill(table, ["Case", "Status", "Relief path"], rows)
        if not assessment.cases:
            note = "No cases yet: add them on the Cases step (F3)."
        else:
            note = f"As of {assessment.as_of}. "
            if hidden:
                note += f"{hidden} of {total} paths not eligible, hidden (i shows them). "
            note += "Enter on a question below jumps to its field."
        if assessment.problems:
            note += f"  Dates to fix: {len(assessment.problems)} (see below)."
        self.query_one("#results-note", Static).update(note)
        _restore_cursor(table, keep)
        self._show_detail(_cursor_key(table))

    def on_resize(self) -> None:
        if self.assessment is not None and self.size.width != self._width:
            self._width = self.size.width
            self.show(self.assessment)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        asks = self.query_one("#detail-asks", OptionList)
        if asks.option_count:
            asks.focus()
        else:
            self.query_one("#detail-why CollapsibleTitle").focus()

    def _find(self, key: str | None) -> tuple[CaseResult | None, PathResult | None]:
        if self.assessment is None or not key:
            return None, None
        case_id, _, path_id = key.partition("|")
        case = next((c for c in self.assessment.cases if c.case_id == case_id), None)
        if case is None:
            return None, None
        path = next((p for p in case.paths if p.path_id == path_id), None)
        return case, path

    def _show_detail(self, key: str | None) -> None:
        case, path = self._find(key)
        head = self.query_one("#detail-head", Static)
        dates = self.query_one("#detail-dates", Static)
        asks_title = self.query_one("#detail-asks-title", Static)
        asks = self.query_one("#detail-asks", OptionList)
        helps = self.query_one("#detail-help", Static)
        why = self.query_one("#detail-why", Collapsible)
        law = self.query_one("#detail-law", Collapsible)
        asks.clear_options()
        self._asks = []
        if case is None:
            head.update(Text(""))
            for w in (dates, asks_title, helps):
                w.update("")
            for c in (why, law):
                c.display = False
            asks.display = False
            return
        head_text = Text()
        head_text.append(case.label + "\n", style="bold")
        if case.problems:
            for problem in case.problems:
                head_text.append(f"! Date to fix: {problem}\n", style="bold red")
        if path is None:
            head_text.append(case.summary)
            head.update(head_text)
            for w in (dates, asks_title, helps):
                w.update("")
            for c in (why, law):
                c.display = False
            asks.display = False
            return
        head_text.append_text(status_text(path.status, path.key_date))
        head_text.append(f"  {path.title}\n", style="bold")
        shall = "the court or agency shall grant it" if path.shall else "the court may refuse"
        head_text.append(
            f"{KIND_WORDS.get(path.kind, path.kind)} ({path.state_word}) · "
            f"{MODE_WORDS.get(path.mode, path.mode)} · {shall} · {path.version}\n",
            style="dim",
        )
        head_text.append(path.headline)
        if path.unverified:
            head_text.append(
                "\n! Rests on at least one UNVERIFIED citation: check the statute.", style="bold"
            )
        head.update(head_text)

        d = Text()
        if path.candidates:
            d.append("Dates (each rule gives one; the key date combines them):\n", style="bold")
            for cand in path.candidates:
                when = cand.date if not cand.earliest else f"{cand.earliest}…{cand.date}"
                d.append(f"  ◷ {when}  ", style="cyan")
                d.append(f"{cand.reason}  [{cand.cite.label()}]\n")
        if path.blocking:
            d.append("Blocking: ", style="bold")
            d.append(", ".join(path.blocking) + "\n")
        if path.due_by:
            d.append(f"The agency must act by {path.due_by}.\n")
        d.rstrip()
        dates.update(d)

        questions = list(path.questions)
        if questions:
            asks_title.update(f"Still needed ({len(questions)}): Enter on one goes to the field")
            for i, q in enumerate(questions):
                self._asks.append((q.field, case.case_id, q.question))
                asks.add_option(Option(Text(f"ask: {q.question}"), id=str(i)))
            asks.display = True
        else:
            asks_title.update("")
            asks.display = False

        h = Text()
        if path.help:
            h.append("What would make it sooner or possible:\n", style="bold")
            for item in path.help:
                h.append(f"  • {item}\n")
        if case.other_routes and path.path_id == case.best_path:
            h.append("Other routes:\n", style="bold")
            for item in case.other_routes:
                h.append(f"  • {item}\n")
        h.rstrip()
        helps.update(h)

        steps = Text()
        for s in path.steps:
            mark, style = STEP_MARK.get(s.outcome, (s.outcome, ""))
            steps.append(f"{mark:<10}", style=style)
            steps.append(s.fact)
            if s.rule:
                steps.append(f" → {s.rule}")
            steps.append(f"  [{s.cite.label()}]\n", style="dim")
        self.query_one("#detail-steps", Static).update(steps)
        n = len(path.steps)
        why.title = f"Why: {n} step{'s' if n != 1 else ''} (Enter to open or close)"
        why.display = bool(path.steps)
        cites = Text()
        for c in path.cites:
            cites.append(c.label() + "\n", style="bold")
            cites.append(f"  “{c.quote}”\n  {c.url}\n")
        self.query_one("#detail-cites", Static).update(cites)
        law.title = f"The law: {len(path.cites)} citation(s)"
        law.display = bool(path.cites)

    # --- actions -----------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if index < len(self._asks):
            self.post_message(self.Jump(*self._asks[index]))

    def action_toggle_ineligible(self) -> None:
        self.show_ineligible = not self.show_ineligible
        if self.assessment is not None:
            self.show(self.assessment)

    def action_toggle_why(self) -> None:
        why = self.query_one("#detail-why", Collapsible)
        why.collapsed = not why.collapsed

    def focus_table(self) -> None:
        self.query_one("#results-table", DataTable).focus()


_ORDER = {"eligible": 0, "automatic": 1, "eligible_on": 2, "needs_facts": 3, "ineligible": 4}


def _ordered(paths: list[PathResult]) -> list[PathResult]:
    return sorted(paths, key=lambda p: (_ORDER.get(p.status, 9), p.key_date or "9999"))


def ask_rows(assessment: Assessment) -> list[Any]:
    """Every question still open, for tests and the summary (case id, field, question)."""
    return [
        (c.case_id, q.field, q.question)
        for c in assessment.cases
        for p in c.paths
        for q in p.questions
    ]

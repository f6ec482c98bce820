"""The intake workspace: Person, Cases, Results, Plan and Petition as tabs (F2-F6), the
as-of date in the header, a one-line summary of the results, and the keys in the footer.

Every change is saved as it happens; Escape goes back to the list of intakes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from expunge.record import Case, Event
from expunge.tui.screens.cases import CasesStep
from expunge.tui.screens.person import PersonStep
from expunge.tui.screens.petition import PetitionStep
from expunge.tui.screens.plan import PlanStep
from expunge.tui.screens.results import ResultsStep
from expunge.tui.states import modeled_states

if TYPE_CHECKING:
    from expunge.law.result import Assessment
    from expunge.tui.app import ExpungeApp
    from expunge.tui.session import Session

STEPS = ("person", "cases", "results", "plan", "petition")


class IntakeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "step('person')", "Person", show=False),
        Binding("f3", "step('cases')", "Cases", show=False),
        Binding("f4", "step('results')", "Results", show=False),
        Binding("f5", "step('plan')", "Plan", show=False),
        Binding("f6", "step('petition')", "Petition", show=False),
        Binding("f7", "as_of", "As of"),
        Binding("escape", "back", "Back", key_display="Esc"),
        Binding("ctrl+s", "save", "Save", show=False),
    ]

    app: ExpungeApp  # type: ignore[assignment]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.assessment: Assessment | None = None
        self._timer: Timer | None = None
        self._stale: set[str] = set()

    def compose(self) -> ComposeResult:
        s = self.session
        yield Header(show_clock=False, icon="§")
        with TabbedContent(initial="person", id="steps"):
            with TabPane("F2 Person", id="person"):
                yield PersonStep(s)
            with TabPane("F3 Cases", id="cases"):
                yield CasesStep(s)
            with TabPane("F4 Results", id="results"):
                yield ResultsStep()
            with TabPane("F5 Plan", id="plan"):
                yield PlanStep(s, self.app.export_dir())
            with TabPane("F6 Petition", id="petition"):
                yield PetitionStep(s)
        yield Static("", id="summary", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.session.on_change.append(self._on_change)
        self.refresh_results()
        self.query_one("#p-name").focus()

    def on_unmount(self) -> None:
        if self._on_change in self.session.on_change:
            self.session.on_change.remove(self._on_change)

    # --- keeping results live ----------------------------------------------------------
    def _on_change(self, saved: bool) -> None:
        if saved:
            self.refresh_results()
            return
        # typing: save and refresh once the typing pauses (and always on leaving)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.3, self._settle)

    def _settle(self) -> None:
        self._timer = None
        self.session.flush()
        self.refresh_results()

    def refresh_results(self) -> None:
        """Recompute the assessment and redraw what shows it: the summary line and the step
        on screen now; the other steps redraw when they are next shown."""
        app = self.app
        try:
            self.assessment = a = self.session.assess(app.as_of, app.today)
        except (ValueError, OverflowError) as exc:
            # a date the calendar cannot carry forward (a year such as 9999): say so, keep
            # everything typed, and show the last results computed
            self._engine_problem(exc)
            return
        self._stale = {"cases", "results", "plan", "petition"}
        self._show_step(self.query_one("#steps", TabbedContent).active)
        self._update_summary(a)
        self.update_title()

    def _engine_problem(self, exc: Exception) -> None:
        message = f"The results cannot be computed ({exc}): check the dates for a year typed wrong."
        self.query_one("#summary", Static).update(f"! {message}")
        self.notify(message, title="Check the dates", severity="error", timeout=10)
        self.update_title()

    def _show_step(self, step: str) -> None:
        a = self.assessment
        if step not in self._stale or a is None:
            return
        self._stale.discard(step)
        if step == "results":
            self.query_one(ResultsStep).show(a)
        elif step == "cases":
            self.query_one(CasesStep).refresh_tables(a)
        elif step == "plan":  # after layout, so the preview wraps to its real width
            self.call_after_refresh(self.query_one(PlanStep).show, a)
        elif step == "petition":
            self.call_after_refresh(self.query_one(PetitionStep).show, self.app.as_of)

    def update_title(self) -> None:
        app = self.app
        name = self.session.record.person.name or "new intake"
        what_if = "" if app.as_of == app.today else " (what-if)"
        self.sub_title = f"{name} · as of {app.as_of}{what_if}"

    def _update_summary(self, a: Assessment) -> None:
        """One line: each case counted once, by its best route (symbol and word)."""
        counts = {"eligible": 0, "automatic": 0, "eligible_on": 0, "needs_facts": 0, "none": 0}
        next_date: str | None = None
        for c in a.cases:
            best = next((p for p in c.paths if p.path_id == c.best_path), None)
            status = best.status if best is not None and best.status in counts else "none"
            counts[status] += 1
            key = best.key_date if best is not None else None
            dated = status in ("eligible_on", "automatic")
            if dated and key and key > a.as_of and (next_date is None or key < next_date):
                next_date = key
        n = len(a.cases)
        if n == 0:
            text = "No cases yet."
        else:
            later = f"◷ {counts['eligible_on']} later"
            parts = [
                f"✔ {counts['eligible']} now",
                f"⟳ {counts['automatic']} auto",
                later + (f" (next {next_date})" if next_date else ""),
                f"? {counts['needs_facts']} need facts",
                f"✘ {counts['none']} none",
            ]
            text = f"{n} case{'s' if n != 1 else ''}: " + " · ".join(parts)
            if len(text) > self.size.width - 12:  # narrow: the next date is on the Results step
                parts[2] = later
                text = f"{n} case{'s' if n != 1 else ''}: " + " · ".join(parts)
        s = self.session
        if s.save_error:
            text += f" │ NOT SAVED: {s.save_error}"
        elif s.saved:
            text += " │ saved"
        self.query_one("#summary", Static).update(text)

    # --- steps ---------------------------------------------------------------------------
    def action_step(self, step: str) -> None:
        self.query_one("#steps", TabbedContent).active = step
        self._focus_step(step)

    def _focus_step(self, step: str) -> None:
        if step == "person":
            self.query_one("#p-name").focus()
        elif step == "cases":
            self.query_one("#cases-table").focus()
        elif step == "results":
            self.query_one(ResultsStep).focus_table()
        elif step == "plan":
            self.query_one("#write-pdf").focus()
        else:  # leave no focus behind in a hidden pane (it would switch the tab back)
            self.query_one(PetitionStep).focus_first()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self._show_step(event.pane.id)

    def action_save(self) -> None:
        if self.session.save():
            self.notify("Saved.", timeout=2)
        else:
            self.notify(self.session.save_error or "Not saved.", severity="error")
        if self.assessment is not None:
            self._update_summary(self.assessment)

    def action_back(self) -> None:
        self.leave()
        self.app.pop_screen()

    def leave(self) -> None:
        """Save what is pending (typing) before the screen goes away."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.session.is_empty or self.session.saved:
            self.session.flush()

    def action_as_of(self) -> None:
        from expunge.tui.modals.as_of import AsOfDialog

        def done(when: object) -> None:
            if when is not None:
                self.app.set_as_of(when)  # type: ignore[arg-type]

        self.app.push_screen(AsOfDialog(self.app.as_of, self.app.today), done)

    # --- cases and events --------------------------------------------------------------
    def _default_state(self) -> str:
        states = self.session.states
        return states[0] if states else modeled_states()[0]

    def edit_case(self, case_id: str | None, focus: str | None = None) -> None:
        from expunge.tui.modals.case_dialog import CaseDialog

        s = self.session
        existing = s.case(case_id) if case_id else None
        case = existing or Case(id=s.next_case_id(), state=self._default_state())

        def done(result: Case | None) -> None:
            if result is not None:
                s.put_case(result)
                person = self.query_one(PersonStep)
                person.call_later(person.rebuild_questions)
                table = self.query_one("#cases-table")
                if self.query_one("#steps", TabbedContent).active == "cases":
                    table.focus()

        self.app.push_screen(CaseDialog(case, is_new=existing is None, focus=focus), done)

    def edit_event(self, event_id: str | None, focus: str | None = None) -> None:
        from expunge.tui.modals.event_dialog import EventDialog

        s = self.session
        existing = s.event(event_id) if event_id else None
        event = existing or Event(id=s.next_event_id(), kind="adult_conviction")

        def done(result: Event | None) -> None:
            if result is not None:
                s.put_event(result)

        self.app.push_screen(EventDialog(event, is_new=existing is None, focus=focus), done)

    def on_cases_step_edit(self, message: CasesStep.Edit) -> None:
        if message.kind == "case":
            self.edit_case(message.item_id, message.focus)
        else:
            self.edit_event(message.item_id, message.focus)

    def on_cases_step_delete(self, message: CasesStep.Delete) -> None:
        from expunge.tui.modals.confirm import Confirm

        s = self.session
        if message.kind == "case":
            case = s.case(message.item_id)
            if case is None:
                return
            what = f"Case {case.id} ({case.state}"
            what += f", docket {case.docket})" if case.docket else ")"
            title = "Delete this case?"
        else:
            event = s.event(message.item_id)
            if event is None:
                return
            what = f"Event {event.id}" + (f" ({event.description})" if event.description else "")
            title = "Delete this event?"

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if message.kind == "case":
                s.delete_case(message.item_id)
            else:
                s.delete_event(message.item_id)
            self.notify(f"{what} deleted.")

        self.app.push_screen(
            Confirm(title, f"{what} and everything entered for it will be removed.", yes="Delete"),
            done,
        )

    # --- jumping from a question to its field -------------------------------------------
    def on_results_step_jump(self, message: ResultsStep.Jump) -> None:
        self.jump(message.field, message.case_id, message.question)

    def jump(self, field: str, case_id: str, question: str = "") -> None:
        import re

        tabs = self.query_one("#steps", TabbedContent)
        if field.startswith(("person.", "answers.")) or field == "history_complete":
            tabs.active = "person"
            person = self.query_one(PersonStep)
            person.call_later(person.focus_field, field)
            return
        if field.startswith("cases."):
            _, cid, rest = field.split(".", 2) if field.count(".") >= 2 else (*field.split("."), "")
            if rest == "dates":
                from expunge.tui.modals.case_dialog import case_field_from_question

                rest = case_field_from_question(question)
            tabs.active = "cases"
            self.edit_case(cid, rest or None)
            return
        if field == "events":
            tabs.active = "cases"
            m = re.match(
                r"(event|case) (\S+)", question.split(": ", 1)[-1].removeprefix("When was ")
            )
            m = m or re.search(r"(event|case) ([\w-]+)", question)
            sub = "level" if "level" in question else "date"
            if m and m.group(1) == "event" and self.session.event(m.group(2)):
                self.edit_event(m.group(2), sub)
            elif m and m.group(1) == "case" and self.session.case(m.group(2)):
                self.edit_case(m.group(2), "outcome_date" if sub == "date" else "offenses")
            else:
                self.query_one(CasesStep).focus_events()
            return
        if field == "dates":  # approximate dates: go to the case
            tabs.active = "cases"
            self.edit_case(case_id, "dates")
            return
        tabs.active = "cases"
        self.edit_case(case_id)

"""Step 1, the person: name, other names, date of birth, contact, states, whole history,
and the statute files' questions about the person."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Input, Static

from expunge.tui.states import law_or_none, modeled_states
from expunge.tui.vocab import US_STATES
from expunge.tui.widgets.date_field import DateField
from expunge.tui.widgets.form import Question, Row
from expunge.tui.widgets.inputs import TextInput
from expunge.tui.widgets.tristate import TriState

if TYPE_CHECKING:
    from expunge.tui.session import Session

HISTORY_QUESTION = (
    "Are ALL of the person's other cases, adjudications, convictions and pending charges"
    " (any state, juvenile or adult) entered here?"
)


def parse_states(text: str) -> tuple[list[str], str | None]:
    """'or, wa' → (['OR', 'WA'], None); a code that is not a state gives a message."""
    codes = [c.upper() for c in re.split(r"[\s,;/]+", text.strip()) if c]
    bad = [c for c in codes if c not in US_STATES]
    if bad:
        return [], f"not a state code: {', '.join(bad)} (use two letters, e.g. OR, WA)"
    return list(dict.fromkeys(codes)), None


class PersonStep(VerticalScroll):
    def __init__(self, session: Session) -> None:
        super().__init__(id="person-step")
        self.session = session
        self._question_states: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        s = self.session
        p = s.record.person
        yield Row("Name", TextInput(p.name, id="p-name", placeholder="name the person uses"))
        yield Row(
            "Other names",
            TextInput(", ".join(p.aliases), id="p-aliases", placeholder="comma-separated"),
        )
        yield Row(
            "Date of birth",
            DateField(s.draft("person.dob") or p.dob, id="p-dob"),
        )
        yield Row(
            "Contact",
            TextInput(p.contact, id="p-contact", placeholder="(optional) phone or email"),
        )
        states = s.draft("person.states") or ", ".join(s.meta.get("states", []))
        yield Row(
            "States of cases",
            TextInput(states, id="p-states", placeholder="e.g. OR, WA"),
        )
        yield Static("", id="p-states-error", classes="field-error", markup=False)
        yield Static(HISTORY_QUESTION, classes="question-text", markup=False)
        yield Row("Whole history?", TriState(s.record.history_complete, id="p-history"))
        yield Vertical(id="person-questions")

    async def on_mount(self) -> None:
        self._show_states_problem(self.query_one("#p-states", Input).value)
        await self.rebuild_questions()

    # --- the state questions ---------------------------------------------------------
    async def rebuild_questions(self) -> None:
        """Show the person questions of every state named or used by a case.

        Runs from this widget's message queue (``call_later``), so two rebuilds never
        overlap and the old answer widgets are gone before the new ones mount.
        """
        states = tuple(self.session.states)
        if states == self._question_states:
            return
        self._question_states = states
        box = self.query_one("#person-questions", Vertical)
        await box.remove_children()
        widgets: list[Any] = []
        for st in states:
            law = law_or_none(st)
            if law is None:
                continue
            for key, q in law.questions.items():
                if q.scope == "person":
                    widgets.append(
                        Question(
                            key,
                            q.text,
                            self.session.record.answers.get(key),
                            id_prefix="pq-",
                            state=st,
                        )
                    )
        if widgets:
            widgets.insert(
                0, Static("Questions about the person's whole history", classes="section-title")
            )
        await box.mount(*widgets)

    # --- edits -----------------------------------------------------------------------
    async def on_input_changed(self, event: Input.Changed) -> None:
        s = self.session
        wid = event.input.id
        if wid == "p-name":
            s.set_person(name=event.value.strip() or None, save=False)
        elif wid == "p-aliases":
            aliases = [a.strip() for a in event.value.split(",") if a.strip()]
            s.set_person(aliases=aliases, save=False)
        elif wid == "p-contact":
            s.set_person(contact=event.value.strip() or None, save=False)
        elif wid == "p-states":
            states, problem = self._show_states_problem(event.value)
            if problem is None:
                s.set_draft("person.states", None, save=False)
                s.set_states(states)
                await self.rebuild_questions()
            else:
                s.set_draft("person.states", event.value, save=False)

    def _show_states_problem(self, text: str) -> tuple[list[str], str | None]:
        states, problem = parse_states(text)
        note = problem
        if problem is None:
            unmodeled = [c for c in states if c not in modeled_states()]
            if unmodeled:
                note = f"not modeled yet (results will say so): {', '.join(unmodeled)}"
        line = self.query_one("#p-states-error", Static)
        # a problem in the error colour; otherwise which states the tool knows
        line.update(note or f"modeled: {' '.join(modeled_states())}")
        line.set_class(note is None, "-hint")
        return states, problem

    def on_date_field_changed(self, event: DateField.Changed) -> None:
        if event.field.id != "p-dob":
            return
        s = self.session
        if event.problem:
            s.set_draft("person.dob", event.field.text, save=False)
            s.set_person(dob=None, save=False)
        else:
            s.set_draft("person.dob", None, save=False)
            s.set_person(dob=event.value, save=False)

    def on_tri_state_changed(self, event: TriState.Changed) -> None:
        wid = event.tristate.id or ""
        if wid == "p-history":
            self.session.set_history_complete(event.value)
        elif wid.startswith("pq-"):
            self.session.set_answer(wid.removeprefix("pq-"), event.value)

    async def focus_field(self, field: str) -> None:
        """Focus a person field named by a result question (person.dob, answers.X...)."""
        if field.startswith("answers."):
            await self.rebuild_questions()
            target = f"pq-{field.removeprefix('answers.')}"
        else:
            target = {
                "person.dob": "p-dob",
                "person.name": "p-name",
                "history_complete": "p-history",
            }.get(field, "p-name")
        try:
            widget = self.query_one(f"#{target}")
        except NoMatches:  # a question not on screen: go to the top
            widget = self.query_one("#p-name")
        widget.focus()
        widget.scroll_visible()

"""Add or edit a later event or pending matter (not itself assessed, but rules look at it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from expunge.record import Event
from expunge.tui.modals.edit import EditDialog, answer_of, choice_of, date_of, text_of
from expunge.tui.states import state_options
from expunge.tui.vocab import EVENT_KINDS, LEVELS, UNKNOWN
from expunge.tui.widgets.choice import Choice
from expunge.tui.widgets.date_field import DateField
from expunge.tui.widgets.form import Row
from expunge.tui.widgets.inputs import TextInput
from expunge.tui.widgets.tristate import TriState


class EventDialog(EditDialog[Event]):
    what = "event"

    def __init__(self, event: Event, *, is_new: bool, focus: str | None = None) -> None:
        title = f"{'New' if is_new else ''} later event or pending matter {event.id}".strip()
        super().__init__(title[0].upper() + title[1:], focus=focus)
        self.event = event

    def body(self) -> ComposeResult:
        e = self.event
        yield Static(
            "Another adjudication, conviction or pending charge (any state, juvenile or adult)"
            " that is not one of the cases above.",
            classes="muted",
        )
        yield Row(
            "Kind",
            Choice(EVENT_KINDS, value=e.kind, allow_blank=False, compact=True, id="e-kind"),
        )
        yield Row(
            "State",
            Choice(
                state_options(unknown=True),
                value=e.state or UNKNOWN,
                allow_blank=False,
                compact=True,
                id="e-state",
            ),
        )
        yield Row("Description", TextInput(e.description, id="e-description"))
        yield Row(
            "Level",
            Choice(LEVELS, value=e.level or UNKNOWN, allow_blank=False, compact=True, id="e-level"),
        )
        yield Row("Class", TextInput(e.offense_class, id="e-class", placeholder="(empty: ?)"))
        yield Row(
            "Date",
            DateField(
                e.date, id="e-date", placeholder="decided (or charged, if pending) · ? = don't know"
            ),
        )
        yield Row("Offense date", DateField(e.offense_date, id="e-offense_date"))
        yield Row("Set aside?", TriState(e.set_aside, id="e-set_aside", hint="or vacated"))

    def build(self) -> Event:
        return Event.model_validate(
            {
                "id": self.event.id,
                "kind": choice_of(self, "e-kind") or self.event.kind,
                "state": choice_of(self, "e-state"),
                "description": text_of(self, "e-description"),
                "level": choice_of(self, "e-level"),
                "class": text_of(self, "e-class"),
                "categories": dict(self.event.categories),
                "date": date_of(self, "e-date"),
                "offense_date": date_of(self, "e-offense_date"),
                "set_aside": answer_of(self, "e-set_aside"),
            }
        )

    def apply_focus(self, request: str) -> None:
        self.focus_field(f"e-{request}")

"""Add or edit an offense: pick it from the state's list (type to search), or describe it
by level and answer the category questions the state's rules need."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from expunge.record import Offense
from expunge.tui.modals.edit import EditDialog, choice_of, date_of, text_of
from expunge.tui.states import law_or_none
from expunge.tui.vocab import LEVELS, UNKNOWN
from expunge.tui.widgets.choice import Choice
from expunge.tui.widgets.date_field import DateField
from expunge.tui.widgets.form import Question, Row
from expunge.tui.widgets.inputs import TextInput
from expunge.tui.widgets.tristate import TriState


class OffenseDialog(EditDialog[Offense]):
    what = "offense"
    not_data = frozenset({"o-search"})

    def __init__(self, offense: Offense, state: str, number: int, *, focus: str | None = None):
        super().__init__(f"Offense {number} ({state})", focus=focus)
        self.offense = offense
        self.state = state
        self.law = law_or_none(state)

    def body(self) -> ComposeResult:
        o = self.offense
        entries = self.law.offenses if self.law else []
        if entries:
            yield Static(
                f"Find it in {self.state}'s offense list (type a name or section, Enter picks),"
                " or describe it below.",
                classes="muted",
            )
            yield TextInput(placeholder="search the offense list", id="o-search")
            yield OptionList(*self._options(""), id="o-list")
        else:
            yield Static(
                f"No offense list for {self.state}: describe the offense and its level.",
                classes="muted",
            )
        yield Row("Description", TextInput(o.description, id="o-description"))
        yield Row("Statute section", TextInput(o.section, id="o-section", placeholder="(optional)"))
        yield Row(
            "Level",
            Choice(LEVELS, value=o.level or UNKNOWN, allow_blank=False, compact=True, id="o-level"),
        )
        yield Row(
            "Class",
            TextInput(o.offense_class, id="o-class", placeholder="A, B, C, gross... (empty: ?)"),
        )
        yield Row("Offense date", DateField(o.offense_date, id="o-offense_date"))
        if self.law and self.law.categories:
            yield Static(
                f"{self.state} questions about this offense (the list above answers some)",
                classes="section-title",
            )
            with Vertical(id="offense-questions"):
                for key, cat in self.law.categories.items():
                    yield Question(
                        key, cat.question, o.categories.get(key), id_prefix="oc-", state=self.state
                    )

    def _options(self, search: str) -> list[Option]:
        if not self.law:
            return []
        words = search.casefold().split()
        out = []
        for i, e in enumerate(self.law.offenses):
            label = f"§ {e.section}  {e.name}"
            if e.level:
                label += f"  ({e.level}{' ' + e.offense_class if e.offense_class else ''})"
            if all(w in label.casefold() for w in words):
                out.append(Option(label, id=str(i)))
        return out

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "o-search":
            event.stop()
            options = self.query_one("#o-list", OptionList)
            options.clear_options()
            options.add_options(self._options(event.value))
            if options.option_count:
                options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "o-search":
            event.stop()
            options = self.query_one("#o-list", OptionList)
            if options.highlighted is not None and options.option_count:
                option = options.get_option_at_index(options.highlighted)
                self._pick(int(option.id or 0))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(int(event.option.id or 0))

    def _pick(self, index: int) -> None:
        assert self.law is not None
        entry = self.law.offenses[index]
        self.query_one("#o-description", Input).value = entry.name
        self.query_one("#o-section", Input).value = entry.section
        self.query_one("#o-level", Select).value = entry.level or UNKNOWN
        self.query_one("#o-class", Input).value = entry.offense_class or ""
        self.query_one("#o-offense_date", DateField).focus()
        self.notify(f"Picked § {entry.section}. Now the offense date.", timeout=3)

    def extra_state(self) -> Any:
        return None

    def build(self) -> Offense:
        categories = {k: v for k, v in self.offense.categories.items() if v is not None}
        for tri in self.query("#offense-questions TriState").results(TriState):
            if tri.id:
                key = tri.id.removeprefix("oc-")
                if tri.value is None:
                    categories.pop(key, None)
                else:
                    categories[key] = tri.value
        return Offense.model_validate(
            {
                "description": text_of(self, "o-description"),
                "section": text_of(self, "o-section"),
                "level": choice_of(self, "o-level"),
                "class": text_of(self, "o-class"),
                "categories": categories,
                "offense_date": date_of(self, "o-offense_date"),
            }
        )

    def apply_focus(self, request: str) -> None:
        if request.startswith("categories."):
            self.focus_field(f"oc-{request.removeprefix('categories.')}")
        else:
            self.focus_field(f"o-{request}")

    def focus_first(self) -> None:
        if not self.focus_field("o-search"):
            self.focus_field("o-description")

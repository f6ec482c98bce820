"""One open intake: the record being built, autosaved to the store on every change.

The screens change the record only through ``Session`` methods; each change is saved at
once (or, while typing in a text field, within a fraction of a second, and on leaving),
and the assessment is recomputed on demand and cached per change and as-of date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from expunge.law.result import Assessment
from expunge.record import Case, Event, Person, Record
from expunge.store import Store, StoreError


class Session:
    def __init__(
        self,
        store: Store | None,
        intake_id: str,
        record: Record | None = None,
        meta: dict[str, Any] | None = None,
        *,
        saved: bool = False,
    ) -> None:
        self.store = store
        self.id = intake_id
        self.record = record or Record()
        self.meta: dict[str, Any] = meta or {}
        self.version = 0
        self.saved = saved  # the intake exists in the store
        self.dirty = False
        self.save_error: str | None = None
        self._cache: tuple[int, date, Assessment] | None = None
        # listeners get ``saved``: True for a finished edit, False while typing
        self.on_change: list[Callable[[bool], None]] = []

    # --- saving ----------------------------------------------------------------------
    def save(self) -> bool:
        """Write the intake now; False (with ``save_error`` set) when that failed."""
        if self.store is None:
            self.save_error = "the intake database could not be opened: nothing is saved"
            return False
        try:
            self.store.save(self.id, self.record, self.meta)
        except (StoreError, OSError, sqlite3.Error) as exc:  # disk full, locked, removed...
            self.save_error = f"could not save ({exc.__class__.__name__})"
            return False
        self.saved = True
        self.dirty = False
        self.save_error = None
        return True

    def flush(self) -> None:
        """Save pending changes (leaving the intake, quitting)."""
        if self.dirty:
            self.save()

    @property
    def is_empty(self) -> bool:
        return self.record == Record() and not self.meta.get("drafts")

    def changed(self, *, save: bool = True) -> None:
        self.version += 1
        self.dirty = True
        if save:
            self.save()
        for listener in list(self.on_change):
            listener(save)

    # --- person ------------------------------------------------------------------------
    def set_person(self, *, save: bool = True, **fields: Any) -> None:
        """Change person fields (``save=False`` while typing: the caller saves shortly)."""
        data = self.record.person.model_dump(by_alias=True)
        data.update(fields)
        person = Person.model_validate(data)
        if person != self.record.person:
            self.record.person = person
            self.changed(save=save)

    def set_history_complete(self, value: bool | None) -> None:
        if self.record.history_complete is not value:
            self.record.history_complete = value
            self.changed()

    def set_answer(self, qid: str, value: bool | None) -> None:
        if self.record.answers.get(qid) is value and (
            value is not None or qid not in self.record.answers
        ):
            return
        if value is None:
            self.record.answers.pop(qid, None)
        else:
            self.record.answers[qid] = value
        self.changed()

    def set_states(self, states: list[str]) -> None:
        if self.meta.get("states", []) != states:
            self.meta["states"] = states
            self.changed()

    @property
    def states(self) -> list[str]:
        """The states the advocate named, then any other state a case is in."""
        out = list(self.meta.get("states", []))
        for c in self.record.cases:
            if c.state not in out:
                out.append(c.state)
        return out

    def set_draft(self, key: str, text: str | None, *, save: bool = True) -> None:
        """Keep what was typed into a field that is not valid yet, so it is never lost."""
        drafts: dict[str, str] = self.meta.setdefault("drafts", {})
        if text is None or text == "":
            if drafts.pop(key, None) is None:
                return
        elif drafts.get(key) == text:
            return
        else:
            drafts[key] = text
        if not drafts:
            self.meta.pop("drafts", None)
        self.changed(save=save)

    def draft(self, key: str) -> str | None:
        return self.meta.get("drafts", {}).get(key)

    # --- cases and events ------------------------------------------------------------
    def case(self, case_id: str) -> Case | None:
        return next((c for c in self.record.cases if c.id == case_id), None)

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.record.events if e.id == event_id), None)

    def next_case_id(self) -> str:
        return _next_id("c", [c.id for c in self.record.cases])

    def next_event_id(self) -> str:
        return _next_id("e", [e.id for e in self.record.events])

    def put_case(self, case: Case) -> None:
        cases = self.record.cases
        for i, c in enumerate(cases):
            if c.id == case.id:
                if c == case:
                    return
                cases[i] = case
                break
        else:
            cases.append(case)
        self.changed()

    def delete_case(self, case_id: str) -> None:
        self.record.cases = [c for c in self.record.cases if c.id != case_id]
        self.changed()

    def put_event(self, event: Event) -> None:
        events = self.record.events
        for i, e in enumerate(events):
            if e.id == event.id:
                if e == event:
                    return
                events[i] = event
                break
        else:
            events.append(event)
        self.changed()

    def delete_event(self, event_id: str) -> None:
        self.record.events = [e for e in self.record.events if e.id != event_id]
        self.changed()

    def replace_record(self, record: Record) -> None:
        self.record = record
        self.changed()

    # --- results ---------------------------------------------------------------------
    def assess(self, as_of: date, today: date | None = None) -> Assessment:
        from expunge.law.engine import assess

        if self._cache and self._cache[0] == self.version and self._cache[1] == as_of:
            return self._cache[2]
        result = assess(self.record, as_of, today=today)
        self._cache = (self.version, as_of, result)
        return result


def _next_id(prefix: str, used: list[str]) -> str:
    numbers = [int(u[len(prefix) :]) for u in used if u.startswith(prefix) and u[1:].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"

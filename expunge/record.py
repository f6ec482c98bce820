"""The record of one young person: facts only, every one of them possibly unknown.

``None`` always means "not known". A date may be exact (``2019-06-14``) or approximate
(``2019-06`` or ``2019``); ``MM/DD/YYYY`` is accepted on input and stored as ISO.
This module knows nothing of the law; ``chronology_problems`` reports impossible dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from expunge.dates import DateInputError, Span, parse_partial

RECORD_FORMAT = "expunge-record"
RECORD_VERSION = 1

Level = Literal["felony", "misdemeanor", "violation", "infraction", "status"]
Outcome = Literal[
    "not_filed",  # no petition filed, not substantiated, allegation not approved
    "diversion",
    "informal_adjustment",
    "consent_decree",
    "nonjudicial_adjustment",
    "dismissed",
    "not_delinquent",  # found not delinquent / acquitted after a fact-finding
    "adjudicated",  # adjudicated delinquent (or a status offender)
    "convicted",  # convicted in adult court (transferred, waived, or adult prosecution)
    "pending",
]
EventKind = Literal["juvenile_adjudication", "adult_conviction", "pending_charge"]


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    span = span_of(value)  # raises DateInputError (a ValueError) with a clear message
    if span.is_exact:
        return span.lo.isoformat()
    return value.strip()


PartialDate = Annotated[str | None, AfterValidator(_check_date)]


@lru_cache(maxsize=65536)
def span_of(value: str) -> Span:
    """The span of a date string (cached: the same dates recur, a batch has millions).
    Raises DateInputError for text that is not a date; errors are not cached."""
    return parse_partial(value)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Person(_Model):
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    dob: PartialDate = Field(default=None, description="Date of birth (exact or approximate)")
    contact: str | None = None
    demographics: dict[str, str] = Field(
        default_factory=dict,
        description="Optional self-reported fields for aggregate reports (race, ethnicity, ...)",
    )


class Offense(_Model):
    description: str | None = None
    section: str | None = Field(default=None, description="Statute section, e.g. '164.045'")
    level: Level | None = None
    offense_class: str | None = Field(
        default=None, alias="class", description="Class within the level: 'A', 'B', 'gross'..."
    )
    categories: dict[str, bool | None] = Field(
        default_factory=dict,
        description="Answers to the statute file's category questions, by category id",
    )
    offense_date: PartialDate = None


class Case(_Model):
    id: str = Field(min_length=1, max_length=40)
    state: str = Field(description="Two-letter state code, e.g. 'OR'")
    court_type: Literal["juvenile", "adult"] = "juvenile"
    county: str | None = None
    court: str | None = None
    docket: str | None = None
    offenses: list[Offense] = Field(default_factory=list)
    arrest_date: PartialDate = None
    petition_date: PartialDate = None
    outcome: Outcome | None = None
    outcome_date: PartialDate = None
    supervised: bool | None = Field(
        default=None, description="Was the person placed on probation, supervision or commitment?"
    )
    supervision_end: PartialDate = Field(
        default=None, description="End of supervision / discharge / termination (may be future)"
    )
    confined: bool | None = Field(default=None, description="Was the person confined?")
    release_date: PartialDate = Field(default=None, description="Release from confinement/parole")
    restitution_owed: bool | None = None
    registration_required: bool | None = None
    answers: dict[str, bool | None] = Field(
        default_factory=dict, description="Answers to the statute file's case questions"
    )

    @field_validator("state")
    @classmethod
    def _upper(cls, v: str) -> str:
        v = v.strip().upper()
        if len(v) != 2 or not v.isalpha():
            raise ValueError("state must be a two-letter code such as OR")
        return v


class Event(_Model):
    """Something in the person's history that is not one of the cases being assessed."""

    id: str = Field(min_length=1, max_length=40)
    kind: EventKind
    state: str | None = None
    description: str | None = None
    level: Level | None = None
    offense_class: str | None = Field(default=None, alias="class")
    categories: dict[str, bool | None] = Field(default_factory=dict)
    date: PartialDate = Field(default=None, description="Adjudication/conviction/charge date")
    offense_date: PartialDate = None
    set_aside: bool | None = Field(default=None, description="Later set aside / vacated?")


class Record(_Model):
    format: Literal["expunge-record"] = RECORD_FORMAT
    version: Literal[1] = RECORD_VERSION
    person: Person = Field(default_factory=Person)
    history_complete: bool | None = Field(
        default=None,
        description=(
            "True when the cases and events listed are everything: every other adjudication,"
            " conviction and pending matter, in any state. Unknown otherwise."
        ),
    )
    answers: dict[str, bool | None] = Field(
        default_factory=dict, description="Answers to the statute files' person questions"
    )
    cases: list[Case] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @field_validator("cases")
    @classmethod
    def _unique_ids(cls, v: list[Case]) -> list[Case]:
        seen: set[str] = set()
        for c in v:
            if c.id in seen:
                raise ValueError(f"two cases have the id '{c.id}'")
            seen.add(c.id)
        return v


@dataclass(frozen=True)
class Problem:
    """An impossible or doubtful fact. ``where`` names the field, never the person."""

    where: str
    message: str
    severity: Literal["error", "warning"] = "error"
    case_id: str | None = None  # the case it concerns, if any

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def chronology_problems(record: Record, today: date) -> list[Problem]:
    """Impossible chronologies: before birth, outcome before offense, facts in the future.

    Supervision end and release may lie in the future (an anticipated end date).
    """
    out: list[Problem] = []
    dob = span_of(record.person.dob) if record.person.dob else None
    if dob and dob.lo > today:
        out.append(Problem("person.dob", "date of birth is in the future"))

    def past(where: str, value: str | None, label: str) -> Span | None:
        if value is None:
            return None
        s = span_of(value)
        if s.lo > today:
            out.append(Problem(where, f"{label} ({value}) is in the future"))
        if dob and s.hi < dob.lo:
            out.append(Problem(where, f"{label} ({value}) is before the date of birth"))
        return s

    for c in record.cases:
        first = len(out)
        _case_problems(c, out, past, dob)
        out[first:] = [replace(p, case_id=c.id) for p in out[first:]]
    for e in record.events:
        w = f"event {e.id}"
        d = past(f"{w} date", e.date, "date") if e.kind != "pending_charge" else None
        o = past(f"{w} offense_date", e.offense_date, "offense date")
        if d and o and d.hi < o.lo:
            out.append(Problem(w, "date is before the offense date"))
    return out


def _case_problems(
    c: Case,
    out: list[Problem],
    past: Callable[[str, str | None, str], Span | None],
    dob: Span | None,
) -> None:
    w = f"case {c.id}"
    offense_spans = [
        past(f"{w} offense {i + 1}", o.offense_date, "offense date")
        for i, o in enumerate(c.offenses)
    ]
    arrest = past(f"{w} arrest_date", c.arrest_date, "arrest date")
    petition = past(f"{w} petition_date", c.petition_date, "petition date")
    outcome = past(f"{w} outcome_date", c.outcome_date, "outcome date")
    known_offenses = [s for s in offense_spans if s]
    first_offense = min((s.lo for s in known_offenses), default=None)
    for label, s in (("arrest date", arrest), ("petition date", petition)):
        if s and first_offense and s.hi < first_offense:
            out.append(Problem(w, f"{label} is before every offense date"))
    if outcome and known_offenses and outcome.hi < max(s.lo for s in known_offenses):
        out.append(Problem(f"{w} outcome_date", "outcome date is before an offense date"))
    for field, label in (("supervision_end", "supervision end"), ("release_date", "release")):
        value = getattr(c, field)
        if value is None:
            continue
        s = span_of(value)
        if outcome and s.hi < outcome.lo:
            out.append(Problem(f"{w} {field}", f"{label} is before the outcome date"))
        if dob and s.hi < dob.lo:
            out.append(Problem(f"{w} {field}", f"{label} is before the date of birth"))
    if c.supervised is False and c.supervision_end:
        out.append(
            Problem(f"{w} supervised", "says no supervision but gives a supervision end", "warning")
        )


def load_record_json(text: str) -> Record:
    """Parse record JSON; raises pydantic.ValidationError (see ``describe_errors``)."""
    return Record.model_validate_json(text)


def describe_errors(exc: Exception) -> list[str]:
    """Readable lines for a validation error: field path and problem, without the input value."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        lines = []
        for err in exc.errors(include_input=False, include_url=False):
            loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
            cause = (err.get("ctx") or {}).get("error")
            if isinstance(cause, DateInputError):
                msg = cause.bare  # never echo the typed value (it may be a date of birth)
            else:
                msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"{loc}: {msg}")
        return lines
    if isinstance(exc, DateInputError):
        return [exc.bare]
    return [str(exc)]

"""What the engine says: plain dataclasses, serialisable to JSON with ``to_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["eligible", "eligible_on", "automatic", "ineligible", "needs_facts"]
StepOutcome = Literal["met", "fails", "unknown", "date"]


@dataclass(slots=True)
class CiteRef:
    cite: str
    url: str
    verified: bool
    quote: str

    def label(self) -> str:
        return self.cite if self.verified else f"{self.cite} [UNVERIFIED]"


@dataclass(slots=True)
class Candidate:
    """One date a rule contributes, with why."""

    date: str  # ISO date; the latest possible day where the facts are approximate
    earliest: str | None  # set when the facts are approximate and the day could be earlier
    reason: str
    cite: CiteRef


@dataclass(slots=True)
class Step:
    """One step of the explanation: fact → rule → citation → what it decides."""

    outcome: StepOutcome
    fact: str
    rule: str
    cite: CiteRef


@dataclass(slots=True)
class Ask:
    """A missing fact: the question to ask, the record field it fills, and why it matters."""

    id: str
    question: str
    field: str
    why: str


@dataclass(slots=True)
class PathResult:
    path_id: str
    title: str
    state_word: str
    kind: str
    mode: str
    shall: bool
    status: Status
    key_date: str | None = None
    earliest_date: str | None = None  # approximate facts: the date could be this early
    automatic_done: bool | None = None
    due_by: str | None = None
    closes_on: str | None = None  # the path must be used before this day
    headline: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    questions: list[Ask] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    help: list[str] = field(default_factory=list)
    cites: list[CiteRef] = field(default_factory=list)
    unverified: bool = False
    version: str = ""


@dataclass(slots=True)
class CaseResult:
    case_id: str
    state: str
    label: str
    modeled: bool
    summary: str
    best_path: str | None
    paths: list[PathResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    other_routes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Assessment:
    as_of: str
    problems: list[str]
    cases: list[CaseResult]
    format: str = "expunge-assessment"
    version: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

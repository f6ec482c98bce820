"""The petition layer's plain data: what goes in, what comes out, and its one error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from expunge.law.result import CaseResult, PathResult
from expunge.record import Case, Record


class PetitionError(Exception):
    """A petition that cannot be written; the message says why, in plain words, with no
    personal data (it may be shown or logged)."""


@dataclass(frozen=True, slots=True)
class CaseItem:
    """One case in the petition, with the relief path it asks for."""

    case: Case
    result: CaseResult | None
    path: PathResult | None


@dataclass(frozen=True, slots=True)
class PetitionInput:
    record: Record
    state: str
    items: tuple[CaseItem, ...]
    as_of: date
    blank_personal: bool = False

    @property
    def name(self) -> str:
        return (self.record.person.name or "").strip()

    @property
    def county(self) -> str:
        return next((i.case.county for i in self.items if i.case.county), "") or ""


@dataclass(frozen=True, slots=True)
class FormChoice:
    """What ``which_form`` decided: an official form set, or a generated pleading."""

    kind: str  # "official" or "pleading"
    state: str
    path_id: str
    title: str  # e.g. "ATJ 2951.5 (07/26) Request to Expunge Juvenile Records"
    form_set: str | None = None  # the official form set's name (forms/<st>/forms.toml)
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class PetitionResult:
    """What ``write_petition`` wrote."""

    paths: list[Path]
    form: str  # the official form(s) used, or "generated pleading (ST)"
    kind: str  # "official" or "pleading"
    pages: int
    fields: dict[str, str | bool] = field(default_factory=dict)  # official forms only
    notes: list[str] = field(default_factory=list)  # for the person filing, never in the PDF

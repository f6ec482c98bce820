"""The schema of a statute file (``statutes/<st>.toml``).

Unknown keys are errors: a misspelt ``citaton`` must fail loudly, not vanish. Every rule
refers to its citation by key; ``StateLaw`` checks that every key, question and category
named anywhere exists, and that dated versions of one rule neither overlap nor leave gaps.
``statutes/README.md`` explains each field for a reviewing lawyer.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from expunge.dates import LeapRule
from expunge.record import Level, Outcome

SCHEMA_VERSION = 1

Kind = Literal["sealing", "expungement", "destruction", "set_aside"]
Mode = Literal[
    "automatic", "administrative", "petition", "petition_prosecutor_consent", "court_discretion"
]
# What a clock can start from. "termination" is the end of supervision (or the outcome date
# where there was no supervision); "release" is release from confinement (skipped where there
# was none); "later_of_release_and_outcome" is WA's "since the last date of release ... or
# entry of disposition".
Anchor = Literal[
    "birth",
    "offense",
    "arrest",
    "petition",
    "outcome",
    "termination",
    "release",
    "supervision_end",
    "later_of_release_and_outcome",
]
# juvenile_petition: any juvenile case in which a petition was filed (whatever its outcome)
EventKindName = Literal[
    "juvenile_adjudication", "adult_conviction", "pending_charge", "juvenile_petition"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Citation(_Strict):
    cite: str = Field(description="Pinpoint citation as a lawyer writes it")
    quote: str = Field(min_length=3, description="Short verbatim quote of the deciding text")
    url: str = Field(description="The statute's own page")
    version: str = Field(description="The version of the text read, e.g. '2025 Edition'")
    verified: date | None = Field(
        default=None, description="The date the text was checked; leave out if it was not"
    )
    status: Literal["verified", "unverified"]
    source_read: str | None = Field(
        default=None, description="What was actually read, where it was not the page at url"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _verified_has_date(self) -> Citation:
        if self.status == "verified" and self.verified is None:
            raise ValueError("a verified citation needs the date it was verified")
        return self


class Question(_Strict):
    text: str = Field(description="The question to ask, in plain words")
    scope: Literal["case", "person"] = "case"
    help: str | None = None


class Category(_Strict):
    """A group of offenses a rule names (e.g. 'misdemeanor involving violence').

    A section ending in '*' is a prefix: "61*" is every section of chapter 61.
    """

    name: str
    question: str = Field(description="Asked of an offense whose section is not in the list")
    sections: list[str] = Field(default_factory=list)
    exhaustive: bool = Field(
        default=False,
        description="True when the sections listed are the whole category, so a known section"
        " not listed is not in it",
    )
    level_classes: list[str] = Field(
        default_factory=list,
        description="Levels or level:class pairs always in the category, e.g. 'felony:A'",
    )
    within_levels: list[Level] = Field(
        default_factory=list,
        description="Only offenses of these levels can be in the category (empty: any level)",
    )
    cite: str | None = None


class OffenseEntry(_Strict):
    section: str
    name: str
    level: Level | None = None
    offense_class: str | None = Field(default=None, alias="class")
    categories: list[str] = Field(default_factory=list)


class Applies(_Strict):
    """Who and what a path covers. Every offense of the case must fit."""

    outcomes: list[Outcome] = Field(default_factory=list, description="Empty: any outcome")
    court_types: list[Literal["juvenile", "adult"]] = Field(default_factory=lambda: ["juvenile"])
    levels: list[Level] = Field(default_factory=list, description="Empty: any level")
    classes: list[str] = Field(
        default_factory=list, description="'level:class' pairs allowed; empty: any class"
    )
    max_age_at_offense: int | None = Field(
        default=None, description="Every offense committed at or below this age"
    )
    min_age_at_offense: int | None = Field(
        default=None, description="Every offense committed at this age or older"
    )
    only_categories: list[str] = Field(
        default_factory=list, description="Every offense is in one of these categories"
    )
    some_levels: list[Level] = Field(
        default_factory=list, description="At least one offense is of one of these levels"
    )
    some_classes: list[str] = Field(
        default_factory=list, description="At least one offense is of one of these 'level:class'"
    )
    some_categories: list[str] = Field(
        default_factory=list, description="At least one offense is in one of these categories"
    )
    cite: str | None = None


class Exclusion(_Strict):
    """An offense or circumstance that puts a case outside the path."""

    reason: str
    cite: str
    categories: list[str] = Field(
        default_factory=list,
        description="Excluded offense groups (their sections are listed there)",
    )
    levels: list[Level] = Field(default_factory=list)
    classes: list[str] = Field(default_factory=list, description="'level:class' pairs")
    registration_required: bool = Field(
        default=False, description="Excluded when sex-offender registration is required"
    )
    answer: str | None = Field(default=None, description="Excluded when this question is 'yes'")
    min_age_at_offense: int | None = Field(
        default=None, description="The offense test reaches only offenses at this age or older"
    )
    outcomes: list[Outcome] = Field(
        default_factory=list, description="The exclusion reaches only cases with these outcomes"
    )
    help: str | None = None


class Wait(_Strict):
    """One candidate date: a period after an anchor, or an age ('birth' + years)."""

    start: Anchor = Field(alias="from")
    years: int = 0
    months: int = 0
    days: int = 0
    across: Literal["case", "state_cases", "state_court_cases", "all_cases"] = Field(
        default="case",
        description="'state_cases': the most recent such date across the person's cases in this"
        " state (e.g. 'most recent termination'); 'state_court_cases': the same, counting only"
        " cases in the same court (juvenile or adult); 'all_cases': across every case",
    )
    group: str | None = Field(
        default=None,
        description="Waits of one group combine first, as the path's [groups] says, and then"
        " count as one candidate (e.g. the earlier of 5 years or age 18, but not before"
        " termination)",
    )
    reason: str
    cite: str
    help: str | None = None


class EventMatch(_Strict):
    """Which other records count for a condition."""

    kinds: list[EventKindName] = Field(
        default_factory=lambda: ["juvenile_adjudication", "adult_conviction"]
    )
    levels: list[Level] = Field(default_factory=list, description="Empty: any level")
    classes: list[str] = Field(default_factory=list, description="'level:class' pairs")
    except_categories: list[str] = Field(default_factory=list)
    unless_set_aside: bool = False
    same_state_only: bool = False


ConditionType = Literal[
    "restitution_paid",
    "not_registered",
    "no_pending",
    "answer",
    "no_record_since",
    "clean_period",
    "lookback",
    "record_limit",
]


class Condition(_Strict):
    """A condition of the path.

    - restitution_paid: no restitution owed in this case (or, with `across`, in any case).
    - not_registered: the case's facts.
    - no_pending: no pending charge or case (needs a complete history).
    - answer: the question ``question`` must be answered ``expect``.
    - no_record_since: no matching record dated after ``since`` (a bar, not a clock).
    - clean_period: ``years`` without a matching record after ``since``; a record restarts it.
    - lookback: no matching record in the ``years`` before filing (a window, not a wait).
    - record_limit: at most ``max`` matching records (counting this case if ``include_self``).
    """

    type: ConditionType
    reason: str
    cite: str
    question: str | None = None
    expect: bool = True
    since: Anchor | None = None
    across: Literal["case", "state_cases", "state_court_cases", "all_cases"] = "case"
    years: int = 0
    months: int = 0
    event_date: Literal["disposition", "offense"] = "disposition"
    match: EventMatch = Field(default_factory=EventMatch)
    max: int | None = None
    include_self: bool = False
    help: str | None = None

    @model_validator(mode="after")
    def _fields_for_type(self) -> Condition:
        need = {
            "answer": ("question",),
            "no_record_since": ("since",),
            "clean_period": ("since",),
            "record_limit": ("max",),
        }.get(self.type, ())
        for name in need:
            if getattr(self, name) is None:
                raise ValueError(f"a '{self.type}' condition needs '{name}'")
        if self.type in ("clean_period", "lookback") and not (self.years or self.months):
            raise ValueError(f"a '{self.type}' condition needs 'years' or 'months'")
        return self


class Path(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    rule: str | None = Field(
        default=None, description="Versions of one rule share this; defaults to the id"
    )
    title: str
    state_word: str = Field(description="The state's own word: sealing, expunction, ...")
    kind: Kind
    mode: Mode
    shall: bool = Field(description="True when the court or agency 'shall' grant; False for 'may'")
    summary: str
    effective_from: date | None = None
    effective_to: date | None = Field(default=None, description="Last day this version applies")
    decisive_date: Literal["filing", "record_created", "offense", "outcome"] = "filing"
    applies: Applies = Field(default_factory=Applies)
    exclusions: list[Exclusion] = Field(default_factory=list)
    waits: list[Wait] = Field(default_factory=list)
    combine: Literal["latest", "earliest"] = "latest"
    groups: dict[str, Literal["latest", "earliest"]] = Field(
        default_factory=dict, description="How the waits of each group combine"
    )
    closes: list[Wait] = Field(
        default_factory=list,
        description="When the path's window shuts (e.g. 'before age 21': from birth, 21 years);"
        " relief must be sought before the earliest of these dates",
    )
    conditions: list[Condition] = Field(default_factory=list)
    deadline_days: int | None = Field(
        default=None, description="Automatic paths: days the agency has to act after the date"
    )
    scheduled_on: list[str] = Field(
        default_factory=list,
        description="Automatic paths run on these yearly dates ('MM-DD', e.g. '01-01'): the"
        " action is due on the first one on or after the date the case qualifies",
    )
    cites: list[str] = Field(min_length=1, description="The citations that create the path")
    notes: str | None = None

    @model_validator(mode="after")
    def _schedule(self) -> Path:
        for md in self.scheduled_on:
            try:
                date(2000, *(int(x) for x in md.split("-")))
            except (ValueError, TypeError):
                raise ValueError(f"scheduled_on '{md}' is not a month-day like '01-01'") from None
        return self

    @property
    def rule_id(self) -> str:
        return self.rule or self.id


class FormInfo(_Strict):
    name: str
    number: str | None = None
    publisher: str
    url: str | None = None
    paths: list[str] = Field(default_factory=list, description="Path ids the form is used for")
    note: str | None = None


class StateLaw(_Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    state: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    leap_day: LeapRule = Field(
        description="A 29 Feb start in a non-leap year ends on 28 Feb ('feb28') or 1 Mar"
    )
    leap_day_note: str
    reviewed: date = Field(description="The date the whole file was last checked")
    summary: str
    forms: list[FormInfo] = Field(default_factory=list)
    citations: dict[str, Citation]
    questions: dict[str, Question] = Field(default_factory=dict)
    categories: dict[str, Category] = Field(default_factory=dict)
    offenses: list[OffenseEntry] = Field(default_factory=list)
    paths: list[Path] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> StateLaw:
        errors: list[str] = []

        def cite(ref: str | None, where: str) -> None:
            if ref is not None and ref not in self.citations:
                errors.append(f"{where}: citation '{ref}' is not in [citations]")

        def cat(ref: str, where: str) -> None:
            if ref not in self.categories:
                errors.append(f"{where}: category '{ref}' is not in [categories]")

        def question(ref: str | None, where: str) -> None:
            if ref is not None and ref not in self.questions:
                errors.append(f"{where}: question '{ref}' is not in [questions]")

        for key, c in self.categories.items():
            cite(c.cite, f"categories.{key}")
        for o in self.offenses:
            for c in o.categories:
                cat(c, f"offenses '{o.section}'")
        ids: set[str] = set()
        for p in self.paths:
            w = f"paths '{p.id}'"
            if p.id in ids:
                errors.append(f"{w}: the id is used twice")
            ids.add(p.id)
            for c in p.cites:
                cite(c, w)
            cite(p.applies.cite, f"{w} applies")
            for c in (*p.applies.only_categories, *p.applies.some_categories):
                cat(c, f"{w} applies")
            for i, e in enumerate(p.exclusions):
                cite(e.cite, f"{w} exclusions[{i}]")
                for c in e.categories:
                    cat(c, f"{w} exclusions[{i}]")
                question(e.answer, f"{w} exclusions[{i}]")
            for i, wt in enumerate(p.waits):
                cite(wt.cite, f"{w} waits[{i}]")
                if wt.group is not None and wt.group not in p.groups:
                    errors.append(f"{w} waits[{i}]: group '{wt.group}' is not in [groups]")
            for i, wt in enumerate(p.closes):
                cite(wt.cite, f"{w} closes[{i}]")
            for i, cnd in enumerate(p.conditions):
                cite(cnd.cite, f"{w} conditions[{i}]")
                question(cnd.question, f"{w} conditions[{i}]")
                for c in cnd.match.except_categories:
                    cat(c, f"{w} conditions[{i}]")
            if p.effective_from and p.effective_to and p.effective_to < p.effective_from:
                errors.append(f"{w}: effective_to is before effective_from")
        for f in self.forms:
            for pid in f.paths:
                if pid not in ids:
                    errors.append(f"forms '{f.name}': path '{pid}' does not exist")
        errors.extend(_version_errors(self.paths))
        if errors:
            raise ValueError("; ".join(errors))
        return self


def _version_errors(paths: list[Path]) -> list[str]:
    """Dated versions of one rule must not overlap or leave a gap between them."""
    by_rule: dict[str, list[Path]] = {}
    for p in paths:
        by_rule.setdefault(p.rule_id, []).append(p)
    errors = []
    for rule, versions in by_rule.items():
        if len(versions) < 2:
            continue
        versions = sorted(versions, key=lambda p: p.effective_from or date.min)
        for a, b in itertools.pairwise(versions):
            if a.decisive_date != b.decisive_date:
                errors.append(f"rule '{rule}': versions key on different decisive dates")
            if a.effective_to is None or b.effective_from is None:
                errors.append(f"rule '{rule}': '{a.id}' and '{b.id}' overlap (open-ended)")
                continue
            gap = (b.effective_from - a.effective_to).days
            if gap < 1:
                errors.append(f"rule '{rule}': '{a.id}' and '{b.id}' overlap")
            elif gap > 1:
                errors.append(f"rule '{rule}': gap between '{a.id}' and '{b.id}'")
    return errors

"""The eligibility engine: a whole record + the law + an as-of date → an assessment.

Each relief path is judged in three parts, kept apart as RecordSponge does: does the path
cover this case (applicability and exclusions), what conditions hold, and when (every time
rule becomes a candidate date with its reason; the key date is the latest, or the earliest
where the statute says so). A definite bar makes the path ineligible; otherwise any
missing fact makes it ``needs_facts`` with the question to ask, never ``eligible``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from expunge.dates import LeapRule, Span, add_period, earliest, latest
from expunge.law.library import load_state
from expunge.law.result import (
    Ask,
    Assessment,
    Candidate,
    CaseResult,
    CiteRef,
    PathResult,
    Status,
    Step,
)
from expunge.law.schema import Condition, EventMatch, Path, StateLaw, Wait
from expunge.record import Case, Record, chronology_problems, span_of

_ANCHOR_WORDS = {
    "birth": "date of birth",
    "offense": "offense date",
    "arrest": "arrest date",
    "petition": "petition date",
    "outcome": "outcome (disposition) date",
    "termination": "termination of supervision",
    "release": "release from confinement",
    "supervision_end": "end of probation, custody or supervision",
    "later_of_release_and_outcome": "later of release and disposition",
}


_T = TypeVar("_T")


def _once(cache: dict[Any, tuple[object, _T]], owner: object, build: Callable[[], _T]) -> _T:
    """A value worked out once per loaded statute file or path. It is kept with its owner,
    so a file loaded again (whose id may be reused) never gets a stale value."""
    hit = cache.get(id(owner))
    if hit is None or hit[0] is not owner:
        hit = cache[id(owner)] = (owner, build())
    return hit[1]


_CITE_CACHE: dict[int, tuple[object, dict[str, CiteRef]]] = {}


def _cite_refs(law: StateLaw) -> dict[str, CiteRef]:
    """CiteRefs of a statute file, built once per loaded file."""
    return _once(
        _CITE_CACHE,
        law,
        lambda: {
            k: CiteRef(c.cite, c.url, c.status == "verified", c.quote)
            for k, c in law.citations.items()
        },
    )


# Outcomes that cannot involve confinement: a "release" clock does not exist for them.
_NO_CUSTODY = frozenset(
    {
        "not_filed",
        "diversion",
        "informal_adjustment",
        "nonjudicial_adjustment",
        "dismissed",
        "not_delinquent",
    }
)


class _NotApplicable:
    """An anchor that does not exist for this case (no confinement, so no release)."""


NA = _NotApplicable()


@dataclass(slots=True)
class _Rec:
    """Another adjudication, conviction or pending matter, as conditions see it."""

    kinds: frozenset[str]
    state: str | None
    label: str
    levels: list[str | None]
    classes: list[str | None]
    categories: list[dict[str, bool | None]]
    date: Span | None
    offense_date: Span | None
    set_aside: bool


class _Ctx:
    """Everything about one person that every path looks at, computed once."""

    def __init__(self, record: Record, as_of: date, today: date) -> None:
        self.record = record
        self.as_of = as_of
        self.dob = span_of(record.person.dob) if record.person.dob else None
        self.problems = chronology_problems(record, today)
        self.history_complete = record.history_complete is True
        self.across_cache: dict[
            tuple[str, str, str], tuple[Span | _NotApplicable | None, list[Case]]
        ] = {}
        self.match_cache: dict[tuple[int, str], list[tuple[str, _Rec, bool | None]]] = {}
        self.recs: dict[str, _Rec] = {}
        for c in record.cases:
            rec = _case_rec(c)
            if rec:
                self.recs[f"case:{c.id}"] = rec
        for e in record.events:
            self.recs[f"event:{e.id}"] = _Rec(
                kinds=frozenset({e.kind}),
                state=e.state,
                label=f"event {e.id}" + (f" ({e.description})" if e.description else ""),
                levels=[e.level],
                classes=[_lc(e.level, e.offense_class)],
                categories=[e.categories],
                date=span_of(e.date) if e.date else None,
                offense_date=span_of(e.offense_date) if e.offense_date else None,
                set_aside=bool(e.set_aside),
            )


def _anchor_value(case: Case, name: str, dob: Span | None) -> Span | _NotApplicable | None:
    """The date a clock starts from, or None when a fact is missing (no questions asked)."""
    if name == "birth":
        return dob
    if name == "offense":
        spans = [span_of(o.offense_date) for o in case.offenses if o.offense_date]
        return latest(spans) if case.offenses and len(spans) == len(case.offenses) else None
    if name in ("arrest", "petition", "outcome"):
        value = getattr(case, f"{name}_date")
        return span_of(value) if value else None
    if name == "termination":
        if case.supervision_end:
            return span_of(case.supervision_end)
        if case.supervised is False and case.outcome_date:
            return span_of(case.outcome_date)
        return None
    if name == "release":
        if case.release_date:
            return span_of(case.release_date)
        return NA if case.confined is False or case.outcome in _NO_CUSTODY else None
    if name == "supervision_end":
        if case.supervision_end:
            return span_of(case.supervision_end)
        return NA if case.supervised is False else None
    if name == "later_of_release_and_outcome":
        out = _anchor_value(case, "outcome", dob)
        rel = _anchor_value(case, "release", dob)
        if not isinstance(out, Span) or rel is None:
            return None
        return out if isinstance(rel, _NotApplicable) else latest([out, rel])
    raise ValueError(f"unknown anchor {name}")


_Listed = tuple[str | None, str | None, tuple[str, ...]]
_LISTED: dict[int, tuple[object, dict[str, _Listed]]] = {}


def _listed(law: StateLaw, section: str) -> _Listed:
    """What the statute file's offense list says of a section: the first level and class
    it gives, and every category (worked out once per section and file)."""
    known_sections = _once(_LISTED, law, dict)
    known = known_sections.get(section)
    if known is None:
        level: str | None = None
        cls: str | None = None
        cats: list[str] = []
        for entry in law.offenses:
            if _section_match(section, entry.section):
                level = level or entry.level
                cls = cls or entry.offense_class
                cats.extend(entry.categories)
        if len(known_sections) > 16384:  # free-text sections: keep the memory bounded
            known_sections.clear()
        known = known_sections[section] = (level, cls, tuple(cats))
    return known


def _lc(level: str | None, cls: str | None) -> str | None:
    if level is None:
        return None
    return f"{level}:{cls}" if cls else level


_PETITIONED = frozenset({"consent_decree", "dismissed", "not_delinquent", "adjudicated"})


def _case_rec(c: Case) -> _Rec | None:
    """How another case counts for conditions: adjudication, conviction, pending charge,
    and (juvenile court) whether a petition was filed."""
    kinds: set[str] = set()
    if c.outcome == "pending":
        kinds.add("pending_charge")
    elif c.outcome == "convicted" or (c.outcome == "adjudicated" and c.court_type == "adult"):
        kinds.add("adult_conviction")
    elif c.outcome == "adjudicated":
        kinds.add("juvenile_adjudication")
    if c.court_type == "juvenile" and (c.outcome in _PETITIONED or c.petition_date):
        kinds.add("juvenile_petition")
    if not kinds:
        return None
    offense_dates = [span_of(o.offense_date) for o in c.offenses if o.offense_date]
    return _Rec(
        kinds=frozenset(kinds),
        state=c.state,
        label=f"case {c.id}" + (f" ({c.state} {c.docket})" if c.docket else f" ({c.state})"),
        levels=[o.level for o in c.offenses] or [None],
        classes=[_lc(o.level, o.offense_class) for o in c.offenses] or [None],
        categories=[o.categories for o in c.offenses] or [{}],
        date=span_of(c.outcome_date) if c.outcome_date else None,
        offense_date=latest(offense_dates) if offense_dates else None,
        set_aside=False,
    )


@lru_cache(maxsize=8192)
def _norm_section(s: str) -> str:
    """'18 Pa.C.S. § 3121', 'ORS 163.185', '§163.185' → the bare section number."""
    s = s.strip().lower()
    if "§" in s:
        s = s.rsplit("§", 1)[1]
    elif "ilcs" in s and "/" in s:
        s = s.split("/", 1)[1]  # "720 ILCS 5/9-1" → "9-1"
    for prefix in ("ors", "rcw", "mcl", "section", "sec."):
        s = s.removeprefix(prefix).strip()
    return _SPACE_PAREN.sub("(", _SPACES.sub(" ", s))


_SPACES = re.compile(r"\s+")
_SPACE_PAREN = re.compile(r" ?\( ?")


def _section_match(offense_section: str, listed: str) -> bool | None:
    a, b = _norm_section(offense_section), _norm_section(listed)
    if b.endswith("*"):
        return a.startswith(b[:-1])  # a range written as a prefix: "61*" is chapter 61
    if a == b or (a.startswith(b) and a[len(b)] in "( "):
        # the same section, a subsection "(1)(a)", or "163.115 attempt"; never 750.349b
        # for 750.349: a letter makes a different section
        return True
    if b.startswith(a + "("):
        return None  # the offense names the section, the list a subsection: ask
    return False


class _PathEval:
    """Accumulates one path's steps, bars, questions and candidate dates."""

    def __init__(self, ctx: _Ctx, law: StateLaw, case: Case, path: Path) -> None:
        self.ctx, self.law, self.case, self.path = ctx, law, case, path
        self.refs = _cite_refs(law)
        self.steps: list[Step] = []
        self.asks: list[Ask] = []
        self.blocking: list[str] = []
        self.barred = False
        self.help: list[str] = []
        self.candidates: list[tuple[Span, Candidate]] = []
        self.unknown_dates = False
        self.wait_unknown = False  # a waiting period whose start is not known
        self.closes_on: Span | None = None
        self.closes_cite = ""
        self.grouped: dict[str, list[tuple[Span, str, str]]] = {}
        self.group_unknown: dict[str, list[Ask]] = {}
        self.wait_asks: list[Ask] = []

    # --- recording -------------------------------------------------------------------
    def cite(self, key: str) -> CiteRef:
        return self.refs[key]

    def met(self, fact: str, rule: str, cite: str) -> None:
        self.steps.append(Step("met", fact, rule, self.cite(cite)))

    def fail(self, fact: str, rule: str, cite: str, help: str | None = None) -> None:
        self.barred = True
        self.steps.append(Step("fails", fact, rule, self.cite(cite)))
        if help and help not in self.help:
            self.help.append(help)

    def ask(self, qid: str, question: str, fld: str, rule: str, cite: str) -> None:
        self.steps.append(Step("unknown", f"not known: {question}", rule, self.cite(cite)))
        if all(a.id != qid for a in self.asks):
            self.asks.append(Ask(qid, question, fld, f"{rule} ({self.cite(cite).label()})"))

    def candidate(self, span: Span, reason: str, cite: str) -> None:
        cand = Candidate(
            span.hi.isoformat(),
            None if span.is_exact else span.lo.isoformat(),
            reason,
            self.cite(cite),
        )
        self.candidates.append((span, cand))
        self.steps.append(Step("date", reason, "", self.cite(cite)))

    # --- facts -----------------------------------------------------------------------
    def case_field(self, case: Case, name: str) -> str:
        return f"cases.{case.id}.{name}"

    def anchor(self, case: Case, name: str, rule: str, cite: str) -> Span | _NotApplicable | None:
        """The date a clock starts from; None (after asking) when unknown."""
        ctx = self.ctx
        cid = case.id

        def need(field: str, question: str) -> None:
            self.ask(f"{cid}.{field}", question, self.case_field(case, field), rule, cite)

        if name == "birth":
            if ctx.dob is None:
                self.ask(
                    "person.dob", "What is the person's date of birth?", "person.dob", rule, cite
                )
            return ctx.dob
        if name == "offense":
            spans = [span_of(o.offense_date) for o in case.offenses if o.offense_date]
            if not case.offenses or len(spans) < len(case.offenses):
                need("offense_date", f"When was each offense in case {cid} committed?")
                return None
            return latest(spans)
        simple = {"arrest": "arrest_date", "petition": "petition_date", "outcome": "outcome_date"}
        if name in simple:
            value = getattr(case, simple[name])
            if value is None:
                need(simple[name], f"What is the {_ANCHOR_WORDS[name]} in case {cid}?")
                return None
            return span_of(value)
        if name == "termination":
            if case.supervision_end:
                return span_of(case.supervision_end)
            if case.supervised is False:
                if case.outcome_date:
                    return span_of(case.outcome_date)
                need("outcome_date", f"What is the outcome (disposition) date in case {cid}?")
                return None
            need(
                "supervision_end",
                f"Case {cid}: when did (or will) probation or supervision end? "
                "(If there was none, say so: the clock then runs from the outcome date.)",
            )
            return None
        if name == "release":
            if case.release_date:
                return span_of(case.release_date)
            if case.confined is False or case.outcome in _NO_CUSTODY:
                return NA
            need("release_date", f"Case {cid}: was the person confined, and when released?")
            return None
        if name == "supervision_end":
            if case.supervision_end:
                return span_of(case.supervision_end)
            if case.supervised is False:
                return NA
            need(
                "supervision_end",
                f"Case {cid}: was there probation, custody or supervision, and when did it end?",
            )
            return None
        if name == "later_of_release_and_outcome":
            out = self.anchor(case, "outcome", rule, cite)
            rel = self.anchor(case, "release", rule, cite)
            if out is None or rel is None:
                return None
            assert isinstance(out, Span)
            return out if isinstance(rel, _NotApplicable) else latest([out, rel])
        raise ValueError(f"unknown anchor {name}")

    def anchor_across(
        self, name: str, across: str, rule: str, cite: str
    ) -> Span | _NotApplicable | None:
        if across == "case" or name == "birth":
            return self.anchor(self.case, name, rule, cite)
        key = (
            name,
            across,
            "" if across == "all_cases" else f"{self.case.state}:{self.case.court_type}",
        )
        cached = self.ctx.across_cache.get(key)
        if cached is None:
            cases = [
                c
                for c in self.ctx.record.cases
                if across == "all_cases"
                or (
                    (
                        c.state == self.case.state
                        and (across == "state_cases" or c.court_type == self.case.court_type)
                    )
                    and c.outcome not in (None, "pending")
                )
            ]
            if all(c is not self.case for c in cases):
                cases.append(self.case)
            spans: list[Span] = []
            unknown: list[Case] = []
            for c in cases:
                s = _anchor_value(c, name, self.ctx.dob)
                if s is None:
                    unknown.append(c)
                elif isinstance(s, Span):
                    spans.append(s)
            result = None if unknown else (latest(spans) if spans else NA)
            cached = self.ctx.across_cache[key] = (result, unknown)
        for c in cached[1]:
            self.anchor(c, name, rule, cite)  # records the question for each unknown
        return cached[0]

    # --- offenses --------------------------------------------------------------------
    def offense_info(self, i: int) -> tuple[str | None, str | None, tuple[str, ...]]:
        """Level, 'level:class' and listed categories of offense i (from the state's list)."""
        o = self.case.offenses[i]
        level, cls = o.level, o.offense_class
        if not o.section:
            return level, _lc(level, cls), ()
        listed_level, listed_cls, cats = _listed(self.law, o.section)
        level, cls = level or listed_level, cls or listed_cls
        return level, _lc(level, cls), cats

    def in_category(self, i: int, cat_id: str) -> bool | None:
        o = self.case.offenses[i]
        answer = o.categories.get(cat_id)
        if answer is not None:
            return answer
        cat = self.law.categories[cat_id]
        level, lc, listed = self.offense_info(i)
        if cat_id in listed:
            return True
        if lc and any(lc == x or level == x for x in cat.level_classes):
            return True
        if level is not None and cat.within_levels and level not in cat.within_levels:
            return False
        if o.section:
            hits = [_section_match(o.section, s) for s in cat.sections]
            if any(h is True for h in hits):
                return True
            if cat.exhaustive and all(h is False for h in hits):
                return False
        return None

    def offense_name(self, i: int) -> str:
        o = self.case.offenses[i]
        name = o.description or (f"§ {o.section}" if o.section else "offense")
        return f"offense {i + 1} ({name})"

    # --- the three parts -------------------------------------------------------------
    def applicability(self) -> None:
        a, p, case = self.path.applies, self.path, self.case
        cite = a.cite or p.cites[0]
        if case.court_type not in a.court_types:
            self.fail(
                f"the case is in {case.court_type} court",
                f"this path covers {' or '.join(a.court_types)} court records",
                cite,
            )
        if a.outcomes:
            words = _outcome_words(tuple(a.outcomes))
            if case.outcome is None:
                self.ask(
                    f"{case.id}.outcome",
                    f"How did case {case.id} end?",
                    self.case_field(case, "outcome"),
                    f"covers: {words}",
                    cite,
                )
            elif case.outcome in a.outcomes:
                self.met(f"outcome: {case.outcome.replace('_', ' ')}", f"covers: {words}", cite)
            else:
                self.fail(
                    f"outcome: {case.outcome.replace('_', ' ')}", f"covers only: {words}", cite
                )
        if self.barred:
            return  # the path does not cover this kind of case: nothing more to ask
        if not case.offenses and (
            a.levels
            or a.classes
            or a.only_categories
            or a.some_levels
            or a.some_classes
            or a.some_categories
            or a.max_age_at_offense is not None
            or a.min_age_at_offense is not None
        ):
            self.ask(
                f"{case.id}.offenses",
                f"What offenses were in case {case.id}?",
                self.case_field(case, "offenses"),
                "the path depends on the offense",
                cite,
            )
        for i in range(len(case.offenses)):
            level, lc, _ = self.offense_info(i)
            name = self.offense_name(i)
            if a.levels or a.classes:
                allowed = ", ".join(a.levels + a.classes)
                hit = level_hit(level, lc, a.levels, a.classes)
                if hit is None:
                    what = "level" if level is None else "class"
                    self.ask(
                        f"{case.id}.offenses.{i}.{what}",
                        f"What {what} was {name}?",
                        self.case_field(case, f"offenses.{i}.{what}"),
                        f"covers only {allowed}",
                        cite,
                    )
                elif hit is False:
                    self.fail(f"{name} is {lc}", f"covers only {allowed}", cite)
            if a.only_categories:
                answers = [self.in_category(i, c) for c in a.only_categories]
                names = " or ".join(self.law.categories[c].name for c in a.only_categories)
                if any(x is True for x in answers):
                    continue
                if all(x is False for x in answers):
                    self.fail(f"{name} is not {names}", f"covers only {names}", cite)
                else:
                    first = next(
                        c for c, x in zip(a.only_categories, answers, strict=True) if x is None
                    )
                    self.ask_category(i, first, f"covers only {names}", cite)
        if (a.some_levels or a.some_classes or a.some_categories) and case.offenses:
            self.some_offense(a.some_levels, a.some_classes, a.some_categories, cite)
        if a.max_age_at_offense is not None:
            self.age_at_offense(a.max_age_at_offense, cite)
        if a.min_age_at_offense is not None:
            self.age_at_offense_min(a.min_age_at_offense, cite)

    def age_at_offense_min(self, min_age: int, cite: str) -> None:
        rule = f"offense committed at age {min_age} or older"
        if self.ctx.dob is None:
            self.anchor(self.case, "birth", rule, cite)
            return
        for i in range(len(self.case.offenses)):
            name = self.offense_name(i)
            old_enough = self.age_at_least(i, min_age)
            if old_enough is True:
                self.met(f"{name} committed at age {min_age} or older", rule, cite)
            elif old_enough is False:
                self.fail(f"{name} committed before age {min_age}", rule, cite)
            else:
                self.ask(
                    f"{self.case.id}.offenses.{i}.offense_date",
                    f"Exact date of {name}: was the person {min_age} or older?",
                    self.case_field(self.case, f"offenses.{i}.offense_date"),
                    rule,
                    cite,
                )

    def some_offense(
        self, levels: list[str], classes: list[str], categories: list[str], cite: str
    ) -> None:
        """At least one offense of the case is of these levels/classes or in these categories."""
        names = [*levels, *classes, *(self.law.categories[c].name for c in categories)]
        rule = f"covers cases with at least one offense that is {' or '.join(names)}"
        unknown: list[tuple[int, str | None]] = []
        for i in range(len(self.case.offenses)):
            level, lc, _ = self.offense_info(i)
            hits = [level_hit(level, lc, levels, classes)] if levels or classes else []
            hits += [self.in_category(i, c) for c in categories]
            if any(h is True for h in hits):
                self.met(f"{self.offense_name(i)} is {' or '.join(names)}", rule, cite)
                return
            if any(h is None for h in hits):
                cat = next(
                    (
                        c
                        for c, h in zip(
                            categories, hits[len(hits) - len(categories) :], strict=True
                        )
                        if h is None
                    ),
                    None,
                )
                level_unknown = (levels or classes) and hits[0] is None
                unknown.append((i, None if level_unknown else cat))
        if not unknown:
            self.fail(f"no offense is {' or '.join(names)}", rule, cite)
            return
        for i, cat in unknown:
            if cat is None:
                self.ask(
                    f"{self.case.id}.offenses.{i}.level",
                    f"What level was {self.offense_name(i)}?",
                    self.case_field(self.case, f"offenses.{i}.level"),
                    rule,
                    cite,
                )
            else:
                self.ask_category(i, cat, rule, cite)

    def ask_category(self, i: int, cat_id: str, rule: str, cite: str) -> None:
        cat = self.law.categories[cat_id]
        name = self.offense_name(i)
        self.ask(
            f"{self.case.id}.offenses.{i}.categories.{cat_id}",
            f"{name}: {cat.question}",
            self.case_field(self.case, f"offenses.{i}.categories.{cat_id}"),
            rule,
            cite,  # the rule's own citation: a shared group may serve several rules
        )

    def age_at_least(self, i: int, age: int) -> bool | None:
        """Was offense i committed at ``age`` or older? None when it cannot be told."""
        dob, when = self.ctx.dob, self.case.offenses[i].offense_date
        if dob is None or when is None:
            return None
        span = span_of(when)
        leap = self.law.leap_day
        if span.lo >= add_period(dob.hi, years=age, leap=leap):
            return True
        if span.hi < add_period(dob.lo, years=age, leap=leap):
            return False
        return None

    def age_at_offense(self, max_age: int, cite: str) -> None:
        dob = self.ctx.dob
        for i, o in enumerate(self.case.offenses):
            name = self.offense_name(i)
            rule = f"offense committed at age {max_age} or younger"
            if dob is None:
                self.anchor(self.case, "birth", rule, cite)
                return
            if o.offense_date is None:
                self.ask(
                    f"{self.case.id}.offenses.{i}.offense_date",
                    f"When was {name} committed?",
                    self.case_field(self.case, f"offenses.{i}.offense_date"),
                    rule,
                    cite,
                )
                continue
            when = span_of(o.offense_date)
            limit = add_period(dob.lo, years=max_age + 1, leap=self.law.leap_day)
            limit_hi = add_period(dob.hi, years=max_age + 1, leap=self.law.leap_day)
            if when.hi < limit:
                self.met(f"{name} committed before age {max_age + 1}", rule, cite)
            elif when.lo >= limit_hi:
                self.fail(f"{name} committed at age {max_age + 1} or older", rule, cite)
            else:
                self.ask(
                    f"{self.case.id}.offenses.{i}.offense_date",
                    f"Exact date of {name} (and date of birth): was it before age {max_age + 1}?",
                    self.case_field(self.case, f"offenses.{i}.offense_date"),
                    rule,
                    cite,
                )

    def exclusions(self) -> None:
        case = self.case
        asked = len(self.asks)
        for ex in self.path.exclusions:
            if ex.outcomes and case.outcome not in ex.outcomes:
                if case.outcome is None:
                    self.ask(
                        f"{case.id}.outcome",
                        f"How did case {case.id} end?",
                        self.case_field(case, "outcome"),
                        ex.reason,
                        ex.cite,
                    )
                continue
            if ex.registration_required:
                if case.registration_required is True:
                    self.fail(
                        "registration as a sex offender is required", ex.reason, ex.cite, ex.help
                    )
                elif case.registration_required is None:
                    self.ask(
                        f"{case.id}.registration_required",
                        f"Case {case.id}: is the person required to register as a sex offender?",
                        self.case_field(case, "registration_required"),
                        ex.reason,
                        ex.cite,
                    )
            if ex.answer:
                self.check_answer(ex.answer, False, ex.reason, ex.cite, ex.help)
            for i in range(len(case.offenses)):
                name = self.offense_name(i)
                level, lc, _ = self.offense_info(i)
                if ex.min_age_at_offense is not None:
                    old_enough = self.age_at_least(i, ex.min_age_at_offense)
                    if old_enough is False:
                        continue  # committed younger than the exclusion reaches
                    if old_enough is None:
                        self.ask(
                            f"{case.id}.offenses.{i}.offense_date",
                            f"When was {name} committed (and the date of birth)? The exclusion "
                            f"reaches offenses at age {ex.min_age_at_offense} or older.",
                            self.case_field(case, f"offenses.{i}.offense_date"),
                            ex.reason,
                            ex.cite,
                        )
                        continue
                if ex.levels or ex.classes:
                    hit = level_hit(level, lc, ex.levels, ex.classes)
                    if hit is True:
                        self.fail(f"{name} is {lc}", ex.reason, ex.cite, ex.help)
                    elif hit is None:
                        what = "level" if level is None else "class"
                        self.ask(
                            f"{case.id}.offenses.{i}.{what}",
                            f"What {what} was {name}?",
                            self.case_field(case, f"offenses.{i}.{what}"),
                            ex.reason,
                            ex.cite,
                        )
                for cat_id in ex.categories:
                    hit = self.in_category(i, cat_id)
                    cat = self.law.categories[cat_id]
                    if hit is True:
                        self.fail(f"{name} is {cat.name}", ex.reason, ex.cite, ex.help)
                    elif hit is None:
                        self.ask_category(i, cat_id, ex.reason, ex.cite)
        if self.path.exclusions and not self.barred and len(self.asks) == asked:
            self.met(
                "no excluded offense or circumstance found",
                "; ".join(e.reason for e in self.path.exclusions),
                self.path.exclusions[0].cite,
            )

    def check_answer(self, qid: str, expect: bool, rule: str, cite: str, help: str | None) -> None:
        q = self.law.questions[qid]
        answers = self.case.answers if q.scope == "case" else self.ctx.record.answers
        value = answers.get(qid)
        fld = (
            self.case_field(self.case, f"answers.{qid}") if q.scope == "case" else f"answers.{qid}"
        )
        prefix = f"Case {self.case.id}: " if q.scope == "case" else ""
        if value is None:
            self.ask(
                f"{self.case.id}.{qid}" if q.scope == "case" else qid,
                prefix + q.text,
                fld,
                rule,
                cite,
            )
        elif value == expect:
            self.met(f"{q.text} {'yes' if value else 'no'}", rule, cite)
        else:
            self.fail(f"{q.text} {'yes' if value else 'no'}", rule, cite, help)

    def conditions(self) -> None:
        for cnd in self.path.conditions:
            _CONDITIONS[cnd.type](self, cnd)

    def waits(self) -> None:
        for w in self.path.waits:
            self.wait(w)
        if self.grouped or self.group_unknown:
            self.reduce_groups()
        self.window_close()

    def window_close(self) -> None:
        """A path open only until a date ('before age 21'): closed, or the date it shuts."""
        ends: list[tuple[Span, Wait]] = []
        for w in self.path.closes:
            start = self.anchor_across(w.start, w.across, w.reason, w.cite)
            if isinstance(start, Span):
                ends.append((_shift(start, w, self.law.leap_day), w))
        if not ends:
            return
        end, w = min(ends, key=lambda e: e[0].lo)
        self.closes_on, self.closes_cite = end, w.cite
        if end.hi <= self.ctx.as_of:
            self.fail(f"the window closed on {end}", w.reason, w.cite)
        elif end.lo <= self.ctx.as_of:
            self.ask(
                "exact_dates",
                f"Exact dates are needed: the window closes {end}.",
                "dates",
                w.reason,
                w.cite,
            )
        else:
            self.steps.append(
                Step("date", f"{w.reason}: must be sought before {end}", "", self.cite(w.cite))
            )

    def wait(self, w: Wait) -> None:
        before = len(self.asks)
        start = self.anchor_across(w.start, w.across, w.reason, w.cite)
        if start is None:
            if w.group:
                self.group_unknown.setdefault(w.group, []).extend(self.asks[before:])
                return
            self.wait_unknown = True
            self.wait_asks.extend(self.asks[before:])
            return
        if isinstance(start, _NotApplicable):
            return
        leap = self.law.leap_day
        end = start.map(
            lambda d: add_period(d, years=w.years, months=w.months, days=w.days, leap=leap)
        )
        if w.start == "birth":
            text = f"{w.reason}: born {start} → {end}"
        else:
            period = _period_words(w.years, w.months, w.days)
            scope = {
                "case": "",
                "state_cases": " (most recent, all cases in this state)",
                "state_court_cases": " (most recent, all cases in this state and court)",
                "all_cases": " (most recent, all cases)",
            }[w.across]
            plus = f" + {period} → {end}" if (w.years or w.months or w.days) else ""
            text = f"{w.reason}: {_ANCHOR_WORDS[w.start]}{scope} {start}{plus}"
        if w.group:
            self.steps.append(Step("date", text, "", self.cite(w.cite)))
            self.grouped.setdefault(w.group, []).append((end, text, w.cite))
        else:
            self.candidate(end, text, w.cite)
        if w.help:
            self.help.append(w.help)

    def reduce_groups(self) -> None:
        """Waits in a group combine among themselves first ('whichever is earlier of A and
        B'), and the group then stands as one candidate among the path's others."""
        for gid in {*self.grouped, *self.group_unknown}:
            how = self.path.groups[gid]
            members = self.grouped.get(gid, [])
            unknown = self.group_unknown.get(gid)
            reached = [m for m in members if m[0].hi <= self.ctx.as_of]
            if unknown and not (how == "earliest" and reached):
                self.wait_unknown = True
                self.wait_asks.extend(unknown)
                if how == "earliest" or not members:
                    continue
            elif unknown:
                self.asks[:] = [a for a in self.asks if a not in unknown]
            if not members:
                continue
            pick = min if how == "earliest" else max
            end, text, cite = pick(members, key=lambda m: m[0].hi)
            word = "earlier" if how == "earliest" else "later"
            self.candidate(end, f"whichever is {word} ({gid}): {text}", cite)

    # --- other records -----------------------------------------------------------------
    def matching(self, m: EventMatch) -> list[tuple[str, _Rec, bool | None]]:
        cache_key = (id(m), self.case.id)
        hit_list = self.ctx.match_cache.get(cache_key)
        if hit_list is None:
            hit_list = []
            own = f"case:{self.case.id}"
            for key, rec in self.ctx.recs.items():
                if key == own:
                    continue
                hit = _rec_matches(rec, m, self.case.state)
                if hit is not False:
                    hit_list.append((key, rec, hit))
            self.ctx.match_cache[cache_key] = hit_list
        return hit_list

    def match_question(self, rec: _Rec, m: EventMatch) -> str:
        """The question that decides whether ``rec`` counts under ``m``."""
        for cat in m.except_categories:
            if any(c.get(cat) is None for c in rec.categories):
                return f"{rec.label}: {self.law.categories[cat].question}"
        return f"What level and class was {rec.label}?"

    def need_history(self, rule: str, cite: str) -> bool:
        if self.ctx.history_complete:
            return True
        self.ask(
            "history_complete",
            "Are all of the person's other cases, adjudications, convictions and pending "
            "charges (any state, juvenile or adult) entered?",
            "history_complete",
            rule,
            cite,
        )
        return False


@lru_cache(maxsize=512)
def _outcome_words(outcomes: tuple[str, ...]) -> str:
    return ", ".join(x.replace("_", " ") for x in outcomes)


def _shift(span: Span, w: Wait, leap: LeapRule) -> Span:
    return span.map(lambda d: add_period(d, years=w.years, months=w.months, days=w.days, leap=leap))


def _period_words(years: int, months: int, days: int) -> str:
    parts = []
    for n, unit in ((years, "year"), (months, "month"), (days, "day")):
        if n:
            parts.append(f"{n} {unit}{'s' if n != 1 else ''}")
    return " ".join(parts) or "no waiting period"


def level_hit(
    level: str | None, lc: str | None, levels: list[str], classes: list[str]
) -> bool | None:
    """Does an offense of ``level`` (and 'level:class' ``lc``) fall in levels ∪ classes?

    None when the answer turns on a level or class that is not known.
    """
    if level is None:
        return None
    if level in levels:
        return True
    if lc in classes:
        return True
    if level in {c.split(":")[0] for c in classes} and (lc is None or lc == level):
        return None  # the class decides, and it is not known
    return False


def _rec_matches(rec: _Rec, m: EventMatch, state: str) -> bool | None:
    if rec.kinds.isdisjoint(m.kinds):
        return False
    if m.same_state_only and rec.state is not None and rec.state != state:
        return False
    if m.unless_set_aside and rec.set_aside:
        return False
    result: bool | None = True
    if m.levels or m.classes:
        hits = [
            level_hit(lv, lc, m.levels, m.classes)
            for lv, lc in zip(rec.levels, rec.classes, strict=True)
        ]
        if any(h is True for h in hits):
            result = True
        elif all(h is False for h in hits):
            return False
        else:
            result = None
    for cat in m.except_categories:
        answers = [c.get(cat) for c in rec.categories]
        if answers and all(a is True for a in answers):
            return False
        if any(a is None for a in answers) and result is True:
            result = None
    return result


def _cond_restitution(ev: _PathEval, c: Condition) -> None:
    """No restitution owed: in this case, or (across) in any of the person's cases."""
    cases = [ev.case]
    if c.across != "case":
        cases += [
            x
            for x in ev.ctx.record.cases
            if x is not ev.case and (c.across == "all_cases" or x.state == ev.case.state)
        ]
    owed = [x for x in cases if x.restitution_owed is True]
    if owed:
        for x in owed:
            if x is not ev.case:
                ev.blocking.append(f"case {x.id}")
        ev.fail(
            "restitution is still owed"
            + ("" if owed == [ev.case] else f" (case {', '.join(x.id for x in owed)})"),
            c.reason,
            c.cite,
            c.help or "Paying the restitution owed removes this bar.",
        )
        return
    unknown = [x for x in cases if x.restitution_owed is None]
    for x in unknown:
        ev.ask(
            f"{x.id}.restitution_owed",
            f"Case {x.id}: is any restitution still owed?",
            ev.case_field(x, "restitution_owed"),
            c.reason,
            c.cite,
        )
    if not unknown:
        ev.met("no restitution owed", c.reason, c.cite)


def _cond_registration(ev: _PathEval, c: Condition) -> None:
    case = ev.case
    if case.registration_required is False:
        ev.met("no registration requirement", c.reason, c.cite)
    elif case.registration_required is True:
        ev.fail(
            "registration is required",
            c.reason,
            c.cite,
            c.help or "Relief from the duty to register would remove this bar.",
        )
    else:
        ev.ask(
            f"{case.id}.registration_required",
            f"Case {case.id}: is the person required to register as a sex offender?",
            ev.case_field(case, "registration_required"),
            c.reason,
            c.cite,
        )


_PENDING = EventMatch(kinds=["pending_charge"])


def _cond_pending(ev: _PathEval, c: Condition) -> None:
    pending = ev.matching(_PENDING)
    if pending:
        for _, rec, _hit in pending:
            ev.blocking.append(rec.label)
            ev.fail(
                f"pending: {rec.label}",
                c.reason,
                c.cite,
                c.help or "Once the pending matter is resolved, this bar is gone.",
            )
    elif ev.need_history(c.reason, c.cite):
        ev.met("no pending charge or case", c.reason, c.cite)


def _cond_answer(ev: _PathEval, c: Condition) -> None:
    assert c.question is not None
    ev.check_answer(c.question, c.expect, c.reason, c.cite, c.help)


def _rec_date(rec: _Rec, c: Condition) -> Span | None:
    return rec.offense_date if c.event_date == "offense" else rec.date


def _cond_since(ev: _PathEval, c: Condition) -> None:
    """No matching record after the anchor: a bar, not a clock."""
    assert c.since is not None
    start = ev.anchor_across(c.since, c.across, c.reason, c.cite)
    if start is None:
        return
    if isinstance(start, _NotApplicable):
        return
    clear = True
    for _key, rec, hit in ev.matching(c.match):
        d = _rec_date(rec, c)
        if d is None:
            ev.ask(
                f"{rec.label}.date", f"When was {rec.label} decided?", "events", c.reason, c.cite
            )
            clear = False
        elif d.lo > start.hi:
            if hit is True:
                ev.blocking.append(rec.label)
                ev.fail(
                    f"{rec.label} on {d}, after {start}",
                    c.reason,
                    c.cite,
                    c.help
                    or "Having that conviction or adjudication set aside would remove this bar.",
                )
            else:
                ev.ask(
                    f"{rec.label}.level",
                    ev.match_question(rec, c.match),
                    "events",
                    c.reason,
                    c.cite,
                )
            clear = False
        elif d.hi > start.lo:
            ev.ask(
                f"{rec.label}.date",
                f"Exact date of {rec.label}: before or after {start}?",
                "events",
                c.reason,
                c.cite,
            )
            clear = False
    if clear and ev.need_history(c.reason, c.cite):
        ev.met(f"no disqualifying record since {start}", c.reason, c.cite)


def _cond_clean(ev: _PathEval, c: Condition) -> None:
    """N years free of matching records after the anchor; each such record restarts it."""
    assert c.since is not None
    start = ev.anchor_across(c.since, c.across, c.reason, c.cite)
    if start is None:
        ev.unknown_dates = True
        return
    if isinstance(start, _NotApplicable):
        return
    restart: Span = start
    restarted_by: str | None = None
    maybe: list[tuple[_Rec, Span]] = []
    for _key, rec, hit in ev.matching(c.match):
        d = _rec_date(rec, c)
        if d is None:
            ev.ask(f"{rec.label}.date", f"When was {rec.label}?", "events", c.reason, c.cite)
            ev.unknown_dates = True
        elif d.hi <= start.lo:
            continue
        elif hit is None:
            maybe.append((rec, d))
        elif d.hi > restart.hi:
            restart, restarted_by = latest([restart, d]), rec.label
    for rec, d in maybe:
        if d.hi > restart.lo:  # only a record after the clock's start could move it
            ev.ask(
                f"{rec.label}.level", ev.match_question(rec, c.match), "events", c.reason, c.cite
            )
    if not ev.need_history(c.reason, c.cite):
        ev.unknown_dates = True
    leap = ev.law.leap_day
    end = restart.map(lambda d: add_period(d, years=c.years, months=c.months, leap=leap))
    period = _period_words(c.years, c.months, 0)
    if restarted_by:
        ev.blocking.append(restarted_by)
        text = f"{c.reason}: the clock restarted at {restarted_by} ({restart}) + {period} → {end}"
    else:
        text = f"{c.reason}: {_ANCHOR_WORDS[c.since]} {start} + {period} → {end}"
    ev.candidate(end, text, c.cite)


def _cond_lookback(ev: _PathEval, c: Condition) -> None:
    """No matching record in the N years before filing: the day after its Nth anniversary."""
    leap = ev.law.leap_day
    period = _period_words(c.years, c.months, 0)
    found = False
    last: tuple[Span, Span, _Rec] | None = None  # only the latest record decides the date
    for _key, rec, hit in ev.matching(c.match):
        d = _rec_date(rec, c)
        if d is None:
            ev.ask(f"{rec.label}.date", f"When was {rec.label}?", "events", c.reason, c.cite)
            ev.unknown_dates = True
            continue
        end = d.map(
            lambda x: add_period(x, years=c.years, months=c.months, leap=leap) + timedelta(days=1)
        )
        if hit is None:
            if end.hi <= ev.ctx.as_of:
                continue  # outside the look-back whatever the answer
            ev.ask(
                f"{rec.label}.level", ev.match_question(rec, c.match), "events", c.reason, c.cite
            )
            continue
        found = True
        if end.lo > ev.ctx.as_of:
            ev.blocking.append(rec.label)
        if last is None or end.hi > last[1].hi:
            last = (d, end, rec)
    if last is not None:
        d, end, rec = last
        ev.candidate(
            end,
            f"{c.reason}: {rec.label} on {d}; the {period} look-back is clear "
            f"from the day after its anniversary → {end}",
            c.cite,
        )
    complete = ev.need_history(c.reason, c.cite)
    if not complete:
        ev.unknown_dates = True
    elif not found:
        ev.met(f"no disqualifying record in any {period} look-back", c.reason, c.cite)


def _cond_limit(ev: _PathEval, c: Condition) -> None:
    assert c.max is not None
    hits = ev.matching(c.match)
    definite = [rec for _, rec, h in hits if h is True]
    maybe = [rec for _, rec, h in hits if h is None]
    if c.include_self:
        own = ev.ctx.recs.get(f"case:{ev.case.id}")
        if own is not None:
            h = _rec_matches(own, c.match, ev.case.state)
            if h is True:
                definite.append(own)
            elif h is None:
                maybe.append(own)
    if len(definite) > c.max:
        ev.blocking.extend(r.label for r in definite)
        ev.fail(
            f"{len(definite)} matching records ({', '.join(r.label for r in definite)})",
            c.reason,
            c.cite,
            c.help,
        )
    elif len(definite) + len(maybe) > c.max:
        for r in maybe:
            ev.ask(
                f"{r.label}.level",
                ev.match_question(r, c.match),
                "events",
                c.reason,
                c.cite,
            )
    elif ev.need_history(c.reason, c.cite):
        ev.met(f"{len(definite)} matching record(s), limit {c.max}", c.reason, c.cite)


_CONDITIONS: dict[str, Callable[[_PathEval, Condition], None]] = {
    "restitution_paid": _cond_restitution,
    "not_registered": _cond_registration,
    "no_pending": _cond_pending,
    "answer": _cond_answer,
    "no_record_since": _cond_since,
    "clean_period": _cond_clean,
    "lookback": _cond_lookback,
    "record_limit": _cond_limit,
}

_RANK = {"eligible": 0, "automatic": 0, "eligible_on": 1, "needs_facts": 2, "ineligible": 3}


def _decisive_date(ctx: _Ctx, case: Case, which: str) -> Span | None:
    if which == "outcome":
        return span_of(case.outcome_date) if case.outcome_date else None
    dates = [span_of(o.offense_date) for o in case.offenses if o.offense_date]
    if which == "offense":
        return latest(dates) if dates and len(dates) == len(case.offenses) else None
    # record_created: the first trace of the case: arrest, petition or (failing those) offense
    for value in (case.arrest_date, case.petition_date):
        if value:
            dates.append(span_of(value))
    return earliest(dates) if dates else None


def _in_window(p: Path, d: date) -> bool:
    return (p.effective_from is None or d >= p.effective_from) and (
        p.effective_to is None or d <= p.effective_to
    )


def _next_scheduled(d: date, days: list[str]) -> date:
    """The first of the yearly dates ('MM-DD') on or after ``d`` (an agency's yearly run)."""
    options = []
    for year in (d.year, d.year + 1):
        for md in days:
            month, day = (int(x) for x in md.split("-"))
            options.append(date(year, month, day))
    return min(x for x in options if x >= d)


def _window_words(p: Path, word: str) -> str:
    if p.effective_from and p.effective_to:
        return f"{word} is from {p.effective_from} to {p.effective_to}"
    if p.effective_from:
        return f"{word} is on or after {p.effective_from}"
    return f"{word} is on or before {p.effective_to}"


_LABELS: dict[int, tuple[object, str]] = {}
_PATH_CITES: dict[int, tuple[object, list[CiteRef]]] = {}


def _path_cites(ev: _PathEval) -> list[CiteRef]:
    return list(_once(_PATH_CITES, ev.path, lambda: [ev.cite(c) for c in ev.path.cites]))


def _version_label(p: Path) -> str:
    return _once(_LABELS, p, lambda: _make_version_label(p))


def _make_version_label(p: Path) -> str:
    if p.effective_from and p.effective_to:
        return f"in force {p.effective_from} to {p.effective_to}"
    if p.effective_from:
        return f"in force from {p.effective_from}"
    if p.effective_to:
        return f"in force until {p.effective_to}"
    return "current"


_NOT_COVERED: dict[tuple[int, str, str], tuple[Path, PathResult]] = {}


def _not_covered(ctx: _Ctx, law: StateLaw, case: Case, path: Path) -> PathResult | None:
    """A path that does not cover this court or outcome at all gives the same answer for
    every such case: worked out once, then copied (about half of all paths end here)."""
    a = path.applies
    if case.outcome is None or (
        case.court_type in a.court_types and (not a.outcomes or case.outcome in a.outcomes)
    ):
        return None
    key = (id(path), case.court_type, case.outcome)
    hit = _NOT_COVERED.get(key)
    if hit is None or hit[0] is not path:
        ev = _PathEval(ctx, law, case, path)
        ev.applicability()
        hit = _NOT_COVERED[key] = (path, _finish(ev))
    return _clone(hit[1])


def _clone(r: PathResult) -> PathResult:
    """A copy that callers may change (fields and lists) without touching the cached one;
    spelled out because copy.copy of a slots dataclass is several times slower."""
    return PathResult(
        r.path_id,
        r.title,
        r.state_word,
        r.kind,
        r.mode,
        r.shall,
        r.status,
        r.key_date,
        r.earliest_date,
        r.automatic_done,
        r.due_by,
        r.closes_on,
        r.headline,
        list(r.candidates),
        list(r.steps),
        list(r.questions),
        list(r.blocking),
        list(r.help),
        list(r.cites),
        r.unverified,
        r.version,
    )


def evaluate_path(
    ctx: _Ctx, law: StateLaw, case: Case, path: Path, case_problems: list[str]
) -> PathResult:
    if not case_problems and (quick := _not_covered(ctx, law, case, path)) is not None:
        return quick
    ev = _PathEval(ctx, law, case, path)
    for text in case_problems:
        ev.ask(
            f"{case.id}.dates",
            f"Correct the dates: {text}",
            ev.case_field(case, "dates"),
            "dates must be possible before any rule can be applied",
            path.cites[0],
        )
    ev.applicability()
    if not ev.barred:  # a path that does not cover the case needs no further questions
        ev.exclusions()
    if not ev.barred:
        ev.conditions()
    if not ev.barred:  # dates matter only while the path is open
        ev.waits()
    if path.effective_from and path.decisive_date == "filing" and not ev.barred:
        # nothing under this version can happen before it takes effect
        verb = "takes" if path.effective_from > ctx.as_of else "took"
        ev.candidate(
            Span.exact(path.effective_from),
            f"this version of the law {verb} effect on {path.effective_from}",
            path.cites[0],
        )
    return _finish(ev)


def _finish(ev: _PathEval) -> PathResult:
    path, ctx = ev.path, ev.ctx
    res = PathResult(
        path_id=path.id,
        title=path.title,
        state_word=path.state_word,
        kind=path.kind,
        mode=path.mode,
        shall=path.shall,
        status="needs_facts",
        steps=ev.steps,
        questions=ev.asks,
        blocking=sorted(set(ev.blocking)) if ev.blocking else [],
        help=ev.help,
        cites=_path_cites(ev),
        version=_version_label(path),
        candidates=[c for _, c in ev.candidates],
    )
    res.unverified = any(not c.verified for c in res.cites) or any(
        not s.cite.verified for s in ev.steps
    )
    spans = [s for s, _ in ev.candidates]
    if ev.wait_unknown:
        if path.combine == "earliest" and any(s.hi <= ctx.as_of for s in spans):
            # "whichever is earlier" is already reached: the unknown date cannot matter
            ev.asks[:] = [a for a in ev.asks if a not in ev.wait_asks]
        else:
            ev.unknown_dates = True
    key: Span | None = None
    if spans:
        key = latest(spans) if path.combine == "latest" else earliest(spans)
        res.key_date = key.hi.isoformat()
        res.earliest_date = None if key.is_exact else key.lo.isoformat()
    if ev.closes_on is not None:
        res.closes_on = ev.closes_on.lo.isoformat()
    if ev.closes_on is not None and key is not None and key.lo >= ev.closes_on.hi:
        ev.fail(
            f"the waiting period ends {key}, but the window closes on {ev.closes_on}",
            "relief must be sought before the window closes",
            ev.closes_cite,
        )
        res.steps = ev.steps
    status: Status
    if ev.barred:
        status = "ineligible"
        res.key_date = res.earliest_date = None
    elif ev.asks or ev.unknown_dates:
        status = "needs_facts"
        if res.key_date:
            res.earliest_date = res.earliest_date or res.key_date
            res.key_date = None  # only a lower bound while facts are missing
    elif key is not None and key.lo <= ctx.as_of < key.hi:
        status = "needs_facts"
        res.earliest_date = key.lo.isoformat()
        res.questions.append(
            Ask(
                "exact_dates",
                "Exact dates are needed: some dates entered are approximate, and "
                f"the answer changes between {key.lo} and {key.hi}.",
                "dates",
                "the waiting period ends inside the range the approximate dates allow",
            )
        )
    elif path.mode == "automatic":
        status = "automatic"
        res.automatic_done = key is None or key.hi <= ctx.as_of
    elif key is None or key.hi <= ctx.as_of:
        status = "eligible"
    else:
        status = "eligible_on"
    res.status = status
    if status == "automatic" and key is not None:
        if path.deadline_days is not None:
            res.due_by = (key.hi + timedelta(days=path.deadline_days)).isoformat()
        elif path.scheduled_on:
            res.due_by = _next_scheduled(key.hi, path.scheduled_on).isoformat()
    res.headline = _headline(res)
    return res


def _headline(r: PathResult) -> str:
    word = r.state_word
    who = "the agency" if r.mode == "administrative" else "the court"
    may = "" if r.shall else f"; {who} may refuse"
    closes = f"; must be sought before {r.closes_on}" if r.closes_on else ""
    if r.status == "eligible":
        how = "may request now" if r.mode == "administrative" else "may petition now"
        return f"Eligible now for {word} ({how}){may}{closes}"
    if r.status == "eligible_on":
        approx = f" (possibly from {r.earliest_date})" if r.earliest_date else ""
        return f"Eligible for {word} on {r.key_date}{approx}{may}{closes}"
    if r.status == "automatic":
        due = f", due by {r.due_by}" if r.due_by else ""
        if r.automatic_done:
            when = f" on {r.key_date}" if r.key_date else ""
            return f"Automatic {word}: should have happened{when}{due}; check that it was done"
        return f"Automatic {word} on {r.key_date}{due}"
    if r.status == "needs_facts":
        first = r.questions[0].question if r.questions else "more facts"
        lower = f" (not before {r.earliest_date})" if r.earliest_date else ""
        return f"Needs facts{lower}: {first}"
    reasons = [s.fact for s in r.steps if s.outcome == "fails"]
    return f"Not eligible for {word}: {reasons[0] if reasons else 'a condition fails'}"


def _pick_version(
    ctx: _Ctx, law: StateLaw, case: Case, versions: list[Path], problems: list[str]
) -> PathResult:
    first = versions[0]
    if len(versions) == 1 and first.effective_from is None and first.effective_to is None:
        return evaluate_path(ctx, law, case, first, problems)
    if first.decisive_date == "filing":
        usable = [p for p in versions if p.effective_to is None or p.effective_to >= ctx.as_of]
        results = []
        for p in usable:
            r = evaluate_path(ctx, law, case, p, problems)
            if p.effective_to and r.key_date and r.key_date > p.effective_to.isoformat():
                continue  # this version ends before its own date arrives
            results.append(r)
        if not results:
            results = [
                evaluate_path(ctx, law, case, usable[-1] if usable else versions[-1], problems)
            ]
        return min(results, key=lambda r: (_RANK[r.status], r.key_date or ""))
    when = _decisive_date(ctx, case, first.decisive_date)
    word = {
        "record_created": "the date the record was created (first arrest or referral)",
        "offense": "the offense date",
        "outcome": "the outcome date",
    }[first.decisive_date]
    if when is None:
        r = evaluate_path(ctx, law, case, versions[-1], problems)
        if r.status != "ineligible":
            r.status = "needs_facts"
            r.key_date = None
            r.questions.insert(
                0,
                Ask(
                    f"{case.id}.{first.decisive_date}",
                    f"Case {case.id}: what is {word}? It decides which version "
                    "of this law applies.",
                    f"cases.{case.id}.arrest_date",
                    "law version",
                ),
            )
            r.headline = _headline(r)
        return r
    fits = [p for p in versions if _in_window(p, when.lo) or _in_window(p, when.hi)]
    if not fits:
        # the case falls outside every version: say so without weighing the rest
        path = versions[-1]
        ev = _PathEval(ctx, law, case, path)
        ev.fail(
            f"{word}: {when}",
            f"this path applies only where {_window_words(path, word)}",
            path.cites[0],
        )
        r = _finish(ev)
        r.headline = f"Not available: applies only where {_window_words(path, word)}"
        return r
    if len(fits) > 1:
        r = evaluate_path(ctx, law, case, fits[-1], problems)
        if r.status == "ineligible":
            return r  # barred whichever version applies to the record
        r.status = "needs_facts"
        r.key_date, r.automatic_done, r.due_by = None, None, None
        r.questions.insert(
            0,
            Ask(
                f"{case.id}.{first.decisive_date}",
                f"Case {case.id}: the exact {word} decides which version of the law applies.",
                f"cases.{case.id}.arrest_date",
                "law version",
            ),
        )
        r.headline = _headline(r)
        return r
    return evaluate_path(ctx, law, case, fits[0], problems)


def _label(case: Case) -> str:
    bits = [case.state]
    if case.county:
        bits.append(f"{case.county} County")
    if case.docket:
        bits.append(f"docket {case.docket}")
    offenses = ", ".join(o.description or o.section or "offense" for o in case.offenses)
    return f"Case {case.id} ({', '.join(bits)})" + (f": {offenses}" if offenses else "")


def _case_summary(paths: list[PathResult]) -> tuple[str, str | None]:
    """The best route: a mandatory ('shall') path first; discretion only when nothing else."""
    if not paths:
        return "No relief path in the statute file", None
    open_paths = [r for r in paths if r.status != "ineligible"]
    if not open_paths:
        return "Not eligible under any modeled path", None
    mandatory = [r for r in open_paths if r.shall] or open_paths
    best = min(mandatory, key=lambda r: (_RANK[r.status], r.key_date or "9999"))
    flag = " [rests on an UNVERIFIED rule: check the statute]" if best.unverified else ""
    return best.headline + flag, best.path_id


_VERSIONS: dict[int, tuple[object, list[list[Path]]]] = {}


def _rule_versions(law: StateLaw) -> list[list[Path]]:
    """The paths of a statute file by rule, each rule's versions oldest first (built once)."""

    def build() -> list[list[Path]]:
        groups: dict[str, list[Path]] = {}
        for p in law.paths:
            groups.setdefault(p.rule_id, []).append(p)
        return [sorted(v, key=lambda p: p.effective_from or date.min) for v in groups.values()]

    return _once(_VERSIONS, law, build)


def assess_case(ctx: _Ctx, case: Case, laws: dict[str, StateLaw | None]) -> CaseResult:
    law = laws.get(case.state)
    problems = [
        str(p)
        for p in ctx.problems
        if p.severity == "error" and (p.case_id == case.id or p.where.startswith("person"))
    ]
    if law is None:
        return CaseResult(
            case.id,
            case.state,
            _label(case),
            False,
            f"{case.state} is not modeled yet: no statute file",
            None,
            problems=problems,
        )
    results = [_pick_version(ctx, law, case, v, problems) for v in _rule_versions(law)]
    summary, best = _case_summary(results)
    other = [
        f"{r.title}: {r.headline}"
        for r in results
        if r.mode in ("petition_prosecutor_consent", "court_discretion")
        and r.status != "ineligible"
        and r.path_id != best
    ]
    return CaseResult(
        case.id, case.state, _label(case), True, summary, best, results, problems, other
    )


def assess(
    record: Record,
    as_of: date | None = None,
    *,
    today: date | None = None,
    laws: dict[str, StateLaw | None] | None = None,
) -> Assessment:
    """Assess every case of the record as of ``as_of`` (default: today)."""
    today = today or date.today()
    as_of = as_of or today
    ctx = _Ctx(record, as_of, today)
    if laws is None:
        laws = {}
        for st in {c.state for c in record.cases}:
            try:
                laws[st] = load_state(st)
            except KeyError:
                laws[st] = None
    cases = [assess_case(ctx, c, laws) for c in record.cases]
    return Assessment(as_of.isoformat(), [str(p) for p in ctx.problems], cases)

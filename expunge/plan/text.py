"""Building the plan from an assessment, and its plain-text form (the screen preview)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

from expunge.law.result import Assessment, CaseResult, PathResult
from expunge.record import Case, Record

# The word a young person understands for each kind of relief.
_CLEARED = {
    "sealing": "sealed (closed to the public)",
    "expungement": "expunged (erased)",
    "destruction": "destroyed",
    "set_aside": "set aside",
}
_KIND_NOUN = {
    "sealing": "sealing",
    "expungement": "expungement",
    "destruction": "destruction",
    "set_aside": "set-aside",
}
_HOW = {
    "automatic": "This happens by law: no one has to ask for it.",
    "administrative": "You send a request to the agency; no judge is needed.",
    "petition": "You ask the court (a petition); if the law's conditions are met, the court "
    "must grant it.",
    "petition_prosecutor_consent": "You ask the court; the prosecutor has to agree.",
    "court_discretion": "You ask the court; the judge decides whether to grant it.",
}


def kind_noun(kind: str) -> str:
    return _KIND_NOUN.get(kind, kind)


@dataclass(slots=True)
class PlanItem:
    """What the plan says about one case."""

    case_id: str
    case_label: str
    state: str
    status: str  # the best path's status, or "none"
    when: str | None  # ISO date: the date it can be (or was / will be) cleared
    sentence: str  # the plain-language sentence
    how: str = ""
    path_id: str | None = None
    path_title: str = ""
    kind: str = ""
    mode: str = ""
    cites: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    helps: list[str] = field(default_factory=list)
    check_by: str | None = None  # automatic paths: the date by which it must be done
    unverified: bool = False


@dataclass(slots=True)
class Plan:
    as_of: str
    person_name: str | None
    now: list[PlanItem] = field(default_factory=list)
    later: list[PlanItem] = field(default_factory=list)
    unknown: list[PlanItem] = field(default_factory=list)
    not_available: list[PlanItem] = field(default_factory=list)
    bring: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[PlanItem]:
        return [*self.now, *self.later, *self.unknown, *self.not_available]

    def reminders(self) -> list[tuple[str, str, PlanItem]]:
        """(ISO date, what happens, item) for every date after the as-of date."""
        out = []
        for item in self.items:
            if item.when and item.when > self.as_of and item.status in ("eligible_on", "automatic"):
                what = "eligible date" if item.status == "eligible_on" else "automatic date"
                out.append((item.when, what, item))
            if item.check_by and item.check_by > self.as_of:
                out.append((item.check_by, "check it was done", item))
        return sorted(out, key=lambda r: (r[0], r[2].case_id))


def _case_words(case: Case | None, result: CaseResult) -> str:
    if case is None:
        return result.label
    bits = [f"Case {case.id}", case.state]
    if case.county:
        bits.append(f"{case.county} County")
    if case.docket:
        bits.append(f"docket {case.docket}")
    offenses = ", ".join(o.description or o.section or "offense" for o in case.offenses)
    return ", ".join(bits) + (f": {offenses}" if offenses else "")


def _sentence(p: PathResult, as_of: str) -> str:
    cleared = _CLEARED.get(p.kind, p.state_word)
    if p.status == "eligible":
        return f"This record can be {cleared} now."
    if p.status == "eligible_on":
        return f"This record can be {cleared} from {p.key_date}."
    if p.status == "automatic":
        if p.automatic_done:
            when = f" on {p.key_date}" if p.key_date else ""
            return (
                f"This record should already have been {cleared} automatically{when}. "
                "Check that it was done."
            )
        return f"This record will be {cleared} automatically on {p.key_date}."
    if p.status == "needs_facts":
        later = p.earliest_date and p.earliest_date > as_of
        lower = f" (and not before {p.earliest_date})" if later else ""
        return f"We need a few more facts to say when this record can be {cleared}{lower}."
    return "None of the rules we know can clear this record."


def _bring_for(case: Case, p: PathResult, forms: list[str]) -> list[str]:
    if p.mode == "automatic":
        return []
    docket = f" (docket {case.docket})" if case.docket else ""
    out = [f"Court papers for case {case.id}{docket}: the petition and the final order."]
    if case.supervised:
        out.append(f"Case {case.id}: proof that probation or supervision ended.")
    if any("restitution" in s.rule.lower() and s.outcome == "met" for s in p.steps):
        out.append(f"Case {case.id}: proof that restitution is paid (a receipt or the ledger).")
    out.extend(forms)
    return out


def _forms_for(state: str, path_id: str) -> list[str]:
    from expunge.law.library import StatuteFileError, load_state

    try:
        law = load_state(state)
    except (KeyError, StatuteFileError):  # an unmodeled or broken state has no form to name
        return []
    out = []
    for f in law.forms:
        if path_id in f.paths:
            number = f" ({f.number})" if f.number else ""
            out.append(f"The form: {f.name}{number}, from {f.publisher}.")
    return out


def build_plan(record: Record, assessment: Assessment) -> Plan:
    """The plan for ``record`` from its assessment: one item per case, by its best path."""
    plan = Plan(assessment.as_of, record.person.name, problems=list(assessment.problems))
    cases = {c.id: c for c in record.cases}
    bring: list[str] = []
    for result in assessment.cases:
        case = cases.get(result.case_id)
        label = _case_words(case, result)
        best = next((p for p in result.paths if p.path_id == result.best_path), None)
        if best is None:
            reason = result.summary
            item = PlanItem(result.case_id, label, result.state, "none", None, reason)
            if not result.modeled:
                item.sentence = f"{result.state} is not covered by this tool yet: ask a lawyer."
            plan.not_available.append(item)
            continue
        item = PlanItem(
            result.case_id,
            label,
            result.state,
            best.status,
            best.key_date if best.status != "needs_facts" else best.earliest_date,
            _sentence(best, assessment.as_of),
            how=_HOW.get(best.mode, ""),
            path_id=best.path_id,
            path_title=best.title,
            kind=best.kind,
            mode=best.mode,
            cites=[c.label() for c in best.cites],
            questions=[q.question for q in best.questions],
            helps=list(best.help),
            check_by=best.due_by if best.status == "automatic" else None,
            unverified=best.unverified,
        )
        if best.status == "eligible" or (best.status == "automatic" and best.automatic_done):
            plan.now.append(item)
        elif best.status in ("eligible_on", "automatic"):
            plan.later.append(item)
        else:
            plan.unknown.append(item)
        if case is not None and best.status in ("eligible", "eligible_on"):
            for line in _bring_for(case, best, _forms_for(case.state, best.path_id)):
                if line not in bring:
                    bring.append(line)
    plan.later.sort(key=lambda i: (i.when or "9999", i.case_id))
    if bring:
        plan.bring = ["A photo ID.", *bring]
    return plan


def _wrap(text: str, indent: str = "", width: int = 76) -> list[str]:
    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent.rstrip()]


def _as_of_words(as_of: str) -> str:
    d = date.fromisoformat(as_of)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def plan_text(plan: Plan, width: int = 76) -> str:
    """The plan as plain text (the screen preview; the PDF says the same)."""
    who = f" for {plan.person_name}" if plan.person_name else ""
    lines = [f"Your record-clearing plan{who}", f"As of {_as_of_words(plan.as_of)}", ""]
    sections = (
        ("Can be cleared now", plan.now),
        ("Can be cleared later, on these dates", plan.later),
        ("We still need to find out", plan.unknown),
        ("Not available under the rules we know", plan.not_available),
    )
    for title, items in sections:
        if not items:
            continue
        lines.append(title.upper())
        for item in items:
            lines.extend(_wrap(f"- {item.case_label}", "", width))
            lines.extend(_wrap(item.sentence, "    ", width))
            if item.how:
                lines.extend(_wrap(item.how, "    ", width))
            if item.check_by:
                lines.extend(_wrap(f"It must be done by {item.check_by}.", "    ", width))
            for q in item.questions:
                lines.extend(_wrap(f"? {q}", "    ", width))
            for h in item.helps:
                lines.extend(_wrap(f"Could help: {h}", "    ", width))
            if item.cites:
                law = "; ".join(item.cites)
                lines.extend(_wrap(f"Law: {law}", "    ", width))
        lines.append("")
    if plan.bring:
        lines.append("WHAT TO BRING")
        for b in plan.bring:
            lines.extend(_wrap(f"- {b}", "", width))
        lines.append("")
    if plan.problems:
        lines.append("DATES TO CHECK FIRST")
        for p in plan.problems:
            lines.extend(_wrap(f"- {p}", "", width))
        lines.append("")
    lines.extend(_wrap(DISCLAIMER, "", width))
    return "\n".join(lines)


DISCLAIMER = (
    "This is legal information, not legal advice. The dates follow the law as written; "
    "a court or agency can see things differently. Rules marked UNVERIFIED were not "
    "confirmed against the statute text."
)

"""Plain-text rendering of an assessment and of a statute file, for people."""

from __future__ import annotations

import textwrap

from expunge.law.result import Assessment, PathResult
from expunge.law.schema import StateLaw

_MARK = {
    "eligible": "ELIGIBLE NOW",
    "eligible_on": "ELIGIBLE ON",
    "automatic": "AUTOMATIC",
    "needs_facts": "NEEDS FACTS",
    "ineligible": "NOT ELIGIBLE",
}


def _wrap(text: str, indent: str, width: int = 96) -> list[str]:
    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]


def render_assessment(a: Assessment, *, verbose: bool = False) -> str:
    lines = [f"Assessment as of {a.as_of}", ""]
    if a.problems:
        lines.append("Problems with the record (fix these first):")
        for p in a.problems:
            lines.extend(_wrap(f"- {p}", "  "))
        lines.append("")
    for c in a.cases:
        lines.append(c.label)
        lines.extend(_wrap(f"=> {c.summary}", "  "))
        if not c.modeled:
            lines.append("")
            continue
        for p in c.paths:
            if p.status == "ineligible" and not verbose:
                continue
            lines.extend(_render_path(p))
        hidden = [p for p in c.paths if p.status == "ineligible"]
        if hidden and not verbose:
            names = "; ".join(f"{p.title} ({_first_fail(p)})" for p in hidden)
            lines.extend(_wrap(f"Not available: {names}", "  "))
        lines.append("")
    lines.append(
        "This is legal information, not legal advice. Check each citation; "
        "rules marked UNVERIFIED were not confirmed against the statute text."
    )
    return "\n".join(lines)


def _first_fail(p: PathResult) -> str:
    for s in p.steps:
        if s.outcome == "fails":
            return f"{s.fact}; {s.cite.label()}"
    return p.headline


def _render_path(p: PathResult) -> list[str]:
    mark = _MARK[p.status]
    date = f" {p.key_date}" if p.status in ("eligible_on", "automatic") and p.key_date else ""
    out = [
        f"  [{mark}{date}] {p.title}  ({p.mode.replace('_', ' ')}; "
        f"{'shall' if p.shall else 'may'}; {p.version})"
    ]
    out.extend(_wrap(p.headline, "      "))
    if p.unverified:
        out.append("      ! Rests on at least one UNVERIFIED citation.")
    for cand in p.candidates:
        out.extend(_wrap(f"date: {cand.reason}  [{cand.cite.label()}]", "      "))
    for s in p.steps:
        if s.outcome == "fails":
            out.extend(_wrap(f"bar: {s.fact}: {s.rule}  [{s.cite.label()}]", "      "))
    for q in p.questions:
        out.extend(_wrap(f"ask: {q.question}  (because: {q.why})", "      "))
    if p.blocking:
        out.extend(_wrap(f"blocking: {', '.join(p.blocking)}", "      "))
    for h in p.help:
        out.extend(_wrap(f"what helps: {h}", "      "))
    out.extend(_wrap("law: " + "; ".join(c.label() for c in p.cites), "      "))
    return out


def render_state(law: StateLaw) -> str:
    lines = [f"{law.name} ({law.state}) - reviewed {law.reviewed}", ""]
    lines.extend(textwrap.wrap(law.summary, 96))
    lines.append(f"Leap day: {law.leap_day} ({law.leap_day_note})")
    lines.append("")
    for p in law.paths:
        version = []
        if p.effective_from:
            version.append(f"from {p.effective_from}")
        if p.effective_to:
            version.append(f"to {p.effective_to}")
        v = f" [{' '.join(version)}, by {p.decisive_date} date]" if version else ""
        lines.append(f"* {p.title} ({p.id}){v}")
        lines.append(
            f"    {p.kind} / {p.mode} / {'shall' if p.shall else 'may'}"
            f" - the state's word: {p.state_word}"
        )
        lines.extend(_wrap(p.summary, "    "))
        for w in p.waits:
            lines.extend(_wrap(f"wait: {w.reason}  [{_c(law, w.cite)}]", "    "))
        for e in p.exclusions:
            lines.extend(_wrap(f"excluded: {e.reason}  [{_c(law, e.cite)}]", "    "))
        for cnd in p.conditions:
            lines.extend(_wrap(f"condition: {cnd.reason}  [{_c(law, cnd.cite)}]", "    "))
        lines.append("")
    lines.append("Citations:")
    for key, c in law.citations.items():
        mark = "verified " + str(c.verified) if c.status == "verified" else "UNVERIFIED"
        lines.extend(_wrap(f'{c.cite} ({key}; {mark}; {c.version}): "{c.quote}" {c.url}', "  "))
    if law.forms:
        lines.append("")
        lines.append("Forms:")
        for f in law.forms:
            lines.extend(_wrap(f"{f.name} {f.number or ''} - {f.publisher} {f.url or ''}", "  "))
    return "\n".join(lines)


def _c(law: StateLaw, key: str) -> str:
    c = law.citations[key]
    return c.cite if c.status == "verified" else f"{c.cite} UNVERIFIED"

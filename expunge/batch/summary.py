"""The de-identified aggregate report: counts, tables, suppression, JSON and Markdown.

Workers count each screened case into cells (``Tally.add_person``); the main process adds
the tallies up and builds the report at the end. Every cell also counts the distinct
people behind it: a cell is small when fewer than ``min_cell`` *people* are in it, even if
they have more cases than that. Row labels that fewer than ``min_cell`` people share
(a county, a race written in) are folded into one "fewer than N" row first, so a rare
label never appears. No name, id or date of birth is ever counted or written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from expunge.batch.suppress import Publication, protect

# Status columns: "automatic" split into overdue (should already have happened: check it
# was done) and future.
STATUSES = (
    "eligible",
    "automatic_overdue",
    "automatic_future",
    "eligible_on",
    "needs_facts",
    "ineligible",
    "not_modeled",
)
STATUS_WORDS = {
    "eligible": "eligible now",
    "automatic_overdue": "automatic, should have happened",
    "automatic_future": "automatic, later",
    "eligible_on": "eligible on a later date",
    "needs_facts": "needs facts",
    "ineligible": "not eligible",
    "not_modeled": "state not modeled",
}
ELIGIBLE_NOW = ("eligible", "automatic_overdue")
WAITING = ("eligible_on", "automatic_future")
CLEARED = ("not cleared", "not known", "cleared")
WAITS = ("under 6 months", "6-12 months", "1-2 years", "2-3 years", "3-5 years", "5+ years")
NOT_GIVEN = "(not given)"
LEVEL_ORDER = ("felony", "misdemeanor", "status", "violation", "infraction")
CASE_DIMS = ("state", "offense_level", "outcome", "county", "race", "ethnicity", "gender")
PERSON_DIMS = ("race", "ethnicity", "gender")
FOLDED = ("county", "race", "ethnicity", "gender")  # free-text labels: rare ones fold
HAS = ("yes", "no")  # people table columns: has a case eligible now and not cleared


@dataclass
class Tally:
    """Counts from one chunk, or all of them added up."""

    cases: Counter[tuple] = field(default_factory=Counter)
    people: Counter[tuple] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        self.cases.update(other.cases)
        self.people.update(other.people)
        self.errors.update(other.errors)
        self.rows.update(other.rows)

    def add_person(self, demographics: dict[str, str | None], cases: list[CaseCount]) -> None:
        """Count one person's screened cases (at least one)."""
        demo = tuple(demographics.get(d) or NOT_GIVEN for d in PERSON_DIMS)
        touched: set[tuple] = set()
        not_cleared = False
        for c in cases:
            eligible_now = c.column in ELIGIBLE_NOW
            cl = (0 if c.cleared is False else 2 if c.cleared else 1) if eligible_now else None
            not_cleared = not_cleared or (eligible_now and c.cleared is not True)
            keys = _case_keys(c.column, c.state, c.level, c.outcome, c.county, demo, cl, c.wait)
            self.cases.update(keys)  # Counter.update counts an iterable in C
            touched.update(keys)
        self.rows["people"] += 1
        self.people.update(touched)
        self.people.update(_person_keys(demo, HAS[0] if not_cleared else HAS[1]))


@lru_cache(maxsize=4096)  # people share most combinations: their keys are built once
def _case_keys(
    col: str,
    state: str,
    level: str | None,
    outcome: str | None,
    county: str | None,
    demo: tuple[str, ...],
    cleared: int | None,
    wait: str | None,
) -> tuple[tuple, ...]:
    """The cells one case counts in: status column, each dimension's row and cell, and the
    cleared or waiting-time tables when they apply."""
    rows = {
        "state": state,
        "offense_level": level or NOT_GIVEN,
        "outcome": outcome or NOT_GIVEN,
        "county": f"{state} / {county or NOT_GIVEN}",
        **dict(zip(PERSON_DIMS, demo, strict=True)),
    }
    keys: list[tuple] = [("col", col), ("total",)]
    for dim, row in rows.items():
        keys.append(("cell", dim, row, col))
        keys.append(("row", dim, row))
    if cleared is not None:
        cl = CLEARED[cleared]
        keys += [("clr", state, cl), ("clr_row", state), ("clr_col", cl), ("clr_total",)]
    elif col in WAITING and wait is not None:
        keys += [("wait", state, wait), ("wait_row", state), ("wait_col", wait)]
        keys.append(("wait_total",))
    return tuple(keys)


@lru_cache(maxsize=4096)
def _person_keys(demo: tuple[str, ...], has: str) -> tuple[tuple, ...]:
    keys: list[tuple] = [("ptotal",), ("pcol", has)]
    for d, v in zip(PERSON_DIMS, demo, strict=True):
        keys += [("prow", d, v), ("pcell", d, v, has)]
    return tuple(keys)


@dataclass(slots=True)
class CaseCount:
    """What the summary needs of one screened case."""

    state: str
    column: str  # one of STATUSES
    level: str | None
    outcome: str | None
    county: str | None
    cleared: bool | None
    wait: str | None  # one of WAITS, for cases eligible or automatic on a later date


def most_serious(levels: list[str | None]) -> str | None:
    known = [lv for lv in levels if lv]
    return min(known, key=LEVEL_ORDER.index) if known else None


# --- building the report ------------------------------------------------------------------


@dataclass
class Table:
    id: str
    title: str
    row_label: str
    unit: str  # "cases" or "people"
    rows: list[str]
    columns: list[str]
    column_words: list[str]
    cell: Callable[[str, str], tuple]
    row_total: Callable[[str], tuple]
    column_total: Callable[[str], tuple]
    total: tuple


def _row_order(labels: list[str], dim: str) -> list[str]:
    if dim == "offense_level":
        rank = {lv: i for i, lv in enumerate(LEVEL_ORDER)}
        return sorted(labels, key=lambda x: (rank.get(x, 99), x))
    return sorted(labels, key=lambda x: (x.startswith("("), " / (" in x, x))


def _fold(tally: Tally, k: int) -> tuple[Counter[tuple], Counter[tuple], dict[str, set[str]]]:
    """Fold rare labels; returns new case and people counters and the dims present."""
    small = f"(fewer than {k} people)"
    present: dict[str, set[str]] = {}
    rename: dict[tuple[str, str], str] = {}
    for key, n in tally.people.items():
        if key[0] == "row":
            present.setdefault(key[1], set()).add(key[2])
            dim, label = key[1], key[2]
            if dim in FOLDED and n < k and not label.endswith(NOT_GIVEN):
                rename[(dim, label)] = (
                    f"{label.split(' / ')[0]} / {small}" if dim == "county" else small
                )
    for dim in ("county", *PERSON_DIMS):
        labels = present.get(dim, set())
        if all(x.endswith(NOT_GIVEN) for x in labels):
            present.pop(dim, None)  # the column was never filled in

    def relabel(key: tuple) -> tuple:
        if key[0] in ("cell", "row", "prow", "pcell") and (key[1], key[2]) in rename:
            return (key[0], key[1], rename[(key[1], key[2])], *key[3:])
        return key

    cases: Counter[tuple] = Counter()
    people: Counter[tuple] = Counter()
    for key, n in tally.cases.items():
        cases[relabel(key)] += n
    for key, n in tally.people.items():
        new = relabel(key)
        if new != key and new[1] == "county":
            # a person may be in several folded counties: the largest part is a safe bound
            people[new] = max(people[new], n)
        else:
            people[new] += n  # one person has one race, ethnicity, gender: parts add up
    for dim in {d for d, _ in rename}:
        present[dim] = {rename.get((dim, x), x) for x in present[dim]}
    return cases, people, present


def build_tables(tally: Tally, k: int) -> tuple[list[Table], Publication]:
    cases, people, present = _fold(tally, k)
    pub = Publication()
    tables: list[Table] = []

    def put(key: tuple, unit: str) -> tuple:
        if key not in pub.values:
            pub.values[key] = (people if unit == "people" else cases).get(key, 0)
            pub.people[key] = people.get(key, 0)
        return key

    states = _row_order(list(present.get("state", set())), "state")
    if not states:
        return [], pub
    total = put(("total",), "cases")
    pub.fixed.add(total)
    cols = [put(("col", s), "cases") for s in STATUSES]
    pub.add_sum(cols, [total])
    titles = {
        "state": "Cases by state and status",
        "offense_level": "Cases by most serious offense level and status",
        "outcome": "Cases by outcome and status",
        "county": "Cases by county and status",
        "race": "Cases by race and status",
        "ethnicity": "Cases by ethnicity and status",
        "gender": "Cases by gender and status",
    }
    for dim in CASE_DIMS:
        if dim not in present:
            continue
        rows = _row_order(list(present[dim]), dim)
        for r in rows:
            body = [put(("cell", dim, r, s), "cases") for s in STATUSES]
            pub.add_sum(body, [put(("row", dim, r), "cases")])
        for s in STATUSES:
            pub.add_sum([("cell", dim, r, s) for r in rows], [("col", s)])
        pub.add_sum([("row", dim, r) for r in rows], [total])
        tables.append(
            Table(
                f"status_by_{dim}",
                titles[dim],
                dim.replace("_", " "),
                "cases",
                rows,
                list(STATUSES),
                [STATUS_WORDS[s] for s in STATUSES],
                lambda r, s, dim=dim: ("cell", dim, r, s),
                lambda r, dim=dim: ("row", dim, r),
                lambda s: ("col", s),
                total,
            )
        )
    if "county" in present:
        # a state's counties add up to the state: a sum an attacker can use, so it is one
        counties = present["county"]
        for st in states:
            mine = [c for c in counties if c.split(" / ")[0] == st]
            for s in STATUSES:
                pub.add_sum([("cell", "county", c, s) for c in mine], [("cell", "state", st, s)])
    # eligible now, by whether the record is already cleared
    clr_total = put(("clr_total",), "cases")
    pub.add_sum([clr_total], [("col", s) for s in ELIGIBLE_NOW])
    clr_cols = [put(("clr_col", c), "cases") for c in CLEARED]
    pub.add_sum(clr_cols, [clr_total])
    for st in states:
        row = put(("clr_row", st), "cases")
        pub.add_sum([row], [("cell", "state", st, s) for s in ELIGIBLE_NOW])
        pub.add_sum([put(("clr", st, c), "cases") for c in CLEARED], [row])
    for c in CLEARED:
        pub.add_sum([("clr", st, c) for st in states], [("clr_col", c)])
    tables.append(
        Table(
            "eligible_now_by_state_cleared",
            "Cases eligible now (or automatic and overdue), by whether already cleared",
            "state",
            "cases",
            states,
            list(CLEARED),
            list(CLEARED),
            lambda r, c: ("clr", r, c),
            lambda r: ("clr_row", r),
            lambda c: ("clr_col", c),
            clr_total,
        )
    )
    # waiting time left, for cases eligible (or automatic) on a later date
    wait_total = put(("wait_total",), "cases")
    pub.add_sum([wait_total], [("col", s) for s in WAITING])
    wait_cols = [put(("wait_col", w), "cases") for w in WAITS]
    pub.add_sum(wait_cols, [wait_total])
    for st in states:
        row = put(("wait_row", st), "cases")
        pub.add_sum([row], [("cell", "state", st, s) for s in WAITING])
        pub.add_sum([put(("wait", st, w), "cases") for w in WAITS], [row])
    for w in WAITS:
        pub.add_sum([("wait", st, w) for st in states], [("wait_col", w)])
    tables.append(
        Table(
            "waiting_time_by_state",
            "Cases eligible or automatic on a later date: time left to wait",
            "state",
            "cases",
            states,
            list(WAITS),
            list(WAITS),
            lambda r, w: ("wait", r, w),
            lambda r: ("wait_row", r),
            lambda w: ("wait_col", w),
            wait_total,
        )
    )
    # people: does the person have a case eligible now and not (known to be) cleared?
    ptotal = put(("ptotal",), "people")
    pub.fixed.add(ptotal)
    pub.add_sum([put(("pcol", h), "people") for h in HAS], [ptotal])
    for dim in PERSON_DIMS:
        if dim not in present:
            continue
        rows = _row_order(list(present[dim]), dim)
        for r in rows:
            body = [put(("pcell", dim, r, h), "people") for h in HAS]
            pub.add_sum(body, [put(("prow", dim, r), "people")])
        for h in HAS:
            pub.add_sum([("pcell", dim, r, h) for r in rows], [("pcol", h)])
        pub.add_sum([("prow", dim, r) for r in rows], [ptotal])
        tables.append(
            Table(
                f"people_not_cleared_by_{dim}",
                f"People with a case eligible now and not recorded as cleared, by {dim}",
                dim,
                "people",
                rows,
                list(HAS),
                ["has such a case", "has none"],
                lambda r, h, dim=dim: ("pcell", dim, r, h),
                lambda r, dim=dim: ("prow", dim, r),
                lambda h: ("pcol", h),
                ptotal,
            )
        )
    return tables, pub


def build_report(tally: Tally, *, k: int, as_of: str, extra: dict[str, Any]) -> dict[str, Any]:
    """The summary as a JSON-ready dict (suppressed cells are null)."""
    tables, pub = build_tables(tally, k)
    hidden = protect(pub, k) if pub.values else set()

    def show(key: tuple) -> int | None:
        return None if key in hidden else pub.values[key]

    out_tables = []
    for t in tables:
        out_tables.append(
            {
                "id": t.id,
                "title": t.title,
                "unit": t.unit,
                "row_label": t.row_label,
                "columns": t.columns,
                "column_words": t.column_words,
                "rows": [
                    {
                        "label": r,
                        "cells": [show(t.cell(r, c)) for c in t.columns],
                        "total": show(t.row_total(r)),
                    }
                    for r in t.rows
                ],
                "column_totals": [show(t.column_total(c)) for c in t.columns],
                "total": show(t.total),
            }
        )
    pcol_yes = ("pcol", HAS[0])
    return {
        "format": "expunge-batch-summary",
        "version": 1,
        "as_of": as_of,
        "min_cell": k,
        "note": (
            f"Counts of cases unless a table says people. null: suppressed, because fewer "
            f"than {k} people are in the cell, or because the cell would let such a cell be "
            "worked out from the totals. No names, ids or dates of birth are included."
        ),
        "rows": {
            "read": tally.rows["read"],
            "screened_cases": tally.rows["cases"],
            "other_records": tally.rows["events"],
            "errors": tally.rows["errors"],
        },
        "errors_by_problem": dict(sorted(tally.errors.items())),
        "people": {
            "screened": pub.values.get(("ptotal",), 0),
            "with_case_eligible_now_not_cleared": show(pcol_yes) if pcol_yes in pub.values else 0,
        },
        "suppressed_cells": len(hidden),
        **extra,
        "tables": out_tables,
    }


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _n(v: int | None) -> str:
    return "*" if v is None else f"{v:,}"


def to_markdown(report: dict[str, Any]) -> str:
    k = report["min_cell"]
    rows = report["rows"]
    not_cleared = _n(report["people"]["with_case_eligible_now_not_cleared"])
    lines = [
        f"# Batch screening summary (as of {report['as_of']})",
        "",
        f"- Rows read: {rows['read']:,}; cases screened: {rows['screened_cases']:,}; "
        f"other records (not screened): {rows['other_records']:,}; "
        f"rows with errors: {rows['errors']:,}",
        f"- People screened: {report['people']['screened']:,}; with a case eligible now "
        f"and not recorded as cleared: {not_cleared}",
    ]
    for key, label in (("non_contiguous_people", "people whose rows are not together"),):
        if report.get(key):
            lines.append(f"- Warning: {report[key]:,} {label} (sort the file by person_id)")
    if report["errors_by_problem"]:
        probs = ", ".join(f"{k2}: {v:,}" for k2, v in report["errors_by_problem"].items())
        lines.append(f"- Errors by problem: {probs}")
    lines += [
        "",
        f"`*` suppressed: fewer than {k} people, or hidden so that such a cell cannot be "
        "worked out from the totals. No names, ids or dates of birth appear here.",
    ]
    for t in report["tables"]:
        lines += ["", f"## {t['title']}", "", f"Counts of {t['unit']}.", ""]
        head = [t["row_label"], *t["column_words"], "total"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for r in t["rows"]:
            cells = [_n(v) for v in r["cells"]]
            lines.append("| " + " | ".join([_md(r["label"]), *cells, _n(r["total"])]) + " |")
        foot = [_n(v) for v in t["column_totals"]]
        lines.append("| **total** | " + " | ".join([*foot, _n(t["total"])]) + " |")
    lines += [
        "",
        "This is legal information, not legal advice; rules marked UNVERIFIED in the "
        "per-case output were not confirmed against the statute text.",
        "",
    ]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")

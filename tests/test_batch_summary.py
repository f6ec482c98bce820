"""Suppression: small cells hidden, complements hidden, nothing solvable from the totals."""

from __future__ import annotations

import json
import random
from fractions import Fraction

from expunge.batch.summary import (
    CaseCount,
    Tally,
    build_report,
    build_tables,
    to_markdown,
)
from expunge.batch.suppress import Publication, determined, primary, protect


def _table(body: dict[str, dict[str, int]]) -> Publication:
    """A 2-D table with row totals, column totals and a grand total, as a publication."""
    pub = Publication()
    rows = list(body)
    cols = list(next(iter(body.values())))
    for r in rows:
        for c in cols:
            pub.values[(r, c)] = body[r][c]
        pub.values[(r, "total")] = sum(body[r].values())
    for c in cols:
        pub.values[("total", c)] = sum(body[r][c] for r in rows)
    pub.values[("total", "total")] = sum(pub.values[(r, "total")] for r in rows)
    for r in rows:
        pub.add_sum([(r, c) for c in cols], [(r, "total")])
    for c in cols:
        pub.add_sum([(r, c) for r in rows], [("total", c)])
    pub.add_sum([(r, "total") for r in rows], [("total", "total")])
    pub.add_sum([("total", c) for c in cols], [("total", "total")])
    pub.people = dict(pub.values)
    return pub


def _solutions(pub: Publication, hidden: set) -> list[dict]:
    """Every non-negative whole-number filling of the hidden cells that fits every sum.

    Backtracking: a sum with one unknown cell fixes it; otherwise the next cell is tried
    at every value up to the largest published figure.
    """
    cells = sorted(hidden, key=repr)
    bound = max(pub.values.values())
    out: list[dict] = []

    def go(vals: dict) -> None:
        vals = dict(vals)
        changed = True
        while changed:  # propagate
            changed = False
            for parts, whole in pub.sums:
                members = (*parts, *whole)
                unknown = [m for m in members if m not in vals]
                if len(unknown) > 1:
                    continue
                diff = sum(vals.get(p, 0) for p in parts) - sum(vals.get(w, 0) for w in whole)
                if not unknown:
                    if diff != 0:
                        return
                    continue
                u = unknown[0]
                # the unknown is a part (+1) or a whole (-1): solve for it
                value = diff if u in whole else -diff
                if value < 0:
                    return
                vals[u] = value
                changed = True
        free = [c for c in cells if c not in vals]
        if not free:
            out.append({c: vals[c] for c in cells})
            return
        for v in range(bound + 1):
            go({**vals, free[0]: v})

    go({k: v for k, v in pub.values.items() if k not in hidden})
    return out


CRAFTED = {
    "A": {"x": 2, "y": 6, "z": 7},
    "B": {"x": 6, "y": 8, "z": 9},
    "C": {"x": 7, "y": 9, "z": 6},
}


def test_primary_alone_can_be_worked_out_from_the_totals() -> None:
    pub = _table(CRAFTED)
    assert primary(pub, 5) == {("A", "x")}
    # hiding only the small cell is useless: its row total gives it away
    assert determined(pub, {("A", "x")}) == [("A", "x")]
    sols = _solutions(pub, {("A", "x")})
    assert sols == [{("A", "x"): 2}]


def test_complementary_suppression_on_a_crafted_table() -> None:
    pub = _table(CRAFTED)
    hidden = protect(pub, 5)
    # the small cell, one more in its row, one more in its column, and the fourth corner
    assert hidden == {("A", "x"), ("A", "y"), ("B", "x"), ("B", "y")}
    assert determined(pub, hidden) == []
    sols = _solutions(pub, hidden)
    assert {("A", "x"): 2, ("A", "y"): 6, ("B", "x"): 6, ("B", "y"): 8} in sols
    for cell in hidden:  # every hidden cell could be more than one value
        assert len({s[cell] for s in sols}) > 1, cell
    # the published totals are untouched
    assert ("A", "total") not in hidden and ("total", "total") not in hidden


def test_a_small_row_total_is_protected_too() -> None:
    body = {"A": {"x": 1, "y": 2}, "B": {"x": 9, "y": 8}, "C": {"x": 7, "y": 9}}
    pub = _table(body)
    hidden = protect(pub, 5)
    assert ("A", "total") in hidden  # 3 people: itself a small cell
    assert determined(pub, hidden) == []
    sols = _solutions(pub, hidden)
    for cell in hidden:
        assert len({s[cell] for s in sols}) > 1, cell


def test_the_audit_catches_a_chain_across_tables() -> None:
    # a state's row: e + f + g = R; another table's row total W is e + f, split into w1..w3.
    # Every sum has two or more hidden cells after primary suppression (k=8), yet
    # W = R - g is published arithmetic: the audit must hide more.
    pub = Publication()
    pub.values.update({"e": 4, "f": 3, "g": 8, "R": 15, "W": 7, "w1": 2, "w2": 2, "w3": 3})
    pub.add_sum(["e", "f", "g"], ["R"])
    pub.add_sum(["W"], ["e", "f"])
    pub.add_sum(["w1", "w2", "w3"], ["W"])
    pub.people = dict(pub.values)
    first = primary(pub, 8)
    assert first == {"e", "f", "W", "w1", "w2", "w3"}
    for parts, whole in pub.sums:  # the line rule has nothing to add...
        assert sum(1 for m in (*parts, *whole) if m in first) != 1
    assert determined(pub, first) == ["W"]  # ...but W can be worked out
    hidden = protect(pub, 8)
    assert "g" in hidden and "R" not in hidden
    assert determined(pub, hidden) == []
    sols = _solutions(pub, hidden)
    for cell in hidden:
        assert len({s[cell] for s in sols}) > 1, cell


def _dense_determined(pub: Publication, hidden: set) -> set:
    """An independent check: exact fractions, dense rows, rank with and without e_x."""
    cells = sorted(hidden, key=repr)
    idx = {c: i for i, c in enumerate(cells)}
    rows = []
    for parts, whole in pub.sums:
        row = [Fraction(0)] * len(cells)
        for p in parts:
            if p in idx:
                row[idx[p]] += 1
        for w in whole:
            if w in idx:
                row[idx[w]] -= 1
        if any(row):
            rows.append(row)

    def rank(m: list[list[Fraction]]) -> int:
        m = [r[:] for r in m]
        r = 0
        for c in range(len(cells)):
            piv = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
            if piv is None:
                continue
            m[r], m[piv] = m[piv], m[r]
            for i in range(len(m)):
                if i != r and m[i][c] != 0:
                    f = m[i][c] / m[r][c]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    base = rank(rows)
    out = set()
    for c in cells:
        unit = [Fraction(0)] * len(cells)
        unit[idx[c]] = Fraction(1)
        if rank([*rows, unit]) == base:
            out.add(c)
    return out


def test_the_fast_audit_agrees_with_exact_fractions_on_random_tables() -> None:
    rng = random.Random(7)
    for _ in range(25):
        body = {
            f"r{i}": {f"c{j}": rng.choice([0, 1, 2, 3, 5, 8, 12, 20]) for j in range(4)}
            for i in range(4)
        }
        pub = _table(body)
        hidden = {k for k in pub.values if rng.random() < 0.3 and k != ("total", "total")}
        assert set(determined(pub, hidden)) == _dense_determined(pub, hidden)
        protected = protect(pub, 5)
        assert _dense_determined(pub, protected) == set()


def _case(state: str, column: str, **kw: object) -> CaseCount:
    base = {"level": "misdemeanor", "outcome": "adjudicated", "county": None}
    base.update(kw)
    return CaseCount(
        state=state,
        column=column,
        level=base["level"],  # type: ignore[arg-type]
        outcome=base["outcome"],  # type: ignore[arg-type]
        county=base["county"],  # type: ignore[arg-type]
        cleared=base.get("cleared"),  # type: ignore[arg-type]
        wait=base.get("wait"),  # type: ignore[arg-type]
    )


def _crafted_tally() -> Tally:
    t = Tally()
    # OR: 40 people eligible now, 30 waiting; WA: 25 eligible now, 3 needs facts (small)
    for i in range(40):
        t.add_person(
            {"race": "Group A" if i % 2 else "Group B"}, [_case("OR", "eligible", cleared=False)]
        )
    for i in range(30):
        demo = {"race": "Group A" if i % 3 else "Group B"}
        t.add_person(demo, [_case("OR", "eligible_on", wait="1-2 years")])
    for i in range(25):
        t.add_person({"race": "Group B"}, [_case("WA", "eligible", cleared=i % 2 == 0)])
    for _ in range(3):
        t.add_person({"race": "Rare Label"}, [_case("WA", "needs_facts")])
    # one person with 12 cases: many cases, but one person
    t.add_person({"race": "Group A"}, [_case("WA", "ineligible") for _ in range(12)])
    t.rows.update({"read": 110, "cases": 110})
    return t


def test_a_cell_of_many_cases_but_few_people_is_suppressed() -> None:
    report = build_report(_crafted_tally(), k=11, as_of="2026-06-30", extra={})
    state = next(t for t in report["tables"] if t["id"] == "status_by_state")
    wa = next(r for r in state["rows"] if r["label"] == "WA")
    ineligible = state["columns"].index("ineligible")
    assert wa["cells"][ineligible] is None  # 12 cases, 1 person
    assert report["rows"]["screened_cases"] == 110


def test_report_is_consistent_suppressed_and_free_of_rare_labels() -> None:
    tally = _crafted_tally()
    report = build_report(tally, k=11, as_of="2026-06-30", extra={})
    text = json.dumps(report)
    assert "Rare Label" not in text  # 3 people: folded into "(fewer than 11 people)"
    assert "(fewer than 11 people)" in text
    _, pub = build_tables(tally, 11)
    hidden = protect(pub, 11)
    assert determined(pub, hidden) == []
    # every published cell under 11 people is hidden, and the tables add up
    for key in pub.values:
        if key not in pub.fixed and 0 < pub.people[key] < 11:
            assert key in hidden, key
    for t in report["tables"]:
        for r in t["rows"]:
            if r["total"] is not None and all(c is not None for c in r["cells"]):
                assert sum(r["cells"]) == r["total"]
    state = next(t for t in report["tables"] if t["id"] == "status_by_state")
    oregon = next(r for r in state["rows"] if r["label"] == "OR")
    assert oregon["cells"][state["columns"].index("eligible")] == 40
    assert oregon["total"] == 70
    waits = next(t for t in report["tables"] if t["id"] == "waiting_time_by_state")
    assert (
        waits["rows"][waits["rows"].index(next(r for r in waits["rows"] if r["label"] == "OR"))][
            "cells"
        ][waits["columns"].index("1-2 years")]
        == 30
    )
    md = to_markdown(report)
    assert "## Cases by state and status" in md and "| OR |" in md and "*" in md


def test_min_cell_one_hides_nothing() -> None:
    report = build_report(_crafted_tally(), k=1, as_of="2026-06-30", extra={})
    assert report["suppressed_cells"] == 0

"""Engine behaviour that is not tied to one state's law."""

from __future__ import annotations

import time
from datetime import date

from expunge.law.engine import assess
from expunge.record import Record


def _or_record(**case: object) -> Record:
    base = {
        "id": "c1",
        "state": "OR",
        "outcome": "adjudicated",
        "outcome_date": "2019-06-01",
        "supervised": True,
        "supervision_end": "2022-07-01",
        "restitution_owed": False,
        "offenses": [
            {
                "description": "Theft II",
                "section": "164.045",
                "level": "misdemeanor",
                "class": "A",
                "offense_date": "2019-02-01",
            }
        ],
    }
    base.update(case)
    return Record.model_validate(
        {
            "person": {"dob": "2003-05-10"},
            "history_complete": True,
            "answers": {"or_measure11": False, "or_investigation": False},
            "cases": [base],
        }
    )


def _path(rec: Record, path_id: str, as_of: date):
    a = assess(rec, as_of, today=date(2026, 11, 29))
    return next(p for p in a.cases[0].paths if p.path_id == path_id)


def test_eligible_on_carries_candidates_with_citations() -> None:
    p = _path(_or_record(), "or-419a-262-2", date(2026, 1, 1))
    assert p.status == "eligible_on" and p.key_date == "2026-07-01"
    assert {c.cite.cite for c in p.candidates} == {"ORS 419A.262(2)(a)"}
    assert any("2022-07-01 + 4 years" in c.reason for c in p.candidates)


def test_approximate_date_gives_range_then_needs_exact_date() -> None:
    rec = _or_record(supervision_end="2022-07")
    early = _path(rec, "or-419a-262-2", date(2026, 1, 1))
    assert early.status == "eligible_on"
    assert early.key_date == "2026-07-31" and early.earliest_date == "2026-07-01"
    mid = _path(rec, "or-419a-262-2", date(2026, 7, 15))
    assert mid.status == "needs_facts"
    late = _path(rec, "or-419a-262-2", date(2026, 8, 1))
    assert late.status == "eligible"


def test_incomplete_history_is_asked_not_assumed() -> None:
    rec = _or_record()
    rec.history_complete = None
    p = _path(rec, "or-419a-262-2", date(2027, 1, 1))
    assert p.status == "needs_facts"
    assert any(q.id == "history_complete" for q in p.questions)


def test_impossible_chronology_never_yields_eligible() -> None:
    rec = _or_record(outcome_date="2018-01-01")  # before the offense date
    a = assess(rec, date(2027, 1, 1), today=date(2026, 11, 29))
    assert a.problems
    assert all(p.status in ("needs_facts", "ineligible") for p in a.cases[0].paths)


def test_unmodeled_state_is_said_plainly() -> None:
    rec = Record.model_validate({"cases": [{"id": "x", "state": "ZZ"}]})
    a = assess(rec, date(2026, 11, 29))
    assert not a.cases[0].modeled and "not modeled" in a.cases[0].summary


def test_ten_cases_evaluate_quickly() -> None:
    base = _or_record()
    rec = base.model_copy(
        update={"cases": [base.cases[0].model_copy(update={"id": f"c{i}"}) for i in range(10)]}
    )
    assess(rec, date(2026, 1, 1))  # warm the statute cache
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        assess(rec, date(2026, 1, 1))
    per_run = (time.perf_counter() - start) / runs
    assert per_run < 0.05, per_run  # generous bound here; bench/bench_engine.py measures


def test_paths_that_do_not_cover_a_case_are_independent_results() -> None:
    """Such results are worked out once and copied: each case gets its own lists."""
    base = _or_record()
    rec = base.model_copy(
        update={"cases": [base.cases[0].model_copy(update={"id": f"c{i}"}) for i in range(2)]}
    )
    a = assess(rec, date(2026, 1, 1), today=date(2026, 11, 29))
    first, second = (next(p for p in c.paths if p.path_id == "or-419a-267") for c in a.cases)
    assert first.status == second.status == "ineligible"
    assert first is not second and first.steps is not second.steps
    first.steps.clear()
    assert second.steps and "outcome" in second.steps[0].fact


def test_clone_copies_every_field_and_list() -> None:
    """The hand-written copy of a cached result must keep up with PathResult's fields."""
    from dataclasses import fields

    from expunge.law.engine import _clone
    from expunge.law.result import PathResult

    src = PathResult(
        **{
            f.name: (
                [object()]
                if f.name in ("candidates", "steps", "questions", "blocking", "help", "cites")
                else f"value-{f.name}"
            )
            for f in fields(PathResult)
        }
    )
    dup = _clone(src)
    for f in fields(PathResult):
        a, b = getattr(src, f.name), getattr(dup, f.name)
        assert a == b, f.name
        if isinstance(a, list):
            assert a is not b, f.name

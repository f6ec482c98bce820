"""Every golden case in statutes/golden/ runs here, one test each."""

from __future__ import annotations

import pytest

from expunge.law.golden import GoldenCase, golden_files, load_golden, run_case
from expunge.law.library import available_states

CASES: list[GoldenCase] = [gc for f in golden_files() for gc in load_golden(f)]


@pytest.mark.parametrize("gc", CASES, ids=[f"{gc.file}:{gc.name}" for gc in CASES])
def test_golden(gc: GoldenCase) -> None:
    assert run_case(gc) == []


def test_every_state_has_at_least_eight_golden_cases() -> None:
    per_state: dict[str, int] = {}
    for gc in CASES:
        st = gc.file.removesuffix(".toml").upper()
        per_state[st] = per_state.get(st, 0) + 1
    for st in available_states():
        assert per_state.get(st, 0) >= 8, f"{st} has {per_state.get(st, 0)} golden cases"


def test_golden_expectations_name_real_paths() -> None:
    from expunge.law.library import load_state

    for gc in CASES:
        st = gc.file.removesuffix(".toml").upper()
        ids = {p.id for p in load_state(st).paths}
        for e in gc.expects:
            assert e.path in ids, f"{gc.file}: {gc.name}: unknown path {e.path}"


def test_a_wrong_expectation_is_caught() -> None:
    """The runner itself can fail: flip one expectation and it must report it."""
    gc = next(g for g in CASES if g.expects[0].status == "eligible_on")
    import copy

    wrong = copy.deepcopy(gc)
    wrong.expects[0].date = "1999-01-01"
    assert run_case(wrong)

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from expunge.record import Record, chronology_problems, describe_errors

TODAY = date(2026, 11, 29)


def _record(**case: object) -> Record:
    base = {"id": "c1", "state": "or"}
    base.update(case)
    return Record.model_validate({"person": {"dob": "2005-01-01"}, "cases": [base]})


def test_state_code_is_normalised() -> None:
    assert _record().cases[0].state == "OR"


def test_us_dates_are_stored_as_iso() -> None:
    assert _record(outcome_date="06/14/2019").cases[0].outcome_date == "2019-06-14"


def test_impossible_date_is_a_clear_error_without_other_data() -> None:
    with pytest.raises(ValidationError) as exc:
        _record(outcome_date="2019-02-30")
    lines = describe_errors(exc.value)
    assert any("cases.0.outcome_date" in line and "day does not exist" in line for line in lines)
    assert not any("2019-02-30" in line for line in lines)


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValidationError):
        _record(outcom="adjudicated")


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ({"offenses": [{"offense_date": "2004-06-01"}]}, "before the date of birth"),
        (
            {"offenses": [{"offense_date": "2020-06-01"}], "outcome_date": "2020-01-01"},
            "outcome date is before an offense date",
        ),
        ({"outcome_date": "2027-01-01"}, "in the future"),
        (
            {"outcome_date": "2020-01-01", "supervision_end": "2019-01-01"},
            "supervision end is before the outcome date",
        ),
    ],
)
def test_impossible_chronology_is_reported(case: dict, words: str) -> None:
    problems = chronology_problems(_record(**case), TODAY)
    assert any(words in p.message for p in problems), problems


def test_future_supervision_end_is_allowed() -> None:
    rec = _record(outcome_date="2026-01-01", supervision_end="2027-06-01")
    assert chronology_problems(rec, TODAY) == []


def test_duplicate_case_ids_are_refused() -> None:
    with pytest.raises(ValidationError, match="two cases"):
        Record.model_validate({"cases": [{"id": "a", "state": "OR"}, {"id": "a", "state": "WA"}]})

"""The batch column set: template, row checks, person merging, record mapping."""

from __future__ import annotations

import csv
import io

import pytest

from expunge.batch.columns import (
    NAMES,
    RowError,
    Vocabulary,
    check_row,
    merge_person,
    record_dict,
    template_csv,
)
from expunge.record import Record


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load()


def _rows() -> list[dict[str, str]]:
    return [
        {k: v.strip() for k, v in r.items()} for r in csv.DictReader(io.StringIO(template_csv()))
    ]


def test_template_rows_check_and_make_a_valid_record(vocab: Vocabulary) -> None:
    rows = _rows()
    assert list(rows[0]) == list(NAMES)
    facts = [check_row(r, vocab) for r in rows[:2]]
    person = merge_person([p for p, _ in facts])
    assert not isinstance(person, str)
    cases = [c for _, c in facts]
    data = record_dict(person, cases, history_complete=True, ids=["c1", "e1"])
    record = Record.model_validate(data)
    assert record.cases[0].offenses[0].offense_class == "A"
    assert record.events[0].kind == "adult_conviction" and record.events[0].date == "2024-03-01"
    assert record.answers == {"or_investigation": False, "or_measure11": False}
    two = check_row(rows[2], vocab)[1]
    assert [o.description for o in two.offenses] == ["Theft 3", "Criminal trespass 2"]
    assert two.outcome_date == "2021-03"  # an approximate date stays approximate


@pytest.mark.parametrize(
    ("change", "kind", "words"),
    [
        ({"dob": "2001/01/01"}, "bad date", "dob: not a date"),
        ({"dob": "2/30/2001"}, "bad date", "dob: that month does not have that many days"),
        ({"outcome_date": "2019-13"}, "bad date", "the month must be 1-12"),
        ({"state": "Oregon"}, "unknown state", "not a US state"),
        ({"state": ""}, "missing value", "state is empty"),
        ({"case_id": ""}, "missing value", "case_id is empty"),
        ({"case_id": "x" * 41}, "bad value", "longer than 40"),
        ({"supervised": "sometimes"}, "bad value", "supervised: use yes, no"),
        ({"person_answers": "or_measure_11=no"}, "bad value", "not a question id"),
        ({"case_answers": "or_measure11=no"}, "bad value", "not a question id"),
        ({"offense_categories": "or_j_list"}, "bad value", "id=yes;id=no"),
        ({"offense_level": "felony|misdemeanor"}, "offense lists", "different numbers"),
        ({"offense_level": "petty"}, "bad value", "offense_level: not a known value"),
        ({"kind": "conviction"}, "bad value", "kind: use case"),
        ({"court_type": "family"}, "bad value", "court_type"),
    ],
)
def test_bad_values_are_named_by_column_never_echoed(
    vocab: Vocabulary, change: dict[str, str], kind: str, words: str
) -> None:
    row = {**_rows()[0], **change}
    with pytest.raises(RowError) as err:
        check_row(row, vocab)
    assert err.value.kind == kind and words in str(err.value)
    if kind == "bad date":  # a date of birth must never be echoed, even in part
        typed = next(iter(change.values()))
        assert typed not in str(err.value) and "2001" not in str(err.value)


def test_answers_yes_no_and_unknown(vocab: Vocabulary) -> None:
    row = {**_rows()[0], "person_answers": "or_measure11=YES; or_investigation=?", "confined": "N"}
    person, case = check_row(row, vocab)
    assert dict(person.answers) == {"or_measure11": True, "or_investigation": None}
    assert case.confined is False


def test_unmodeled_states_take_any_well_formed_answer(vocab: Vocabulary) -> None:
    row = {"person_id": "P", "case_id": "c", "state": "WY", "case_answers": "wy_thing=yes"}
    _, case = check_row(row, vocab)
    assert case.answers == (("wy_thing", True),)


def test_person_rows_must_agree(vocab: Vocabulary) -> None:
    a = check_row({"person_id": "P", "case_id": "1", "state": "OR", "dob": "2001-01-01"}, vocab)[0]
    b = check_row({"person_id": "P", "case_id": "2", "state": "OR"}, vocab)[0]
    c = check_row({"person_id": "P", "case_id": "3", "state": "OR", "dob": "2001-01-02"}, vocab)[0]
    merged = merge_person([a, b])
    assert not isinstance(merged, str) and merged.dob == "2001-01-01"
    assert merge_person([a, b, c]) == "dob"

"""Property-based tests: the engine's promises hold for any schema-valid record."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expunge.law.engine import assess
from expunge.law.library import available_states
from expunge.record import Record

STATES = available_states()
OUTCOMES = [
    "not_filed",
    "diversion",
    "informal_adjustment",
    "consent_decree",
    "nonjudicial_adjustment",
    "dismissed",
    "not_delinquent",
    "adjudicated",
    "convicted",
]
LEVELS = ["felony", "misdemeanor", "violation", "status"]
BASE = date(1995, 1, 1)


def _day(n: int) -> str:
    return (BASE + timedelta(days=n)).isoformat()


maybe = st.one_of(st.none(), st.booleans())


@st.composite
def records(draw: st.DrawFn) -> dict:
    """Records whose dates run in order: birth < offense <= outcome <= supervision end."""
    dob = draw(st.integers(0, 4000))
    cases = []
    for i in range(draw(st.integers(1, 3))):
        offense = dob + draw(st.integers(3650, 7300))
        outcome = offense + draw(st.integers(0, 400))
        end = outcome + draw(st.integers(0, 1500))
        state = draw(st.sampled_from(STATES))
        offenses = [
            {
                "description": "Test offense",
                "level": draw(st.one_of(st.none(), st.sampled_from(LEVELS))),
                "class": draw(st.sampled_from([None, "A", "B", "C"])),
                "offense_date": draw(st.sampled_from([_day(offense), None])),
            }
        ]
        cases.append(
            {
                "id": f"c{i}",
                "state": state,
                "offenses": offenses,
                "outcome": draw(st.one_of(st.none(), st.sampled_from(OUTCOMES))),
                "outcome_date": draw(st.sampled_from([_day(outcome), None])),
                "supervised": draw(maybe),
                "supervision_end": draw(st.sampled_from([_day(end), None])),
                "confined": draw(maybe),
                "restitution_owed": draw(maybe),
                "registration_required": draw(maybe),
            }
        )
    events = []
    if draw(st.booleans()):
        events.append(
            {
                "id": "e1",
                "kind": draw(st.sampled_from(["juvenile_adjudication", "adult_conviction"])),
                "level": draw(st.one_of(st.none(), st.sampled_from(LEVELS))),
                "class": draw(st.sampled_from([None, "A", "B"])),
                "date": _day(dob + draw(st.integers(6000, 9000))),
            }
        )
    return {
        "person": {"dob": _day(dob)},
        "history_complete": draw(maybe),
        "cases": cases,
        "events": events,
    }


def _latest_fact(raw: dict) -> date:
    days = [raw["person"]["dob"]]
    for c in raw["cases"]:
        days += [c["outcome_date"], c["supervision_end"]]
        days += [o["offense_date"] for o in c["offenses"]]
    days += [e["date"] for e in raw["events"]]
    return max(date.fromisoformat(d) for d in days if d)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records(), st.integers(0, 4000))
def test_never_raises_and_dates_come_true(raw: dict, extra: int) -> None:
    record = Record.model_validate(raw)
    as_of = _latest_fact(raw) + timedelta(days=extra % 400)
    today = as_of + timedelta(days=4000)
    first = assess(record, as_of, today=today)
    for case in first.cases:
        for p in case.paths:
            assert p.status in ("eligible", "eligible_on", "automatic", "ineligible", "needs_facts")
            if p.status == "eligible_on":
                assert p.key_date and p.key_date > as_of.isoformat()
                later = assess(record, date.fromisoformat(p.key_date), today=today)
                again = next(
                    x
                    for c in later.cases
                    if c.case_id == case.case_id
                    for x in c.paths
                    if x.path_id == p.path_id
                )
                assert again.status in ("eligible", "automatic"), (p.path_id, again.headline)
            if p.status == "automatic" and not p.automatic_done:
                assert p.key_date
                later = assess(record, date.fromisoformat(p.key_date), today=today)
                again = next(
                    x
                    for c in later.cases
                    if c.case_id == case.case_id
                    for x in c.paths
                    if x.path_id == p.path_id
                )
                assert again.status == "automatic" and again.automatic_done, again.headline


@SETTINGS
@given(records(), st.data())
def test_forgetting_a_fact_never_makes_anyone_eligible(raw: dict, data: st.DataObject) -> None:
    as_of = _latest_fact(raw) + timedelta(days=1000)
    today = as_of + timedelta(days=4000)
    before = assess(Record.model_validate(raw), as_of, today=today)
    case_i = data.draw(st.integers(0, len(raw["cases"]) - 1))
    field = data.draw(
        st.sampled_from(
            [
                "outcome",
                "outcome_date",
                "supervised",
                "supervision_end",
                "restitution_owed",
                "registration_required",
                "confined",
            ]
        )
    )
    raw["cases"][case_i][field] = None
    if data.draw(st.booleans()):
        raw["history_complete"] = None
    after = assess(Record.model_validate(raw), as_of, today=today)
    for cb, ca in zip(before.cases, after.cases, strict=True):
        for pb, pa in zip(cb.paths, ca.paths, strict=True):
            if pa.status == "eligible":
                assert pb.status == "eligible", (pa.path_id, field, pb.headline)

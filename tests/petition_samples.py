"""Fictional sample records for the petition tests (no real people: "Sample Person")."""

from __future__ import annotations

from datetime import date
from typing import Any

from expunge.record import Record

NAME = "Sample Person (fictional)"
UNICODE_NAME = "José Nguyễn-O'Brien <Jr>"


def _record(state_answers: dict[str, Any], cases: list[dict[str, Any]], **person: Any) -> Record:
    return Record.model_validate(
        {
            "person": {"name": NAME, **person},
            "history_complete": True,
            "answers": state_answers,
            "cases": cases,
        }
    )


def il_record(arrests: int = 3, *, county: str = "Cook") -> tuple[Record, date]:
    """Illinois: ``arrests`` station adjustments (no petition filed), all in one county."""
    cases = []
    for i in range(1, arrests + 1):
        month = (i - 1) % 12 + 1
        cases.append(
            {
                "id": f"a{i}",
                "state": "IL",
                "county": county,
                "docket": f"2021-JD-{i:04d}",
                "offenses": [
                    {
                        "description": f"Criminal damage to property, count {i}",
                        "section": "720 ILCS 5/21-1",
                        "level": "misdemeanor",
                        "class": "A",
                        "offense_date": f"2021-{month:02d}-01",
                    }
                ],
                "arrest_date": f"2021-{month:02d}-02",
                "outcome": "not_filed",
                "outcome_date": f"2021-{month:02d}-02",
                "supervised": False,
                "answers": {
                    "il_rearrest_6mo": False,
                    "il_student_report": False,
                    "il_agency_cannot_verify": False,
                },
            }
        )
    rec = _record({"il_open_juvenile": False}, cases, dob="2005-07-15", aliases=["S. Person"])
    return rec, date(2026, 6, 30)


def il_felony_record() -> tuple[Record, date]:
    """Illinois subsection 2: a Class A misdemeanor adjudication, two years after it closed."""
    rec = _record(
        {"il_open_juvenile": False},
        [
            {
                "id": "c1",
                "state": "IL",
                "county": "Cook",
                "docket": "2022-JD-0042",
                "offenses": [
                    {
                        "description": "Theft",
                        "section": "720 ILCS 5/16-1",
                        "level": "misdemeanor",
                        "class": "A",
                        "offense_date": "2022-10-01",
                    }
                ],
                "arrest_date": "2022-10-01",
                "outcome": "adjudicated",
                "outcome_date": "2023-03-01",
                "supervised": True,
                "supervision_end": "2024-06-15",
                "confined": False,
                "registration_required": False,
            }
        ],
        dob="2004-04-04",
    )
    return rec, date(2026, 6, 15)


def ma_record() -> tuple[Record, date]:
    rec = _record(
        {"ma_custody_3y": False, "ma_oos_older": False},
        [
            {
                "id": "c1",
                "state": "MA",
                "county": "Suffolk",
                "docket": "21JV0001",
                "offenses": [
                    {
                        "description": "Shoplifting",
                        "level": "misdemeanor",
                        "offense_date": "2021-10-01",
                    }
                ],
                "outcome": "adjudicated",
                "outcome_date": "2022-01-10",
                "supervised": True,
                "supervision_end": "2023-06-15",
                "confined": False,
            }
        ],
        dob="2006-03-01",
        aliases=["S. P. Person"],
    )
    return rec, date(2026, 6, 15)


def me_record(cases: int = 1) -> tuple[Record, date]:
    rows = [
        {
            "id": f"c{i}",
            "state": "ME",
            "county": "Cumberland",
            "court": "Portland",
            "docket": f"PORDC-JV-20-{i:03d}",
            "offenses": [
                {
                    "description": "Burglary",
                    "section": "17-A M.R.S. § 401",
                    "level": "felony",
                    "class": "C",
                    "offense_date": "2020-05-20",
                }
            ],
            "outcome": "adjudicated",
            "outcome_date": "2020-09-01",
            "supervised": True,
            "supervision_end": "2021-06-15",
            "restitution_owed": False,
            "registration_required": False,
        }
        for i in range(1, cases + 1)
    ]
    rec = _record({}, rows, dob="2003-10-02", demographics={"gender": "female"})
    return rec, date(2024, 6, 15)


def nc_record(offenses: int = 1) -> tuple[Record, date]:
    offs = [
        {
            "description": f"Misdemeanor larceny {i}",
            "section": "G.S. 14-72(a)",
            "level": "misdemeanor",
            "class": "1",
            "categories": {"nc_ch20": False, "nc_art27a": False},
            "offense_date": "2019-11-30",
        }
        for i in range(1, offenses + 1)
    ]
    rec = _record(
        {},
        [
            {
                "id": "c1",
                "state": "NC",
                "court_type": "adult",
                "county": "Wake",
                "docket": "19CR000001",
                "offenses": offs,
                "arrest_date": "2019-12-01",
                "outcome": "convicted",
                "outcome_date": "2020-02-01",
                "supervised": True,
                "supervision_end": "2021-02-01",
                "confined": False,
                "restitution_owed": False,
            }
        ],
        dob="2002-06-15",
        demographics={"race": "W", "sex": "F"},
    )
    return rec, date(2026, 11, 29)


def wa_record(name: str = NAME) -> tuple[Record, date]:
    rec = _record(
        {},
        [
            {
                "id": "c1",
                "state": "WA",
                "county": "King",
                "docket": "21-8-00001-1",
                "offenses": [
                    {
                        "description": "Theft in the second degree",
                        "section": "RCW 9A.56.040",
                        "level": "felony",
                        "class": "C",
                        "offense_date": "2021-12-01",
                    }
                ],
                "outcome": "adjudicated",
                "outcome_date": "2022-03-15",
                "supervised": True,
                "supervision_end": "2023-03-15",
                "confined": False,
                "restitution_owed": False,
                "registration_required": False,
                "answers": {"wa_restitution_victim_t48": False},
            }
        ],
        dob="2005-01-20",
    )
    rec.person.name = name
    return rec, date(2024, 3, 15)

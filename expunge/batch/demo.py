"""Synthetic batch files for demos, tests and benchmarks: clearly fake people, real rules.

Every person is "Test Youth N (fictional)" with a DEMO- id; cases are spread over the
modeled states with the offenses their statute files list, realistic gaps between dates,
some facts left blank (as in real sign-up lists) and some other records (adult
convictions, pending charges). The same seed and reference date give the same file.
"""

from __future__ import annotations

import csv
import json
import os
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from expunge.batch.columns import NAMES

_COUNTIES = {
    "OR": ["Multnomah", "Lane", "Marion", "Washington", "Jackson", "Deschutes"],
    "WA": ["King", "Pierce", "Spokane", "Snohomish", "Yakima", "Clark"],
    "MA": ["Suffolk", "Middlesex", "Worcester", "Hampden", "Essex"],
    "FL": ["Miami-Dade", "Broward", "Hillsborough", "Orange", "Duval"],
    "IL": ["Cook", "DuPage", "Lake", "Will", "Winnebago"],
    "MI": ["Wayne", "Oakland", "Kent", "Genesee", "Washtenaw"],
    "PA": ["Philadelphia", "Allegheny", "Montgomery", "Erie", "Lancaster"],
    "TX": ["Harris", "Dallas", "Bexar", "Travis", "El Paso"],
    "UT": ["Salt Lake", "Utah", "Davis", "Weber"],
    "NC": ["Mecklenburg", "Wake", "Guilford", "Durham"],
}
_GENERIC_COUNTIES = ["North", "South", "East", "West"]
_RACES = [
    ("White", 40),
    ("Black", 30),
    ("Asian", 5),
    ("American Indian or Alaska Native", 3),
    ("Native Hawaiian or Pacific Islander", 1),
    ("Two or more races", 6),
    ("", 15),
]
_ETHNICITIES = [("Hispanic or Latino", 25), ("Not Hispanic or Latino", 55), ("", 20)]
_GENDERS = [("male", 62), ("female", 33), ("nonbinary", 1), ("", 4)]
_OUTCOMES = [
    ("adjudicated", 35),
    ("dismissed", 14),
    ("diversion", 16),
    ("informal_adjustment", 8),
    ("consent_decree", 5),
    ("not_filed", 8),
    ("not_delinquent", 4),
    ("nonjudicial_adjustment", 3),
    ("convicted", 2),
    ("pending", 1),
    ("", 4),
]
_GENERIC = [
    ("Theft", "misdemeanor", ""),
    ("Criminal mischief", "misdemeanor", ""),
    ("Assault", "misdemeanor", ""),
    ("Trespass", "misdemeanor", ""),
    ("Burglary", "felony", ""),
    ("Robbery", "felony", ""),
    ("Possession of a controlled substance", "misdemeanor", ""),
    ("Curfew violation", "status", ""),
    ("Minor in possession", "violation", ""),
    ("Disorderly conduct", "misdemeanor", ""),
]


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


class _Laws:
    """What the generator needs of each statute file, read once."""

    def __init__(self) -> None:
        from expunge.law.library import available_states, load_state

        self.states = available_states()
        self.offenses: dict[str, list[tuple[str, str, str, str]]] = {}
        self.categories: dict[str, list[str]] = {}
        self.case_q: dict[str, list[str]] = {}
        self.person_q: dict[str, list[str]] = {}
        for st in self.states:
            law = load_state(st)
            self.offenses[st] = [
                (o.name, o.section, o.level or "", o.offense_class or "") for o in law.offenses
            ]
            self.categories[st] = sorted(law.categories)
            self.case_q[st] = sorted(k for k, q in law.questions.items() if q.scope == "case")
            self.person_q[st] = sorted(k for k, q in law.questions.items() if q.scope == "person")


def _answers(rng: random.Random, ids: list[str], p_answer: float, p_yes: float) -> str:
    parts = [
        f"{q}={'yes' if rng.random() < p_yes else 'no'}" for q in ids if rng.random() < p_answer
    ]
    return ";".join(parts)


def _day(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def person_rows(rng: random.Random, n: int, laws: _Laws, today: date) -> list[dict[str, str]]:
    """The rows of demo person ``n``: one per case, plus any other records."""
    age = rng.randint(15, 30)
    dob = _day(rng, date(today.year - age - 1, today.month, 1), date(today.year - age, 1, 1))
    home = rng.choice(laws.states)
    ncases = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
    states = [home if rng.random() < 0.9 else rng.choice(laws.states) for _ in range(ncases)]
    person: dict[str, str] = {
        "person_id": f"DEMO-{n:07d}",
        "name": f"Test Youth {n} (fictional)",
        "dob": dob.isoformat() if rng.random() < 0.95 else str(dob.year),
        "history_complete": rng.choices(["yes", "no", ""], weights=[60, 10, 30])[0],
        "person_answers": _answers(
            rng, sorted({q for st in set(states) for q in laws.person_q[st]}), 0.75, 0.08
        ),
        "race": _weighted(rng, _RACES),
        "ethnicity": _weighted(rng, _ETHNICITIES),
        "gender": _weighted(rng, _GENDERS),
    }
    rows = []
    latest_offense = today - timedelta(days=30)
    for i, st in enumerate(states):
        first_age = 12 + i
        last_age = max(first_age, min(17, age - 1))
        off_day = _day(
            rng,
            min(latest_offense, date(dob.year + first_age, dob.month, 1)),
            min(latest_offense, date(dob.year + last_age, 12, 1)),
        )
        outcome = _weighted(rng, _OUTCOMES)
        out_day = min(today, off_day + timedelta(days=rng.randint(20, 270)))
        row = dict(person) if i == 0 else {"person_id": person["person_id"]}
        row.update(
            case_id=f"{st}-{off_day.year}-J{rng.randint(1000, 99999)}-{i + 1}",  # unique per person
            state=st,
            county=rng.choice(_COUNTIES.get(st, _GENERIC_COUNTIES)),
            outcome=outcome,
            cleared=rng.choices(["yes", "no", ""], weights=[15, 50, 35])[0],
        )
        if rng.random() < 0.5:
            row["arrest_date"] = (off_day + timedelta(days=rng.randint(0, 20))).isoformat()
        if outcome and rng.random() < 0.92:
            exact = rng.random() < 0.95
            row["outcome_date"] = out_day.isoformat() if exact else out_day.isoformat()[:7]
        if outcome in ("adjudicated", "consent_decree", "diversion", "informal_adjustment"):
            if rng.random() < 0.75:
                row["supervised"] = "yes"
                end = out_day + timedelta(days=rng.randint(180, 1100))
                if rng.random() < 0.85:
                    row["supervision_end"] = end.isoformat()
            else:
                row["supervised"] = "no"
            if outcome == "adjudicated" and rng.random() < 0.1:
                row["confined"] = "yes"
                row["release_date"] = (out_day + timedelta(days=rng.randint(60, 700))).isoformat()
            else:
                row["confined"] = rng.choice(["no", "no", ""])
        else:
            row["supervised"] = rng.choice(["no", "no", ""])
            row["confined"] = rng.choice(["no", ""])
        row["restitution_owed"] = rng.choices(["no", "yes", ""], weights=[70, 10, 20])[0]
        row["registration_required"] = rng.choices(["no", "yes", ""], weights=[85, 2, 13])[0]
        row["case_answers"] = _answers(rng, laws.case_q[st], 0.7, 0.1)
        noff = 1 if rng.random() < 0.8 else 2
        offs = []
        for _ in range(noff):
            listed = laws.offenses[st]
            if listed and rng.random() < 0.4:
                name, section, level, cls = rng.choice(listed)
                level = level or rng.choice(["felony", "misdemeanor"])
            else:
                name, level, cls = rng.choice(_GENERIC)
                section = ""
            offs.append(
                (
                    name,
                    section,
                    level if rng.random() < 0.93 else "",
                    cls,
                    off_day.isoformat() if rng.random() < 0.9 else "",
                    _answers(rng, laws.categories[st], 0.7, 0.06),
                )
            )
        for col, j in (
            ("offense_description", 0),
            ("offense_section", 1),
            ("offense_level", 2),
            ("offense_class", 3),
            ("offense_date", 4),
            ("offense_categories", 5),
        ):
            values = [o[j] for o in offs]
            if any(values):
                row[col] = "|".join(values)
        rows.append(row)
    if rng.random() < 0.08:
        kind = rng.choices(
            ["adult_conviction", "juvenile_adjudication", "pending_charge"], weights=[60, 25, 15]
        )[0]
        when = _day(rng, date(dob.year + 18, dob.month, 1), today - timedelta(days=10))
        if when > today - timedelta(days=10):
            kind, when = (
                "juvenile_adjudication",
                _day(rng, date(dob.year + 13, 1, 1), date(dob.year + 17, 1, 1)),
            )
        name, level, _ = rng.choice(_GENERIC)
        rows.append(
            {
                "person_id": person["person_id"],
                "kind": kind,
                "case_id": f"other-{rng.randint(100, 999)}",
                "state": rng.choice([home, *laws.states]),
                "court_type": "adult" if kind == "adult_conviction" else "juvenile",
                "outcome_date": "" if kind == "pending_charge" else when.isoformat(),
                "set_aside": "no" if kind != "pending_charge" else "",
                "offense_description": name,
                "offense_level": level,
                "offense_date": (when - timedelta(days=rng.randint(10, 200))).isoformat(),
            }
        )
    return rows


_BAD_EDITS = (
    ("dob", "2019-02-30"),
    ("state", "ZZ"),
    ("outcome", "adjudicatd"),
    ("supervised", "maybe"),
)


def _spoil(rng: random.Random, line: str, row: dict[str, str]) -> str:
    """A copy of the line with one realistic mistake (for demos of the error report)."""
    pick = rng.randrange(len(_BAD_EDITS) + 2)
    if pick == len(_BAD_EDITS):
        return line.rsplit(",", 3)[0] + "\n"  # fields missing
    if pick == len(_BAD_EDITS) + 1:
        return line.replace(",", ',"', 1)  # a quote that is never closed
    col, value = _BAD_EDITS[pick]
    bad = dict(row, **{col: value})
    return _csv_line([bad.get(c, "") for c in NAMES])


def _csv_line(values: list[str]) -> str:
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def write_demo(
    path: Path, rows: int, *, seed: int = 0, today: date | None = None, bad_rows: float = 0.0
) -> tuple[int, int, int]:
    """Write at least ``rows`` case rows (whole people: a person is never cut short), plus
    the rows of other records that come with them.

    Returns (case rows, all rows, people). CSV or JSONL by the file's extension; owner-only.
    """
    today = today or date.today()
    rng = random.Random(seed)
    laws = _Laws()
    jsonl = path.suffix.lower() in (".jsonl", ".ndjson")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    cases = written = people = 0
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        if not jsonl:
            fh.write(_csv_line(list(NAMES)))
        while cases < rows:
            people += 1
            lines = []
            for row in person_rows(rng, people, laws, today):
                if jsonl:
                    lines.append(json.dumps(_compact(row), ensure_ascii=False) + "\n")
                else:
                    line = _csv_line([row.get(c, "") for c in NAMES])
                    if bad_rows and rng.random() < bad_rows:
                        line = _spoil(rng, line, row)
                    lines.append(line)
                written += 1
                cases += "kind" not in row
            fh.write("".join(lines))
    return cases, written, people


def _compact(row: dict[str, str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v != ""}

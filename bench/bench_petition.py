"""Benchmark: write the petition for a person with 10 cases (target: under 1 s).

Run: .venv/bin/python bench/bench_petition.py
Three petitions, each written to disk with write_petition (assessment included):
- Illinois official forms: 10 arrests on the ATJ 2951.5 Request + the ATJ 2956.4 Order,
  editable copy and flattened print copy;
- Illinois, 25 arrests: Request, 3 continuation sheets, 3 Orders, both copies;
- Washington generated pleading: 10 cases on one motion, with the proposed order.
"Cold" is the first petition in a fresh process (imports, font loading, form parsing);
"warm" is the median of later runs in the same process, as in the TUI.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from expunge.record import Record

AS_OF = date(2026, 6, 30)


def il_record(n: int) -> Record:
    cases = [
        {
            "id": f"a{i}",
            "state": "IL",
            "county": "Cook",
            "docket": f"2021-JD-{i:04d}",
            "offenses": [
                {
                    "description": "Criminal damage to property",
                    "section": "720 ILCS 5/21-1",
                    "level": "misdemeanor",
                    "class": "A",
                    "offense_date": "2021-01-01",
                }
            ],
            "arrest_date": "2021-01-02",
            "outcome": "not_filed",
            "outcome_date": "2021-01-02",
            "supervised": False,
            "answers": {
                "il_rearrest_6mo": False,
                "il_student_report": False,
                "il_agency_cannot_verify": False,
            },
        }
        for i in range(1, n + 1)
    ]
    return Record.model_validate(
        {
            "person": {"name": "Sample Person (fictional)", "dob": "2005-07-15"},
            "history_complete": True,
            "answers": {"il_open_juvenile": False},
            "cases": cases,
        }
    )


def wa_record(n: int) -> Record:
    cases = [
        {
            "id": f"c{i}",
            "state": "WA",
            "county": "King",
            "docket": f"21-8-{i:05d}-1",
            "offenses": [
                {
                    "description": "Theft in the second degree",
                    "section": "RCW 9A.56.040",
                    "level": "felony",
                    "class": "C",
                    "offense_date": "2019-12-01",
                }
            ],
            "outcome": "adjudicated",
            "outcome_date": "2020-03-15",
            "supervised": True,
            "supervision_end": "2021-03-15",
            "confined": False,
            "restitution_owed": False,
            "registration_required": False,
            "answers": {"wa_restitution_victim_t48": False},
        }
        for i in range(1, n + 1)
    ]
    return Record.model_validate(
        {
            "person": {"name": "Sample Person (fictional)", "dob": "2003-01-20"},
            "history_complete": True,
            "cases": cases,
        }
    )


SCENARIOS = {
    "IL official forms, 10 arrests, editable + print copy": (lambda: il_record(10), True),
    "IL official forms, 25 arrests, editable + print copy": (lambda: il_record(25), True),
    "WA generated pleading, 10 cases": (lambda: wa_record(10), False),
}


def run_once(name: str, folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds): on a busy machine the CPU time is the steadier figure."""
    from expunge.petition import write_petition

    make, flatten = SCENARIOS[name]
    record = make()
    ids = [c.id for c in record.cases]
    t, c = time.perf_counter(), time.process_time()
    write_petition(record, ids, None, folder / "p.pdf", flatten=flatten, as_of=AS_OF)
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--cold":
        with tempfile.TemporaryDirectory() as d:
            wall, cpu = run_once(sys.argv[2], Path(d))
            print(f"{wall:.4f} {cpu:.4f}")
        return
    for name in SCENARIOS:
        out = subprocess.run(
            [sys.executable, __file__, "--cold", name], capture_output=True, text=True, check=True
        ).stdout
        cold, cold_cpu = (float(x) for x in out.split())
        with tempfile.TemporaryDirectory() as d:
            runs = [run_once(name, Path(d)) for _ in range(6)][1:]
        wall = [r[0] for r in runs]
        cpu = [r[1] for r in runs]
        print(
            f"{name}: cold {cold * 1000:.0f} ms (CPU {cold_cpu * 1000:.0f}); warm median"
            f" {statistics.median(wall) * 1000:.0f} ms (CPU {statistics.median(cpu) * 1000:.0f};"
            f" wall min {min(wall) * 1000:.0f}, max {max(wall) * 1000:.0f})"
        )


if __name__ == "__main__":
    main()

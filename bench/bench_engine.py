"""Benchmark: assess a person with 10 cases (target: under 5 ms per assessment).

Run: .venv/bin/python bench/bench_engine.py
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from expunge.law.engine import assess
from expunge.law.library import available_states
from expunge.record import Record


def ten_case_record() -> Record:
    states = [s for s in ("OR", "WA", "MA") if s in available_states()] or ["OR"]
    cases = []
    for i in range(10):
        cases.append(
            {
                "id": f"c{i}",
                "state": states[i % len(states)],
                "outcome": "adjudicated",
                "outcome_date": f"{2015 + i % 5}-06-01",
                "supervised": True,
                "supervision_end": f"{2016 + i % 5}-06-01",
                "restitution_owed": False,
                "registration_required": False,
                "offenses": [
                    {
                        "description": "Theft",
                        "level": "misdemeanor",
                        "class": "A",
                        "offense_date": f"{2015 + i % 5}-01-01",
                    }
                ],
            }
        )
    return Record.model_validate(
        {"person": {"dob": "2000-01-01"}, "history_complete": True, "cases": cases}
    )


def main() -> None:
    rec = ten_case_record()
    as_of = date(2026, 11, 29)
    assess(rec, as_of)  # load the statute files once
    times = []
    for _ in range(300):
        t = time.perf_counter()
        assess(rec, as_of)
        times.append(time.perf_counter() - t)
    times.sort()
    print(
        f"10 cases ({', '.join(sorted({c.state for c in rec.cases}))}): "
        f"median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms (target < 5 ms)"
    )


if __name__ == "__main__":
    main()

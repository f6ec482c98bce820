"""Benchmark: assess a person with 10 cases in OR, WA and MA (target: under 5 ms).

Run: .venv/bin/python bench/bench_engine.py
Measured twice: at intake (many facts unknown, so many questions are built) and after
intake (every question answered, so every rule is weighed to the end).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from expunge.law.engine import assess
from expunge.law.library import available_states
from expunge.record import Record

AS_OF = date(2026, 11, 29)


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


def answered(rec: Record) -> Record:
    """The same record after intake: every question the engine asks is answered 'no'."""
    raw = rec.model_dump(by_alias=True)
    for _ in range(4):
        a = assess(Record.model_validate(raw), AS_OF)
        for c in a.cases:
            case = next(x for x in raw["cases"] if x["id"] == c.case_id)
            for p in c.paths:
                for q in p.questions:
                    parts = q.field.split(".")
                    if parts[0] == "answers":
                        raw["answers"][parts[1]] = False
                    elif parts[0] == "cases" and parts[2] == "answers":
                        case["answers"][parts[3]] = False
                    elif parts[0] == "cases" and "categories" in parts:
                        case["offenses"][int(parts[3])]["categories"][parts[-1]] = False
                    elif parts[0] == "cases" and parts[-1] == "release_date":
                        case["confined"] = False
    return Record.model_validate(raw)


def measure(label: str, rec: Record, runs: int = 300) -> float:
    assess(rec, AS_OF)  # load the statute files once
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        assess(rec, AS_OF)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    times.sort()
    states = ", ".join(sorted({c.state for c in rec.cases}))
    median = statistics.median(times) * 1000
    print(
        f"{label}, 10 cases ({states}): median {median:.2f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms, best {times[0] * 1000:.2f} ms, "
        f"CPU median {statistics.median(cpu) * 1000:.2f} ms (target < 5 ms)"
    )
    return median


def main() -> None:
    rec = ten_case_record()
    measure("at intake (many facts unknown)", rec)
    measure("after intake (questions answered)", answered(rec))


if __name__ == "__main__":
    main()

"""Batch results agree with ``expunge check`` on the same records.

The records for ``check`` are built here from the CSV rows by a separate, plain mapping
(not the batch code's), with the county and name included, and the expected output line is
derived from ``check --format json``.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from itertools import groupby
from pathlib import Path

import pytest

from expunge.batch.demo import write_demo
from expunge.batch.reader import Source
from expunge.batch.run import run_batch
from expunge.cli import main

AS_OF = "2026-06-30"


def _bool(v: str) -> bool | None:
    return {"yes": True, "no": False}.get(v.lower()) if v else None


def _pairs(v: str) -> dict[str, bool | None]:
    out = {}
    for part in filter(None, v.split(";")):
        k, _, a = part.partition("=")
        out[k] = _bool(a)
    return out


def _record(rows: list[dict[str, str]]) -> dict:
    def person(col: str) -> str | None:
        return next((r[col] for r in rows if r.get(col)), None)

    cases, events = [], []
    for r in rows:
        n = max((len(r[c].split("|")) for c in r if c.startswith("offense_") and r[c]), default=0)

        def nth(col: str, i: int, r: dict = r) -> str:
            return r[col].split("|")[i] if r[col] else ""

        offenses = [
            {
                "description": nth("offense_description", i) or None,
                "section": nth("offense_section", i) or None,
                "level": nth("offense_level", i) or None,
                "class": nth("offense_class", i) or None,
                "offense_date": nth("offense_date", i) or None,
                "categories": _pairs(nth("offense_categories", i)),
            }
            for i in range(n)
        ]
        if r["kind"]:
            o = offenses[0] if offenses else {}
            events.append(
                {
                    "id": r["case_id"],
                    "kind": r["kind"],
                    "state": r["state"] or None,
                    "description": o.get("description"),
                    "level": o.get("level"),
                    "class": o.get("class"),
                    "categories": o.get("categories", {}),
                    "date": r["outcome_date"] or None,
                    "offense_date": o.get("offense_date"),
                    "set_aside": _bool(r["set_aside"]),
                }
            )
            continue
        case = {"id": r["case_id"], "state": r["state"], "county": r["county"] or None}
        for col in (
            "arrest_date",
            "petition_date",
            "outcome",
            "outcome_date",
            "supervision_end",
            "release_date",
        ):
            case[col] = r[col] or None
        for col in ("supervised", "confined", "restitution_owed", "registration_required"):
            case[col] = _bool(r[col])
        case["court_type"] = r["court_type"] or "juvenile"
        case["answers"] = _pairs(r["case_answers"])
        case["offenses"] = offenses
        cases.append(case)
    return {
        "person": {"name": person("name"), "dob": person("dob")},
        "history_complete": _bool(person("history_complete") or ""),
        "answers": _pairs(person("person_answers") or ""),
        "cases": cases,
        "events": events,
    }


def _label(cite: dict) -> str:
    return cite["cite"] if cite["verified"] else f"{cite['cite']} [UNVERIFIED]"


def _expected(c: dict) -> dict[str, str]:
    """The batch line for one case of ``check --format json``."""
    if not c["modeled"]:
        return {
            "status": "not_modeled",
            "key_date": "",
            "path": "",
            "citation": "",
            "reason": c["summary"],
        }
    if c["best_path"]:
        p = next(p for p in c["paths"] if p["path_id"] == c["best_path"])
        return {
            "status": p["status"],
            "key_date": p["key_date"] or "",
            "path": p["path_id"],
            "citation": _label(p["cites"][0]),
            "reason": c["summary"],
        }
    met = [sum(s["outcome"] == "met" for s in p["steps"]) for p in c["paths"]]
    p = c["paths"][met.index(max(met))]
    fail = next(s for s in p["steps"] if s["outcome"] == "fails")
    return {
        "status": "ineligible",
        "key_date": "",
        "path": p["path_id"],
        "citation": _label(fail["cite"]),
        "reason": f"{c['summary']}. Closest: {p['title']}: {fail['fact']} ({fail['rule']})",
    }


@pytest.mark.parametrize("seed", [11, 12])
def test_batch_agrees_with_check(
    tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    write_demo(src, 80, seed=seed, today=date(2026, 6, 1))
    source = Source(src)
    stats = run_batch(source, tmp_path / "out.csv", as_of=date.fromisoformat(AS_OF), workers=1)
    source.close()
    assert stats.tally.rows["errors"] == 0
    batch = {
        (r["person_id"], r["case_id"]): r
        for r in csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8"))
    }
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    compared = 0
    statuses = set()
    for pid, group in groupby(rows, key=lambda r: r["person_id"]):
        f = tmp_path / "record.json"
        f.write_text(json.dumps(_record(list(group))))
        capsys.readouterr()
        assert main(["check", str(f), "--as-of", AS_OF, "--format", "json"]) == 0
        result = json.loads(capsys.readouterr().out)
        for c in result["cases"]:
            got = batch[(pid, c["case_id"])]
            want = _expected(c)
            assert {k: got[k] for k in want} == want, (pid, c["case_id"])
            compared += 1
            statuses.add(want["status"])
    assert compared == stats.tally.rows["cases"] >= 80
    assert len(statuses) >= 4  # the sample covers several outcomes, not one

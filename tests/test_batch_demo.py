"""Synthetic batch files: fictional people, every modeled state, reproducible, owner-only."""

from __future__ import annotations

import csv
import json
import stat
from datetime import date
from pathlib import Path

import pytest

from expunge.batch.demo import write_demo
from expunge.cli import main
from expunge.law.library import available_states


def test_demo_csv_is_reproducible_fictional_and_private(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    cases, rows, people = write_demo(a, 400, seed=5, today=date(2026, 1, 1))
    write_demo(b, 400, seed=5, today=date(2026, 1, 1))
    assert a.read_bytes() == b.read_bytes()
    assert stat.S_IMODE(a.stat().st_mode) == 0o600
    data = list(csv.DictReader(a.open(encoding="utf-8")))
    assert len(data) == rows and cases >= 400 and rows > cases  # some other records too
    assert len({r["person_id"] for r in data}) == people
    named = [r["name"] for r in data if r["name"]]
    assert named and all(n.startswith("Test Youth ") and n.endswith("(fictional)") for n in named)
    assert all(r["person_id"].startswith("DEMO-") for r in data)
    states = {r["state"] for r in data if not r["kind"]}
    assert len(states) >= len(available_states()) - 1
    # a person's rows are together
    ids = [r["person_id"] for r in data]
    assert ids == sorted(ids)


def test_demo_jsonl_and_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d.jsonl"
    assert main(["demo-data", "--n", "30", "--out", str(out), "--seed", "2"]) == 0
    assert "fictional people" in capsys.readouterr().err
    lines = out.read_text().splitlines()
    assert all(json.loads(x)["person_id"].startswith("DEMO-") for x in lines)
    assert main(["demo-data", "--n", "3", "--out", str(tmp_path / "d.txt")]) == 2


def test_demo_bad_rows_are_all_caught(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    write_demo(src, 300, seed=9, today=date(2026, 1, 1), bad_rows=0.2)
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    results = list(csv.DictReader(out.open(encoding="utf-8")))
    errors = [r for r in results if r["status"] == "error"]
    assert len(errors) > 20
    assert all(r["reason"].startswith(f"line {r['line']}: ") for r in errors)

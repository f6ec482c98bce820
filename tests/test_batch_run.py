"""Batch runs end to end: bad rows become error lines, good rows are all screened."""

from __future__ import annotations

import csv
import io
import itertools
import json
import stat
from datetime import date
from pathlib import Path

import pytest

from expunge.batch.columns import NAMES, template_csv
from expunge.batch.progress import Progress
from expunge.batch.reader import Source
from expunge.batch.run import run_batch
from expunge.cli import main

AS_OF = "2026-06-30"


def _line(**values: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([values.get(c, "") for c in NAMES])
    return buf.getvalue()


GOOD_OR = {
    "person_id": "P1",
    "name": "Sample Person (fictional)",
    "dob": "2003-05-10",
    "history_complete": "yes",
    "person_answers": "or_measure11=no;or_investigation=no",
    "race": "Group A",
    "case_id": "c1",
    "state": "OR",
    "county": "Lane",
    "outcome": "adjudicated",
    "outcome_date": "2019-06-01",
    "supervised": "yes",
    "supervision_end": "2022-07-01",
    "restitution_owed": "no",
    "registration_required": "no",
    "offense_description": "Theft II",
    "offense_section": "164.045",
    "offense_level": "misdemeanor",
    "offense_class": "A",
    "offense_date": "2019-02-01",
    "offense_categories": "or_j_list=no",
}


def mixed_csv() -> str:
    """Good rows and every kind of bad row; the comment after each says what it is."""
    header = ",".join(NAMES) + "\n"
    rows = [
        _line(**GOOD_OR),  # 2: good
        _line(  # 3: another record of P1 (not screened itself)
            person_id="P1",
            kind="adult_conviction",
            case_id="e1",
            state="WA",
            outcome_date="2024-03-01",
            offense_level="misdemeanor",
            offense_date="2024-01-10",
        ),
        _line(person_id="P2", case_id="w1", state="WA", outcome="dismissed"),  # 4: good
        _line(person_id="P3", dob="2019-02-30", case_id="x", state="OR"),  # 5: bad date
        _line(person_id="P4", case_id="x", state="ZZ", outcome="dismissed"),  # 6: unknown state
        "P5,,2004-01-01\n",  # 7: missing columns
        _line(person_id="P6", case_id="c1", state="OR").replace(",c1,", ',"c1,', 1),  # 8: quote
        _line(person_id="P7", case_id="a", state="MA", outcome="dismissed"),  # 9: good
        _line(person_id="P7", case_id="b", state="MA", outcome="adjudicatd"),  # 10: bad value
        "\n",  # 11: blank, skipped
        _line(person_id="P8", case_id="z", state="CA", outcome="dismissed"),  # 12: good
        _line(person_id="P9", case_id="y", state="WY", outcome="dismissed"),  # 13: not modeled
        _line(person_id="P1", case_id="c9", state="OR", outcome="dismissed"),  # 14: P1 again
        _line(
            person_id="P10",
            case_id="q",
            state="OR",
            offense_level="felony|misdemeanor",
            offense_date="2019-01-01",
        ),  # 15: offense lists of different lengths
        _line(person_id="P11", case_id="d", state="OR", outcome="dismissed"),  # 16: good
        _line(person_id="P11", case_id="d", state="OR", outcome="dismissed"),  # 17: repeated id
        _line(person_id="P12", dob="2001", case_id="k", state="WA", outcome="dismissed"),  # 18
        _line(person_id="P12", dob="2002", case_id="m", state="WA", outcome="dismissed"),  # 19
    ]
    return header + "".join(rows)


def _run(
    tmp_path: Path, text: str, name: str = "in.csv", **kw: object
) -> tuple[list[dict], object]:
    src_path = tmp_path / name
    src_path.write_text(text, encoding="utf-8")
    out = tmp_path / ("out.jsonl" if kw.pop("jsonl_out", False) else "out.csv")
    source = Source(src_path)
    stats = run_batch(source, out, as_of=date.fromisoformat(AS_OF), **kw)  # type: ignore[arg-type]
    source.close()
    if out.suffix == ".csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
    else:
        rows = [json.loads(x) for x in out.read_text().splitlines()]
    return rows, stats


@pytest.mark.parametrize("workers", [1, 2])
def test_mixed_file_bad_rows_reported_and_good_rows_all_screened(
    tmp_path: Path, workers: int
) -> None:
    rows, stats = _run(tmp_path, mixed_csv(), workers=workers, chunk_rows=3)
    by_line = {int(r["line"]): r for r in rows}
    # every non-blank line but the other record (line 3) has exactly one output line, in order
    assert [int(r["line"]) for r in rows] == [2, *range(4, 11), *range(12, 20)]
    errors = {n: r["reason"] for n, r in by_line.items() if r["status"] == "error"}
    assert set(errors) == {5, 6, 7, 8, 10, 15, 17, 18, 19}
    assert "dob: that month does not have that many days" in errors[5]
    assert "2019-02-30" not in errors[5]  # the value typed is never echoed
    assert "state: not a US state" in errors[6]
    assert "has 3 fields, the header has" in errors[7]
    assert "quote is not closed" in errors[8]
    assert "outcome: not a known value" in errors[10]
    assert "offense columns list different numbers" in errors[15]
    assert "case_id repeats line 16" in errors[17]
    assert "disagree on dob" in errors[18] and errors[18] == errors[19].replace("19:", "18:", 1)
    for n, msg in errors.items():
        assert msg.startswith(f"line {n}: ")
    # good rows: screened, with a status from the engine
    assert by_line[2]["status"] != "error" and by_line[2]["path"].startswith("or-419a-")
    assert by_line[2]["citation"].startswith("ORS 419A.")
    assert by_line[4]["status"] in ("automatic", "eligible", "needs_facts")
    assert by_line[12]["status"] != "error" and by_line[13]["status"] == "not_modeled"
    assert by_line[16]["status"] != "error"
    # P7's good case is screened without its broken sibling, and says so
    assert by_line[9]["status"] != "error"
    assert "screened without line(s) 10" in by_line[9]["reason"]
    # P1 reappears after other people: counted as a warning, still screened
    assert by_line[14]["status"] != "error"
    assert stats.non_contiguous == 1  # type: ignore[attr-defined]
    tally = stats.tally  # type: ignore[attr-defined]
    assert tally.rows["errors"] == 9 and tally.rows["events"] == 1
    assert tally.rows["cases"] == 7 and tally.rows["read"] == 17
    assert tally.errors["bad date"] == 1 and tally.errors["unknown state"] == 1
    assert tally.errors["broken quote"] == 1 and tally.errors["wrong number of fields"] == 1


def test_output_is_owner_only_and_replaces_nothing_on_failure(tmp_path: Path) -> None:
    rows, _ = _run(tmp_path, template_csv())
    mode = stat.S_IMODE((tmp_path / "out.csv").stat().st_mode)
    assert mode == 0o600
    assert [r["case_id"] for r in rows] == ["c1", "2020-J-7"]
    assert not list(tmp_path.glob(".expunge-batch-*"))  # no temporary file left behind


def test_jsonl_in_and_out(tmp_path: Path) -> None:
    good = {k: v for k, v in GOOD_OR.items() if v}
    lines = [
        json.dumps(good),
        json.dumps(
            {
                "person_id": "P2",
                "case_id": "w",
                "state": "WA",
                "outcome": "dismissed",
                "supervised": False,
            }
        ),
        "{not json",
        "[1, 2]",
        json.dumps({"person_id": "P3", "case_id": "c", "state": "OR", "offense_level": ["felony"]}),
        json.dumps(
            {
                "person_id": "P4",
                "case_id": "c",
                "state": "OR",
                "outcome": "dismissed",
                "other_key": 1,
            }
        ),
    ]
    rows, _ = _run(tmp_path, "\n".join(lines) + "\n", name="in.jsonl", jsonl_out=True)
    status = {r["line"]: r["status"] for r in rows}
    assert sorted(status) == [1, 2, 3, 4, 5, 6]
    assert [n for n, st in status.items() if st == "error"] == [3, 4, 5]
    reasons = {r["line"]: r["reason"] for r in rows}
    assert "not a JSON object" in reasons[3] and "not a JSON object" in reasons[4]
    assert "offense_level: must be text" in reasons[5]


def test_chunks_never_split_a_person(tmp_path: Path) -> None:
    text = "person_id,case_id,state\n" + "".join(f"P{i // 3},c{i % 3},OR\n" for i in range(30))
    path = tmp_path / "in.csv"
    path.write_text(text)
    source = Source(path)
    chunks = list(source.chunks(4))
    source.close()
    people_per_chunk = []
    for _, blob, _ in chunks:
        people_per_chunk.append({line.split(b",")[0] for line in blob.splitlines()})
    for a, b in itertools.pairwise(people_per_chunk):
        assert not a & b
    assert sum(len(blob.splitlines()) for _, blob, _ in chunks) == 30


def test_cli_batch_with_summaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text(mixed_csv())
    out, sj, sm = tmp_path / "o.csv", tmp_path / "s.json", tmp_path / "s.md"
    code = main(
        [
            "batch",
            str(src),
            "--out",
            str(out),
            "--as-of",
            AS_OF,
            "--summary",
            str(sj),
            "--summary",
            str(sm),
            "--workers",
            "2",
            "--quiet",
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "screened 7 cases" in err and "rows with errors: 9" in err
    assert "appear again after other people's rows" in err
    report = json.loads(sj.read_text())
    assert report["rows"]["errors"] == 9 and report["errors_by_problem"]["broken quote"] == 1
    assert report["min_cell"] == 11
    for f in (out, sj, sm):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    text = sj.read_text() + sm.read_text()
    for secret in ("P1", "Sample Person", "2003-05-10", "c1"):
        assert secret not in text
    assert "# Batch screening summary" in sm.read_text()


def test_cli_batch_refuses_bad_setups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text("person_id,state\nP1,OR\n")
    assert main(["batch", str(src), "--out", str(tmp_path / "o.csv")]) == 2
    assert "lacks the required column(s) case_id" in capsys.readouterr().err
    src.write_text(template_csv())
    assert main(["batch", str(src), "--out", str(src)]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert main(["batch", str(src), "--out", str(tmp_path / "o.txt")]) == 2
    assert "--out must end in" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    assert "cannot read the input" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_cli_template_and_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "--template"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ",".join(NAMES)
    assert "(fictional)" in out
    assert main(["batch", "--columns"]) == 0
    out = capsys.readouterr().out
    for name in NAMES:
        assert name in out


def test_progress_bar_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    p = Progress(1000, stream=quiet)  # StringIO is not a terminal
    p.update(10, 500)
    p.finish()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    p = Progress(1000, stream=shown, enabled=True)
    p.update(10, 1000)
    p.finish()
    assert "100%" in shown.getvalue() and "rows/s" in shown.getvalue() and "ETA" in shown.getvalue()


def test_every_column_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Batch screening", 1)[1].split("\n## ", 1)[0]
    for name in NAMES:
        assert f"`{name}`" in section, name


def test_people_with_the_same_facts_share_one_assessment(tmp_path: Path) -> None:
    same = {"dob": "2004-03-01", "state": "WA", "offense_level": "misdemeanor"}
    text = (
        ",".join(NAMES)
        + "\n"
        + "".join(_line(person_id=f"P{i}", case_id=f"case-{i}", **same) for i in range(3))
    )
    rows, stats = _run(tmp_path, text)
    assert stats.cache_hits == 2  # type: ignore[attr-defined]
    for i, r in enumerate(rows):
        # the outcome is unknown, so the question names the case: each its own id
        assert r["status"] == "needs_facts"
        assert f"case case-{i}" in r["reason"] and "\u27e6" not in r["reason"]


def test_a_file_of_only_bad_rows_still_gives_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("person_id,case_id,state,dob\nP1,c1,ZZ,\nP2,c2,OR,2001-13-01\n")
    out, sj, sm = tmp_path / "o.csv", tmp_path / "s.json", tmp_path / "s.md"
    args = ["batch", str(src), "--out", str(out), "--summary", str(sj), "--summary", str(sm)]
    assert main([*args, "--workers", "1"]) == 0
    report = json.loads(sj.read_text())
    assert report["rows"]["errors"] == 2 and report["tables"] == []
    assert report["people"]["screened"] == 0
    assert "rows with errors: 2" in sm.read_text()
    assert [r["status"] for r in csv.DictReader(out.open())] == ["error", "error"]


def test_excel_style_file_with_bom_and_crlf(tmp_path: Path) -> None:
    text = "\ufeff" + template_csv().replace("\n", "\r\n")
    src = tmp_path / "in.csv"
    src.write_bytes(text.encode("utf-8"))
    source = Source(src)
    assert source.unknown == []  # the BOM is not part of the first column's name
    stats = run_batch(source, tmp_path / "o.csv", as_of=date(2026, 6, 30), workers=1)
    source.close()
    rows = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8")))
    assert [r["case_id"] for r in rows] == ["c1", "2020-J-7"]
    assert stats.tally.rows["errors"] == 0

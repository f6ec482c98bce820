"""``expunge petition``: files written owner-only, plain errors, no personal data in names."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from petition_samples import NAME, il_felony_record, wa_record
from pypdf import PdfReader

from expunge.cli import main
from expunge.petition import petition_paths, render_petition, which_form, write_petition


def _record_file(tmp_path: Path, record) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record.model_dump(mode="json", by_alias=True)), encoding="utf-8")
    return path


def test_cli_writes_official_form_and_print_copy(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    record, as_of = il_felony_record()
    rec = _record_file(tmp_path, record)
    out = tmp_path / "out" / "request.pdf"
    code = main(
        [
            "petition",
            str(rec),
            "--case",
            "c1",
            "--out",
            str(out),
            "--flatten",
            "--as-of",
            as_of.isoformat(),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "official form" in printed and "ATJ 2951.5" in printed
    assert "Before filing:" in printed
    assert NAME not in printed  # the summary names files and forms, not the person
    flat = out.with_name("request-print.pdf")
    for path in (out, flat):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    assert PdfReader(out).get_fields()
    assert "/AcroForm" not in PdfReader(flat).trailer["/Root"]


def test_cli_errors_are_plain(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    record, _ = wa_record()
    rec = _record_file(tmp_path, record)
    assert main(["petition", str(rec), "--case", "zz", "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "no case with the id 'zz'" in err and "Traceback" not in err
    assert main(["petition", str(rec), "--case", "c1", "--out", str(rec)]) == 2
    assert "must name a .pdf" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"cases": [{"id": "c1"}]}')
    assert main(["petition", str(bad), "--case", "c1", "--out", str(tmp_path / "y.pdf")]) == 2
    assert "not valid" in capsys.readouterr().err
    assert json.loads(rec.read_text())["person"]["name"] == NAME  # the input is untouched


def test_default_file_name_has_no_personal_data(tmp_path: Path) -> None:
    record, as_of = wa_record()
    first = write_petition(record, ["c1"], None, tmp_path, as_of=as_of)
    second = write_petition(record, ["c1"], None, tmp_path, as_of=as_of)
    assert [p.name for p in first.paths] == ["petition-wa.pdf"]
    assert [p.name for p in second.paths] == ["petition-wa-2.pdf"]
    meta = PdfReader(first.paths[0]).metadata or {}
    assert NAME not in " ".join(str(v) for v in meta.values())


def test_which_form_for_the_tui() -> None:
    il, il_day = il_felony_record()
    choice = which_form(il, "c1", as_of=il_day)
    assert (choice.kind, choice.form_set, choice.path_id) == (
        "official",
        "il_juvenile",
        "il-5-915-2",
    )
    wa, wa_day = wa_record()
    assert which_form(wa, "c1", as_of=wa_day).kind == "pleading"


def test_flatten_on_a_pleading_writes_one_file(tmp_path: Path) -> None:
    record, as_of = wa_record()
    result = write_petition(record, ["c1"], None, tmp_path / "p.pdf", flatten=True, as_of=as_of)
    assert [p.name for p in result.paths] == ["p.pdf"]
    assert any("already a print copy" in n for n in result.notes)
    assert len(PdfReader(BytesIO(result.paths[0].read_bytes())).pages) == result.pages


@pytest.mark.parametrize("flag", ["--blank-personal"])
def test_cli_blank_personal(tmp_path: Path, flag: str) -> None:
    record, as_of = wa_record()
    rec = _record_file(tmp_path, record)
    out = tmp_path / "blank.pdf"
    assert (
        main(
            [
                "petition",
                str(rec),
                "--case",
                "c1",
                "--out",
                str(out),
                flag,
                "--as-of",
                as_of.isoformat(),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert NAME not in text and NAME.upper() not in text


def test_petition_paths_lists_the_open_paths_best_first() -> None:
    record, as_of = il_felony_record()
    options = petition_paths(record, "c1", as_of)
    assert options and options[0][0].path_id == "il-5-915-2"
    assert options[0][1] is not None and options[0][1].kind == "official"
    assert all(p.mode != "automatic" and p.status != "ineligible" for p, _, _ in options)


def test_importing_the_petition_api_loads_no_pdf_library() -> None:
    """The CLI and the TUI import the API at start-up; reportlab and pypdf load on use."""
    code = (
        "import sys\n"
        "import expunge.petition, expunge.petition.cli\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pypdf')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_approximate_dates_are_flagged() -> None:
    record, as_of = wa_record()
    record.cases[0].offenses[0].offense_date = "2021-12"
    _, _, result = render_petition(record, ["c1"], as_of=as_of)
    assert any("only to the month or year" in n for n in result.notes)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from expunge.cli import main


def test_check_text(sample_record_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(sample_record_path), "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "ELIGIBLE ON 2026-07-01" in out and "ORS 419A.262(2)(a)" in out


def test_check_json_carries_the_same(
    sample_record_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["check", str(sample_record_path), "--as-of", "2026-06-30", "--format", "json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "expunge-assessment" and data["as_of"] == "2026-06-30"
    path = next(p for p in data["cases"][0]["paths"] if p["path_id"] == "or-419a-262-2")
    assert path["status"] == "eligible_on" and path["key_date"] == "2026-07-01"
    assert path["candidates"][0]["cite"]["cite"] == "ORS 419A.262(2)(a)"


def test_bad_as_of_date_is_explained(
    sample_record_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["check", str(sample_record_path), "--as-of", "2026-02-30"])
    assert "28 days" in capsys.readouterr().err


def test_invalid_record_names_field_not_value(
    tmp_path: Path, sample_record: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    sample_record["cases"][0]["outcome_date"] = "2019-31-01"
    f = tmp_path / "r.json"
    f.write_text(json.dumps(sample_record))
    assert main(["check", str(f)]) == 2
    err = capsys.readouterr().err
    assert "cases.0.outcome_date" in err and "Sample Person" not in err


def test_broken_json_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "r.json"
    f.write_text('{"cases": [')
    assert main(["check", str(f)]) == 2
    assert "not valid" in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_statutes_list_show_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statutes", "list"]) == 0
    assert "OR" in capsys.readouterr().out
    assert main(["statutes", "show", "or"]) == 0
    out = capsys.readouterr().out
    assert "ORS 419A.262(2)" in out and "Citations:" in out
    assert main(["statutes", "check"]) == 0
    assert "valid" in capsys.readouterr().out


def test_statutes_check_reports_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "zz.toml").write_text('state = "ZZ"\nname = 3\n')
    assert main(["statutes", "check", "--dir", str(tmp_path)]) == 1
    assert "zz.toml" in capsys.readouterr().err


def test_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "record"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert "cases" in rec["properties"]
    assert main(["schema", "statute"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["additionalProperties"] is False


def test_unexpected_error_leaks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash on a record with recognisable values prints and saves none of them."""
    import expunge.law.engine as engine

    monkeypatch.setenv("EXPUNGE_DATA_DIR", str(tmp_path / "data"))
    secret = "Zebulon Quartermaine-Test"

    def boom(*_a: object, **_k: object) -> None:
        raise ValueError(f"bad value for {secret} docket JX-99-SECRET dob 2004-02-29")

    monkeypatch.setattr(engine, "assess", boom)
    rec = tmp_path / "r.json"
    rec.write_text(
        json.dumps(
            {
                "person": {"name": secret, "dob": "2004-02-29"},
                "cases": [{"id": "c1", "state": "OR", "docket": "JX-99-SECRET"}],
            }
        )
    )
    assert main(["check", str(rec)]) == 70
    captured = capsys.readouterr()
    written = "".join(p.read_text() for p in (tmp_path / "data").rglob("*") if p.is_file())
    for text in (captured.out, captured.err, written):
        assert secret not in text and "JX-99-SECRET" not in text and "2004-02-29" not in text
    reports = list((tmp_path / "data" / "crash-reports").glob("crash-*.txt"))
    assert reports and (reports[0].stat().st_mode & 0o777) == 0o600
    assert "ValueError" in reports[0].read_text()

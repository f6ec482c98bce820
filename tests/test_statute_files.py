"""The statute files load, their references resolve, and broken files fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from expunge.law.library import StatuteFileError, check_all, load_file, statute_files

ROOT = Path(__file__).resolve().parent.parent


def test_all_statute_files_are_valid() -> None:
    assert statute_files(), "no statute files found"
    assert check_all() == []


@pytest.mark.parametrize("path", statute_files(), ids=lambda p: p.name)
def test_every_path_is_cited_with_a_quote(path: Path) -> None:
    law = load_file(path)
    for c in law.citations.values():
        assert c.quote.strip() and c.url.startswith("https://"), c.cite
        if c.status == "verified":
            assert c.verified is not None and c.version
    for p in law.paths:
        assert p.cites, p.id


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    src = ROOT / "statutes" / "or.toml"
    text = src.read_text()
    assert old in text
    out = tmp_path / "or.toml"
    out.write_text(text.replace(old, new, 1))
    return out


def test_misspelt_key_names_file_and_key(tmp_path: Path) -> None:
    bad = _broken_copy(tmp_path, 'cite = "or_267_1"', 'citaton = "or_267_1"')
    with pytest.raises(StatuteFileError) as exc:
        load_file(bad)
    msg = str(exc.value)
    assert "or.toml" in msg and "citaton" in msg


def test_dangling_citation_key_is_reported(tmp_path: Path) -> None:
    bad = _broken_copy(tmp_path, 'cites = ["or_262_6"]', 'cites = ["or_262_66"]')
    with pytest.raises(StatuteFileError, match="or_262_66"):
        load_file(bad)


def test_verified_citation_needs_a_date(tmp_path: Path) -> None:
    bad = _broken_copy(
        tmp_path,
        'verified = 2026-11-29\nstatus = "verified"',
        'verified = false\nstatus = "verified"',
    )
    with pytest.raises(StatuteFileError):
        load_file(bad)


def test_toml_syntax_error_is_reported_with_file(tmp_path: Path) -> None:
    bad = _broken_copy(tmp_path, 'state = "OR"', 'state = "OR')
    with pytest.raises(StatuteFileError, match=r"or\.toml: not valid TOML"):
        load_file(bad)


def test_overlapping_versions_are_rejected(tmp_path: Path) -> None:
    text = (ROOT / "statutes" / "or.toml").read_text()
    start = text.index('[[paths]]\nid = "or-419a-262-6"')
    end = text.index("[[paths]]", start + 5)
    block = text[start:end]
    twin = block.replace('id = "or-419a-262-6"', 'id = "or-419a-262-6-old"\nrule = "or-419a-262-6"')
    twin = twin.replace("shall = false", "shall = false\neffective_to = 2030-01-01")
    out = tmp_path / "or.toml"
    out.write_text(text[:end] + twin + text[end:])
    with pytest.raises(StatuteFileError, match="overlap"):
        load_file(out)


def test_coverage_table_in_readme_matches_files() -> None:
    from expunge.law.coverage import coverage_table, table_in_readme

    readme = (ROOT / "statutes" / "README.md").read_text()
    assert table_in_readme(readme) == coverage_table(), (
        "statutes/README.md coverage table is stale: run `expunge statutes coverage --write`"
    )

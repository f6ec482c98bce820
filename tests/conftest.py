from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder for the store (EXPUNGE_DATA_DIR), one per test."""
    from expunge.store import DATA_DIR_ENV

    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def sample_record_path() -> Path:
    return ROOT / "examples" / "sample-record.json"


@pytest.fixture
def sample_record(sample_record_path: Path) -> dict:
    return json.loads(sample_record_path.read_text())

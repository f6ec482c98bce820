from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sample_record_path() -> Path:
    return ROOT / "examples" / "sample-record.json"


@pytest.fixture
def sample_record(sample_record_path: Path) -> dict:
    return json.loads(sample_record_path.read_text())

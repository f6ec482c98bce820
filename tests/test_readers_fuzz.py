"""Any input to the readers gives a result or a clear error, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from expunge.cli import main
from expunge.law.library import StatuteFileError, load_file
from expunge.record import describe_errors, load_record_json

ROOT = Path(__file__).resolve().parent.parent
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "format": st.sampled_from(["expunge-record", "other"]),
        "version": st.sampled_from([1, 2, "1"]),
        "person": st.fixed_dictionaries(
            {}, optional={"name": st.text(max_size=10), "dob": st.text(max_size=12) | st.none()}
        ),
        "history_complete": st.none() | st.booleans() | st.text(max_size=3),
        "cases": st.lists(
            st.fixed_dictionaries(
                {"id": st.text(max_size=5), "state": st.text(max_size=3)},
                optional={
                    "outcome": st.text(max_size=12),
                    "outcome_date": st.text(max_size=12),
                    "offenses": st.lists(json_values, max_size=2),
                },
            ),
            max_size=3,
        ),
        "events": json_values,
    },
)


@FUZZ
@given(st.one_of(st.text(max_size=200), json_values.map(json.dumps), record_like.map(json.dumps)))
def test_record_reader_never_crashes(text: str) -> None:
    try:
        load_record_json(text)
    except ValidationError as exc:
        lines = describe_errors(exc)
        assert lines and all(isinstance(line, str) and line for line in lines)


@FUZZ
@given(record_like)
def test_check_command_never_crashes(tmp_path_factory: object, raw: dict) -> None:
    folder = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    f = folder / "r.json"
    f.write_text(json.dumps(raw))
    assert main(["check", str(f), "--as-of", "2026-11-29"]) in (0, 2)


@FUZZ
@given(st.data())
def test_statute_reader_never_crashes(tmp_path_factory: object, data: st.DataObject) -> None:
    """A statute file cut, spliced or garbled gives StatuteFileError naming the file."""
    text = (ROOT / "statutes" / "or.toml").read_text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 400)))
    junk = data.draw(st.text(max_size=20))
    folder = tmp_path_factory.mktemp("st")  # type: ignore[attr-defined]
    f = folder / "or.toml"
    f.write_text(text[:start] + junk + text[end:])
    try:
        load_file(f)
    except StatuteFileError as exc:
        assert "or.toml" in str(exc)

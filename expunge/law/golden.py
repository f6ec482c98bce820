"""Golden cases: reviewed fact patterns with the answer the law gives, kept as data.

``statutes/golden/<st>.toml`` holds, per case: the facts (a record, as in the record JSON),
the as-of date, the expected status and date for one or more paths, and the citation and
quote that decide it. ``expunge statutes check`` and the test suite run them all.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from expunge.law.engine import assess
from expunge.law.library import data_dir
from expunge.record import Record


@dataclass
class Expect:
    path: str
    status: str
    date: str | None = None
    case: str | None = None
    earliest: str | None = None
    ask: str | None = None  # a word the questions must contain (needs_facts cases)
    due_by: str | None = None  # automatic paths: the agency's deadline


@dataclass
class GoldenCase:
    file: str
    name: str
    as_of: date
    record: Record
    cite: str
    quote: str
    expects: list[Expect] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """TOML dates → ISO strings, so a record in TOML reads like the record JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def golden_files(folder: Path | None = None) -> list[Path]:
    folder = folder or data_dir("statutes") / "golden"
    return sorted(folder.glob("*.toml"))


def load_golden(path: Path) -> list[GoldenCase]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    out = []
    for i, c in enumerate(raw.get("case", [])):
        where = f"{path.name} case {i + 1} ({c.get('name', '?')})"
        try:
            record = Record.model_validate(_plain(c["record"]))
            expects = [Expect(**{k: _plain(v) for k, v in e.items()}) for e in c["expect"]]
            out.append(
                GoldenCase(path.name, c["name"], c["as_of"], record, c["cite"], c["quote"], expects)
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from None
    return out


def run_case(gc: GoldenCase) -> list[str]:
    """The mismatches between what the engine says and what the case expects."""
    result = assess(gc.record, gc.as_of, today=max(gc.as_of, date.today()))
    problems = []
    for e in gc.expects:
        case_id = e.case or gc.record.cases[0].id
        case = next((c for c in result.cases if c.case_id == case_id), None)
        path = next((p for p in case.paths if p.path_id == e.path), None) if case else None
        if path is None:
            problems.append(f"{gc.name}: no result for case {case_id} path {e.path}")
            continue
        got = (path.status, path.key_date)
        want_date = e.date
        if path.status != e.status or (want_date is not None and path.key_date != want_date):
            why = "; ".join(s.fact for s in path.steps if s.outcome in ("fails", "unknown"))
            problems.append(
                f"{gc.name}: {e.path}: expected {e.status} {want_date or ''}, got "
                f"{got[0]} {got[1] or ''} ({why or path.headline})"
            )
        if e.earliest is not None and path.earliest_date != e.earliest:
            problems.append(
                f"{gc.name}: {e.path}: expected earliest {e.earliest}, got {path.earliest_date}"
            )
        if e.due_by is not None and path.due_by != e.due_by:
            problems.append(f"{gc.name}: {e.path}: expected due by {e.due_by}, got {path.due_by}")
        if e.ask is not None and not any(
            e.ask.lower() in q.question.lower() for q in path.questions
        ):
            problems.append(
                f"{gc.name}: {e.path}: no question mentions '{e.ask}' "
                f"({[q.question for q in path.questions]})"
            )
    return problems


def run_all(folder: Path | None = None) -> tuple[int, list[str]]:
    """(number of cases run, mismatches) over every golden file."""
    count, problems = 0, []
    for f in golden_files(folder):
        try:
            cases = load_golden(f)
        except (ValueError, tomllib.TOMLDecodeError) as exc:
            problems.append(str(exc))
            continue
        for gc in cases:
            count += 1
            problems.extend(f"{f.name}: {p}" for p in run_case(gc))
    return count, problems

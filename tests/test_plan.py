"""The plain-language plan: its text, the PDF (escaped, accents kept) and the .ics file."""

from __future__ import annotations

import re
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from tui_support import RECORD

from expunge.law.engine import assess
from expunge.plan import build_plan, plan_text
from expunge.plan.ics import plan_ics
from expunge.plan.pdf import plan_pdf_bytes, write_plan_pdf
from expunge.record import Record

AS_OF = date(2026, 6, 30)


def _record(**person: object) -> Record:
    record = Record.model_validate(RECORD)
    record.cases[0].supervision_end = "2022-07-01"
    for key, value in person.items():
        setattr(record.person, key, value)
    return record


def test_plan_sorts_cases_by_when() -> None:
    record = _record()
    plan = build_plan(record, assess(record, AS_OF, today=AS_OF))
    # the automatic path should already have run: the plan says to check it
    assert [i.case_id for i in plan.now] == ["c1"]
    assert "should already have been expunged" in plan.now[0].sentence
    text = plan_text(plan)
    assert "CAN BE CLEARED NOW" in text
    assert "Sample Person" in text
    assert "legal information, not legal advice" in text
    # as of a date before the automatic date, it is a future date with a reminder
    early = date(2022, 1, 1)
    plan = build_plan(record, assess(record, early, today=AS_OF))
    assert [(i.case_id, i.status, i.when) for i in plan.later] == [
        ("c1", "automatic", "2022-07-01")
    ]
    assert [(d, what) for d, what, _ in plan.reminders()] == [
        ("2022-07-01", "automatic date"),
        ("2022-09-29", "check it was done"),
    ]


def test_unknown_facts_go_to_find_out() -> None:
    record = Record.model_validate(RECORD)  # supervision end unknown
    record.cases[0].supervised = None
    plan = build_plan(record, assess(record, AS_OF, today=AS_OF))
    assert [i.case_id for i in plan.unknown] == ["c1"]
    assert any("supervision" in q for q in plan.unknown[0].questions)
    assert plan.reminders() == []


def test_unmodeled_state_says_so() -> None:
    record = Record.model_validate({"cases": [{"id": "c1", "state": "WY"}]})
    plan = build_plan(record, assess(record, AS_OF, today=AS_OF))
    assert plan.not_available[0].sentence.startswith("WY is not covered by this tool yet")


def test_pdf_keeps_accents_and_escapes_markup(tmp_path: Path) -> None:
    name = 'José Nguyễn <img src="http://example.invalid/x.png"/> & <b>'
    record = _record(name=name)
    record.cases[0].county = "Lane <script>"
    plan = build_plan(record, assess(record, AS_OF, today=AS_OF))
    out = write_plan_pdf(plan, tmp_path / "sub" / "plan.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "José Nguyễn" in text
    assert '<img src="http://example.invalid/x.png"/>' in text  # shown as text, not fetched
    assert "Lane <script>" in text
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
        if "/BaseFont" in f.get_object()
    }
    assert fonts and all("DejaVuSans" in f for f in fonts)  # embedded TTF, no Helvetica
    assert reader.metadata is not None and "Sample" not in str(reader.metadata)


def test_pdf_is_a_pdf() -> None:
    record = _record()
    data = plan_pdf_bytes(build_plan(record, assess(record, AS_OF, today=AS_OF)))
    assert data.startswith(b"%PDF-")


def test_ics_is_rfc5545_and_carries_no_personal_data() -> None:
    record = _record(name="Test Youth")
    record.cases[0].docket = "J-000-TEST"
    plan = build_plan(record, assess(record, date(2022, 1, 1), today=AS_OF))
    text = plan_ics(plan, "f" * 32, stamp=datetime(2026, 6, 30, 12, 0, tzinfo=UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    unfolded = text.replace("\r\n ", "")
    events = re.findall(r"BEGIN:VEVENT.*?END:VEVENT", unfolded, re.S)
    assert len(events) == 2
    first = events[0]
    assert "DTSTART;VALUE=DATE:20220701" in first
    assert "DTEND;VALUE=DATE:20220702" in first
    assert "SUMMARY:Record expungement: automatic date (case c1)" in first
    assert "BEGIN:VALARM" in first and "TRIGGER:-P7D" in first
    assert "DTSTAMP:20260630T120000Z" in first
    for private in ("Test Youth", "J-000-TEST", "Lane", "Theft", "2003-05-10"):
        assert private not in text
    uids = re.findall(r"UID:(\S+)", unfolded)
    assert len(set(uids)) == 2
    again = plan_ics(plan, "f" * 32, stamp=datetime(2026, 6, 30, 12, 0, tzinfo=UTC))
    assert again == text  # stable UIDs: re-importing updates instead of duplicating


@pytest.mark.parametrize("text", ["a,b;c\\d\ne", "ü" * 80])
def test_ics_escaping_and_folding(text: str) -> None:
    from expunge.plan.ics import _escape, _fold

    escaped = _escape(text)
    assert "\n" not in escaped
    lines = _fold("DESCRIPTION:" + escaped)
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "".join(line.removeprefix(" ") if i else line for i, line in enumerate(lines)) == (
        "DESCRIPTION:" + escaped
    )

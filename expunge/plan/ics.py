"""Reminders as an iCalendar file (RFC 5545), written by hand: all-day events with an alarm.

Each event says only what kind of date it is and which case number ("Record sealing:
eligible date (case c2)"): no name, docket, offense or court, so a synced calendar leaks
nothing about the person.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from expunge.plan.text import Plan, kind_noun

PRODID = "-//expunge//intake plan//EN"
ALARM_DAYS_BEFORE = 7


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a character."""
    out: list[str] = []
    current = ""
    limit = 75
    for ch in line:
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return out


def _uid(intake_id: str, case_id: str, path_id: str, what: str, day: str) -> str:
    digest = hashlib.sha256(f"{intake_id}|{case_id}|{path_id}|{what}|{day}".encode()).hexdigest()
    return f"{digest[:32]}@expunge.invalid"


def plan_ics(plan: Plan, intake_id: str, *, stamp: datetime | None = None) -> str:
    """The calendar text (CRLF line ends), one all-day event per future date of the plan."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for day, what, item in plan.reminders():
        d = date.fromisoformat(day)
        noun = kind_noun(item.kind).capitalize()
        summary = f"Record {noun.lower()}: {what} (case {item.case_id})"
        if what == "eligible date":
            detail = "From this date the record can be cleared: file the request."
        elif what == "automatic date":
            detail = "The law clears this record on this date: no request is needed."
        else:
            detail = "The agency had to clear this record by this date: check that it was done."
        law = "; ".join(item.cites)
        description = f"{detail} Rule: {item.path_title}" + (f" ({law})." if law else ".")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(intake_id, item.case_id, item.path_id or '', what, day)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{d.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(d + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            f"TRIGGER:-P{ALARM_DAYS_BEFORE}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))

"""Record facts in the words and formats a court paper uses.

Dates: official forms want ``MM/DD/YYYY``; pleadings spell them out ("June 1, 2019"). A
date known only to the month or year stays as precise as it is ("06/2019", "June 2019"),
never padded with an invented day.
"""

from __future__ import annotations

import re
from datetime import date

from expunge import dates
from expunge.dates import parse_partial
from expunge.record import Case, Offense, Record

BLANK = "____________________"

OUTCOME_WORDS = {
    "not_filed": "no petition was filed",
    "diversion": "diversion",
    "informal_adjustment": "an informal adjustment",
    "consent_decree": "a consent decree (supervision)",
    "nonjudicial_adjustment": "a nonjudicial adjustment",
    "dismissed": "dismissal",
    "not_delinquent": "a finding of not delinquent",
    "adjudicated": "an adjudication of delinquency",
    "convicted": "a conviction",
    "pending": "no final outcome yet (pending)",
}

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}


def _parts(value: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a stored date; month and day are None when not known."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if m:
        y, mo, d = m.groups()
        return int(y), int(mo) if mo else None, int(d) if d else None
    span = parse_partial(value)
    return span.lo.year, span.lo.month, span.lo.day


def is_exact(value: str | None) -> bool:
    return value is not None and _parts(value)[2] is not None


def us_date(value: str | None) -> str:
    """``MM/DD/YYYY`` (or ``MM/YYYY`` / ``YYYY`` for an approximate date); '' when unknown."""
    if not value:
        return ""
    y, m, d = _parts(value)
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{m:02d}/{y:04d}"
    return f"{m:02d}/{d:02d}/{y:04d}"


def long_date(value: str | None) -> str:
    """'June 1, 2019' (or 'June 2019' / '2019'); '' when unknown."""
    if not value:
        return ""
    y, m, d = _parts(value)
    if m is None:
        return str(y)
    month = date(2000, m, 1).strftime("%B")
    return f"{month} {y}" if d is None else f"{month} {d}, {y}"


def split_name(name: str) -> tuple[str, str, str]:
    """(first, middle, last) from one name string; a suffix stays with the last name.

    Names do not split reliably (the caller notes that the split needs checking).
    """
    words = name.split()
    if not words:
        return "", "", ""
    suffix = ""
    if len(words) > 2 and words[-1].strip("<>().,").lower() in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return words[0], "", suffix
    last = words[-1] + (f" {suffix}" if suffix else "")
    return words[0], " ".join(words[1:-1]), last


def section_text(section: str | None) -> str:
    """A section as cited: code-named sections stay as written, bare numbers get '§'."""
    if not section:
        return ""
    s = section.strip()
    return s if re.search(r"[A-Za-z]", s) else f"§ {s}"


def level_text(o: Offense) -> str:
    if not o.level:
        return ""
    if o.offense_class:
        return f"Class {o.offense_class} {o.level}"
    return o.level


def offense_text(o: Offense, *, with_level: bool = True) -> str:
    """'Theft II (§ 164.045), Class A misdemeanor'."""
    name = o.description or "offense"
    sec = section_text(o.section)
    out = f"{name} ({sec})" if sec else name
    lvl = level_text(o) if with_level else ""
    return f"{out}, {lvl}" if lvl else out


def offenses_text(case: Case, *, with_level: bool = True) -> str:
    return "; ".join(offense_text(o, with_level=with_level) for o in case.offenses)


def age_on(record: Record, when: str | None) -> int | None:
    """Age in whole years on a date, when both dates are exact enough to know it."""
    if not record.person.dob or not when:
        return None
    dob = parse_partial(record.person.dob)
    day = parse_partial(when)
    lo, hi = dates.age_on(dob.hi, day.lo, "mar1"), dates.age_on(dob.lo, day.hi, "mar1")
    return lo if lo == hi else None


def demographic(record: Record, *keys: str) -> str:
    """A self-reported demographic value, looked up by any of the given keys."""
    demo = {k.lower(): v for k, v in record.person.demographics.items()}
    for k in keys:
        v = demo.get(k)
        if v:
            return v.strip()
    return ""

"""Calendar arithmetic for legal time periods.

Statutes count in calendar years and months, never in day counts or 365.25-day years.
"N years after X" lands on the anniversary of X. A 29 February start in a non-leap end
year needs an explicit choice, made per statute file: ``feb28`` (the last day of February,
as dateutil's relativedelta clips) or ``mar1`` (the day after 28 February).

Facts may be approximate ("2019", "2019-06"), so most functions work on a ``Span``:
the earliest and latest day the fact can be. An exact date is a span of one day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

LeapRule = Literal["feb28", "mar1"]


@dataclass(frozen=True, slots=True)
class Span:
    """A day that is known to lie between ``lo`` and ``hi`` (inclusive)."""

    lo: date
    hi: date

    @classmethod
    def exact(cls, d: date) -> Span:
        return cls(d, d)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi

    def __str__(self) -> str:
        if self.is_exact:
            return self.lo.isoformat()
        return f"between {self.lo.isoformat()} and {self.hi.isoformat()}"

    def map(self, fn: Callable[[date], date]) -> Span:
        return Span(fn(self.lo), fn(self.hi))


def add_years(d: date, years: int, leap: LeapRule = "feb28") -> date:
    """The anniversary ``years`` after ``d``; 29 Feb follows the ``leap`` rule."""
    if d.month == 2 and d.day == 29 and not calendar.isleap(d.year + years):
        return date(d.year + years, 3, 1) if leap == "mar1" else date(d.year + years, 2, 28)
    return d.replace(year=d.year + years)


def add_months(d: date, months: int, leap: LeapRule = "feb28") -> date:
    """The same day ``months`` later; a day past the month's end follows the ``leap`` rule.

    ``mar1`` rolls a missing day (31 Jan + 1 month) to the first of the next month,
    ``feb28`` clips it to the month's last day.
    """
    clipped = d + relativedelta(months=months)
    if clipped.day != d.day and leap == "mar1":
        return clipped + timedelta(days=1)
    return clipped


def add_period(
    d: date, *, years: int = 0, months: int = 0, days: int = 0, leap: LeapRule = "feb28"
) -> date:
    """Years first (anniversary), then months, then days (used only where a statute counts days)."""
    out = add_years(d, years, leap) if years else d
    if months:
        out = add_months(out, months, leap)
    if days:
        out = out + timedelta(days=days)
    return out


def birthday(dob: date, age: int, leap: LeapRule = "feb28") -> date:
    """The day a person born on ``dob`` attains ``age`` (the Nth birthday)."""
    return add_years(dob, age, leap)


def age_on(dob: date, on: date, leap: LeapRule = "feb28") -> int:
    """Completed years of age on ``on``."""
    years = on.year - dob.year
    if birthday(dob, years, leap) > on:
        years -= 1
    return years


def latest(spans: list[Span]) -> Span:
    """'Whichever is later': the later of each bound."""
    return Span(max(s.lo for s in spans), max(s.hi for s in spans))


def earliest(spans: list[Span]) -> Span:
    """'Whichever is earlier': the earlier of each bound."""
    return Span(min(s.lo for s in spans), min(s.hi for s in spans))


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class DateInputError(ValueError):
    """A typed date that is not a real calendar day.

    ``str(exc)`` quotes what was typed (for the person typing it); ``bare`` says the same
    without the typed value, for messages that may be seen by others (files, batch output).
    """

    def __init__(self, message: str, typed: str = "", bare: str | None = None) -> None:
        super().__init__(message)
        self.bare = bare or "not a valid date (use YYYY-MM-DD or MM/DD/YYYY)"


def parse_partial(text: str) -> Span:
    """Parse ``YYYY-MM-DD``, ``MM/DD/YYYY``, ``YYYY-MM`` or ``YYYY`` into a span.

    Raises ``DateInputError`` with a message naming the problem, never the raw value
    beyond the typed text itself.
    """
    s = text.strip()
    m = _US.match(s)
    if m:
        month, day, year = (int(g) for g in m.groups())
        return Span.exact(_real_day(year, month, day, s))
    m = _PARTIAL.match(s)
    if not m:
        raise DateInputError(
            f"'{s}' is not a date: use YYYY-MM-DD or MM/DD/YYYY "
            "(or YYYY-MM / YYYY when only the month or year is known)",
            s,
        )
    year = int(m.group(1))
    if m.group(3):
        return Span.exact(_real_day(year, int(m.group(2)), int(m.group(3)), s))
    if m.group(2):
        month = int(m.group(2))
        if not 1900 <= year <= LATEST_YEAR:
            raise DateInputError(
                f"'{s}': year {year} is out of range (1900-{LATEST_YEAR})",
                s,
                f"the year is out of range (1900-{LATEST_YEAR})",
            )
        if not 1 <= month <= 12:
            raise DateInputError(
                f"'{s}': month {month} does not exist (1-12)", s, "the month does not exist (1-12)"
            )
        last = calendar.monthrange(year, month)[1]
        return Span(date(year, month, 1), date(year, month, last))
    if year < 1900:
        raise DateInputError(f"'{s}': year {year} is too early", s, "the year is too early")
    if year > LATEST_YEAR:
        raise DateInputError(f"'{s}': year {year} is too late", s, "the year is too late")
    return Span(date(year, 1, 1), date(year, 12, 31))


LATEST_YEAR = 2199  # later years are typos; they would also overflow waiting periods


def _real_day(year: int, month: int, day: int, typed: str) -> date:
    if year < 1900:
        raise DateInputError(f"'{typed}': year {year} is too early", typed, "the year is too early")
    if year > LATEST_YEAR:
        raise DateInputError(f"'{typed}': year {year} is too late", typed, "the year is too late")
    if not 1 <= month <= 12:
        raise DateInputError(
            f"'{typed}': month {month} does not exist (1-12)",
            typed,
            "the month does not exist (1-12)",
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateInputError(
            f"'{typed}': {calendar.month_name[month]} {year} has {last} days, not {day}",
            typed,
            "the day does not exist in that month",
        )
    return date(year, month, day)

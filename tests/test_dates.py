from datetime import date

import pytest

from expunge.dates import (
    DateInputError,
    Span,
    add_months,
    add_period,
    add_years,
    age_on,
    birthday,
    earliest,
    latest,
    parse_partial,
)


def test_anniversary_is_same_calendar_day() -> None:
    assert add_years(date(2022, 7, 1), 4) == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("rule", "expected"), [("feb28", date(2026, 2, 28)), ("mar1", date(2026, 3, 1))]
)
def test_leap_day_rule_is_explicit(rule: str, expected: date) -> None:
    assert add_years(date(2008, 2, 29), 18, rule) == expected  # type: ignore[arg-type]


def test_leap_day_to_leap_year_needs_no_rule() -> None:
    assert add_years(date(2020, 2, 29), 4, "mar1") == date(2024, 2, 29)


def test_months_past_month_end() -> None:
    assert add_months(date(2023, 8, 31), 6, "feb28") == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1, "feb28") == date(2023, 2, 28)
    assert add_months(date(2023, 1, 31), 1, "mar1") == date(2023, 3, 1)


def test_days_only_where_a_statute_counts_days() -> None:
    assert add_period(date(2025, 4, 1), days=90) == date(2025, 6, 30)


def test_age_and_birthday() -> None:
    dob = date(2005, 3, 15)
    assert birthday(dob, 18) == date(2023, 3, 15)
    assert age_on(dob, date(2023, 3, 14)) == 17
    assert age_on(dob, date(2023, 3, 15)) == 18


def test_whichever_is_later_and_earlier() -> None:
    a, b = Span.exact(date(2020, 1, 1)), Span(date(2019, 1, 1), date(2021, 1, 1))
    assert latest([a, b]) == Span(date(2020, 1, 1), date(2021, 1, 1))
    assert earliest([a, b]) == Span(date(2019, 1, 1), date(2020, 1, 1))


def test_parse_formats() -> None:
    assert parse_partial("2019-06-14") == Span.exact(date(2019, 6, 14))
    assert parse_partial("06/14/2019") == Span.exact(date(2019, 6, 14))
    assert parse_partial("2019-06") == Span(date(2019, 6, 1), date(2019, 6, 30))
    assert parse_partial("2019") == Span(date(2019, 1, 1), date(2019, 12, 31))


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2019-02-30", "has 28 days"),
        ("2019-13-01", "month 13"),
        ("14/06/2019", "month 14"),
        ("yesterday", "not a date"),
        ("1850-01-01", "too early"),
        ("9999-06-01", "too late"),
        ("9999-06", "out of range"),
    ],
)
def test_bad_dates_say_what_is_wrong(typed: str, words: str) -> None:
    with pytest.raises(DateInputError, match=words):
        parse_partial(typed)

"""The batch column set, and one row → checked facts → the record the engine reads.

One row is one case (or, with ``kind`` set, one other adjudication, conviction or pending
charge of the person). A person's rows share ``person_id`` and must be next to each other
in the file; the person fields (``dob``, ``history_complete``, ``person_answers``, the
demographic columns) may be given on any of them and must not disagree.

A case with several offenses lists them in the offense columns separated by ``|``; every
offense column that is filled must list the same number. Answers are ``id=yes;id=no``.
Blank always means "not known". Every check here is stricter than or equal to the record
model's own validation, and messages name the column, never the value typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, get_args

from expunge.dates import DateInputError, parse_partial
from expunge.record import EventKind, Level, Outcome


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    scope: str  # person | case | offense | event
    what: str
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("person_id", "person", "Required. Groups one person's rows (rows must be together)."),
    Column("name", "person", "Optional; read but never used or written anywhere."),
    Column("dob", "person", "Date of birth: YYYY-MM-DD, MM/DD/YYYY, YYYY-MM or YYYY."),
    Column(
        "history_complete",
        "person",
        "yes when the rows list every other case, adjudication, conviction and pending charge.",
    ),
    Column("person_answers", "person", "Person questions: id=yes;id=no (expunge statutes show)."),
    Column("race", "person", "Optional, for the summary only."),
    Column("ethnicity", "person", "Optional, for the summary only."),
    Column("gender", "person", "Optional, for the summary only."),
    Column(
        "kind",
        "case",
        "Blank or 'case' for a case to screen; juvenile_adjudication, adult_conviction or"
        " pending_charge for another record that rules look at (not screened itself).",
    ),
    Column("case_id", "case", "Required. Unique within the person (1-40 characters)."),
    Column("state", "case", "Required for cases: two-letter code (OR, WA, ...)."),
    Column("court_type", "case", "juvenile (default) or adult."),
    Column("county", "case", "Optional: used for the summary only."),
    Column("arrest_date", "case", "Date of arrest or referral."),
    Column("petition_date", "case", "Date the petition was filed."),
    Column("outcome", "case", "not_filed, diversion, informal_adjustment, ... (see README)."),
    Column(
        "outcome_date", "case", "Disposition date (for other records: adjudication/charge date)."
    ),
    Column("supervised", "case", "yes/no: probation, supervision or commitment."),
    Column("supervision_end", "case", "End of supervision / discharge (may be in the future)."),
    Column("confined", "case", "yes/no."),
    Column("release_date", "case", "Release from confinement or parole."),
    Column("restitution_owed", "case", "yes/no: is restitution still owed?"),
    Column("registration_required", "case", "yes/no: sex-offender registration required?"),
    Column("case_answers", "case", "Case questions: id=yes;id=no."),
    Column("cleared", "case", "yes/no: already sealed or expunged (for the summary)."),
    Column("set_aside", "event", "yes/no: for other records, was it set aside or vacated?"),
    Column("offense_description", "offense", "Offense names; several separated by |."),
    Column("offense_section", "offense", "Statute sections, e.g. 164.045; several by |."),
    Column("offense_level", "offense", "felony, misdemeanor, violation, infraction, status."),
    Column("offense_class", "offense", "Class within the level: A, B, gross, ..."),
    Column("offense_date", "offense", "Offense dates; several separated by |."),
    Column(
        "offense_categories",
        "offense",
        "Category answers per offense: id=yes;id=no, offenses separated by |.",
    ),
)
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED = ("person_id", "case_id", "state")
DEMOGRAPHICS = ("race", "ethnicity", "gender")
_OFFENSE_COLS = tuple(c.name for c in COLUMNS if c.scope == "offense")
_PERSON_KEY_COLS = ("dob", "history_complete", "person_answers", *DEMOGRAPHICS)

LEVELS: frozenset[str] = frozenset(get_args(Level))
OUTCOMES: tuple[str, ...] = get_args(Outcome)
EVENT_KINDS: frozenset[str] = frozenset(get_args(EventKind))
# Codes that are states or territories: any other two letters is a typo, not "not modeled".
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH"
    " NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
)
US_STATES = frozenset(_STATE_CODES.split(" "))
_TRUE = frozenset({"yes", "y", "true", "t", "1"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})
_UNKNOWN = frozenset({"", "unknown", "?", "u"})
_ID = re.compile(r"^[a-z0-9_]+$")


class RowError(ValueError):
    """A problem with one row: ``kind`` for the summary, message safe to show."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class OffenseFacts(NamedTuple):
    description: str | None
    section: str | None
    level: str | None
    offense_class: str | None
    offense_date: str | None
    categories: tuple[tuple[str, bool | None], ...]


class CaseFacts(NamedTuple):
    case_id: str
    kind: str  # "case" or an event kind
    state: str | None
    court_type: str
    county: str | None
    arrest_date: str | None
    petition_date: str | None
    outcome: str | None
    outcome_date: str | None
    supervised: bool | None
    supervision_end: str | None
    confined: bool | None
    release_date: str | None
    restitution_owed: bool | None
    registration_required: bool | None
    answers: tuple[tuple[str, bool | None], ...]
    cleared: bool | None
    set_aside: bool | None
    offenses: tuple[OffenseFacts, ...]


class PersonFacts(NamedTuple):
    """The person columns of one row, as given (None: blank on this row)."""

    dob: str | None
    history_complete: bool | None
    answers: tuple[tuple[str, bool | None], ...]
    race: str | None
    ethnicity: str | None
    gender: str | None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the statute files know: answer ids must exist, so a typo fails loudly."""

    modeled: frozenset[str]
    person_questions: frozenset[str]
    case_questions: dict[str, frozenset[str]]
    categories: dict[str, frozenset[str]]

    @classmethod
    def load(cls) -> Vocabulary:
        from expunge.law.library import available_states, load_state

        modeled, person, case_q, cats = set(), set(), {}, {}
        for st in available_states():
            law = load_state(st)  # raises StatuteFileError for a broken file
            modeled.add(st)
            person.update(k for k, q in law.questions.items() if q.scope == "person")
            case_q[st] = frozenset(k for k, q in law.questions.items() if q.scope == "case")
            cats[st] = frozenset(law.categories)
        return cls(frozenset(modeled), frozenset(person), case_q, cats)


@lru_cache(maxsize=65536)
def _date(value: str) -> str:
    """A checked date, stored as the record model stores it (exact dates as ISO)."""
    span = parse_partial(value)
    return span.lo.isoformat() if span.is_exact else value


def _date_problem(exc: DateInputError) -> str:
    # the engine's message quotes the typed text (and may name its month and year): a
    # date of birth must not leak into an error line, so only the kind of problem is said
    text = str(exc)
    if "days, not" in text:
        return "that month does not have that many days"
    if "does not exist" in text:
        return "the month must be 1-12"
    if "too early" in text:
        return "the year is too early"
    return "not a date: use YYYY-MM-DD, MM/DD/YYYY, YYYY-MM or YYYY"


def check_date(col: str, value: str) -> str | None:
    if not value:
        return None
    try:
        return _date(value)
    except DateInputError as exc:
        raise RowError("bad date", f"{col}: {_date_problem(exc)}") from None


def check_bool(col: str, value: str) -> bool | None:
    v = value.lower()
    if v in _UNKNOWN:
        return None
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise RowError("bad value", f"{col}: use yes, no or leave blank")


def check_answers(
    col: str, value: str, known: frozenset[str] | None
) -> tuple[tuple[str, bool | None], ...]:
    """'id=yes;id=no' → sorted pairs. ``known`` None: any well-formed id."""
    if not value:
        return ()
    return _answers(col, value, known)


@lru_cache(maxsize=16384)  # the same answer strings recur row after row
def _answers(
    col: str, value: str, known: frozenset[str] | None
) -> tuple[tuple[str, bool | None], ...]:
    out: dict[str, bool | None] = {}
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        key, eq, answer = part.partition("=")
        key = key.strip().lower()
        if not eq or not _ID.match(key):
            raise RowError("bad value", f"{col}: write answers as id=yes;id=no")
        if known is not None and key not in known:
            raise RowError("bad value", f"{col}: '{key}' is not a question id for this row")
        if key in out:
            raise RowError("bad value", f"{col}: '{key}' is answered twice")
        out[key] = check_bool(f"{col} {key}", answer.strip())
    return tuple(sorted(out.items()))


def check_choice(col: str, value: str, allowed: frozenset[str] | tuple[str, ...]) -> str | None:
    if not value:
        return None
    v = value.lower()
    if v not in allowed:
        listed = f"one of {', '.join(sorted(allowed))}" if len(allowed) < 8 else "see README"
        raise RowError("bad value", f"{col}: not a known value ({listed})")
    return v


def _text(value: str) -> str | None:
    return value or None


def _offenses(
    get: dict[str, str], state: str | None, vocab: Vocabulary
) -> tuple[OffenseFacts, ...]:
    values = tuple(get.get(c, "") for c in _OFFENSE_COLS)
    if not any(values):
        return ()
    known_cats = vocab.categories.get(state or "") if state in vocab.modeled else None
    return _offense_list(values, known_cats)


@lru_cache(maxsize=16384)
def _offense_list(
    values: tuple[str, ...], known_cats: frozenset[str] | None
) -> tuple[OffenseFacts, ...]:
    lists = {c: v.split("|") for c, v in zip(_OFFENSE_COLS, values, strict=True) if v}
    counts = {len(v) for v in lists.values()}
    if len(counts) > 1:
        detail = ", ".join(f"{c} {len(v)}" for c, v in lists.items())
        raise RowError("offense lists", f"offense columns list different numbers ({detail})")
    n = counts.pop()
    out = []
    for i in range(n):

        def at(col: str, i: int = i) -> str:
            v = lists.get(col)
            return v[i].strip() if v else ""

        where = f" (offense {i + 1})" if n > 1 else ""
        out.append(
            OffenseFacts(
                description=_text(at("offense_description")),
                section=_text(at("offense_section")),
                level=check_choice(f"offense_level{where}", at("offense_level"), LEVELS),
                offense_class=_text(at("offense_class")),
                offense_date=check_date(f"offense_date{where}", at("offense_date")),
                categories=check_answers(
                    f"offense_categories{where}", at("offense_categories"), known_cats
                ),
            )
        )
    return tuple(out)


def check_row(get: dict[str, str], vocab: Vocabulary) -> tuple[PersonFacts, CaseFacts]:
    """Check one row (column → stripped text). Raises RowError on the first problem."""
    case_id = get.get("case_id", "")
    if not case_id:
        raise RowError("missing value", "case_id is empty")
    if len(case_id) > 40:
        raise RowError("bad value", "case_id is longer than 40 characters")
    kind = (get.get("kind", "") or "case").lower()
    if kind != "case" and kind not in EVENT_KINDS:
        raise RowError("bad value", "kind: use case, " + ", ".join(sorted(EVENT_KINDS)))
    raw_state = get.get("state", "").upper()
    state: str | None = raw_state or None
    if state is None:
        if kind == "case":
            raise RowError("missing value", "state is empty")
    elif state not in US_STATES:
        raise RowError("unknown state", "state: not a US state or territory code (e.g. OR)")
    court_type = (get.get("court_type", "") or "juvenile").lower()
    if court_type not in ("juvenile", "adult"):
        raise RowError("bad value", "court_type: use juvenile or adult")
    case_known = vocab.case_questions.get(state or "") if state in vocab.modeled else None
    person = PersonFacts(
        dob=check_date("dob", get.get("dob", "")),
        history_complete=check_bool("history_complete", get.get("history_complete", "")),
        answers=check_answers(
            "person_answers", get.get("person_answers", ""), vocab.person_questions
        ),
        race=_text(get.get("race", "")),
        ethnicity=_text(get.get("ethnicity", "")),
        gender=_text(get.get("gender", "")),
    )
    offenses = _offenses(get, state, vocab)
    if kind != "case" and len(offenses) > 1:
        raise RowError("offense lists", "a row for another record takes one offense")
    case = CaseFacts(
        case_id=case_id,
        kind=kind,
        state=state,
        court_type=court_type,
        county=_text(get.get("county", "")),
        arrest_date=check_date("arrest_date", get.get("arrest_date", "")),
        petition_date=check_date("petition_date", get.get("petition_date", "")),
        outcome=check_choice("outcome", get.get("outcome", ""), OUTCOMES),
        outcome_date=check_date("outcome_date", get.get("outcome_date", "")),
        supervised=check_bool("supervised", get.get("supervised", "")),
        supervision_end=check_date("supervision_end", get.get("supervision_end", "")),
        confined=check_bool("confined", get.get("confined", "")),
        release_date=check_date("release_date", get.get("release_date", "")),
        restitution_owed=check_bool("restitution_owed", get.get("restitution_owed", "")),
        registration_required=check_bool(
            "registration_required", get.get("registration_required", "")
        ),
        answers=check_answers("case_answers", get.get("case_answers", ""), case_known),
        cleared=check_bool("cleared", get.get("cleared", "")),
        set_aside=check_bool("set_aside", get.get("set_aside", "")),
        offenses=offenses,
    )
    return person, case


def merge_person(rows: list[PersonFacts]) -> PersonFacts | str:
    """The person's facts from all of their rows, or the name of a column they disagree on."""
    merged: dict[str, Any] = {}
    for p in rows:
        for name, value in zip(PersonFacts._fields, p, strict=True):
            if value is None or value == ():
                continue
            seen = merged.setdefault(name, value)
            if seen != value:
                return name if name != "answers" else "person_answers"
    return PersonFacts(
        **{f: merged.get(f, () if f == "answers" else None) for f in PersonFacts._fields}
    )


def placeholder(i: int) -> str:
    """A stand-in id for the i-th case or record of a person, so that people whose facts are
    the same share one cached assessment; it is swapped back for the real id in the text."""
    return f"\u27e6{i}\u27e7"


def record_dict(
    person: PersonFacts, cases: list[CaseFacts], *, history_complete: bool | None, ids: list[str]
) -> dict[str, Any]:
    """The record (version 1 format) the engine reads; ``ids`` name the cases and events.

    County, name, demographics and ``cleared`` are left out: the engine does not read them
    (county only labels a case), and they are kept for the summary.
    """
    out_cases, events = [], []
    for case, cid in zip(cases, ids, strict=True):
        offenses = [
            {
                "description": o.description,
                "section": o.section,
                "level": o.level,
                "class": o.offense_class,
                "categories": dict(o.categories),
                "offense_date": o.offense_date,
            }
            for o in case.offenses
        ]
        if case.kind == "case":
            out_cases.append(
                {
                    "id": cid,
                    "state": case.state,
                    "court_type": case.court_type,
                    "offenses": offenses,
                    "arrest_date": case.arrest_date,
                    "petition_date": case.petition_date,
                    "outcome": case.outcome,
                    "outcome_date": case.outcome_date,
                    "supervised": case.supervised,
                    "supervision_end": case.supervision_end,
                    "confined": case.confined,
                    "release_date": case.release_date,
                    "restitution_owed": case.restitution_owed,
                    "registration_required": case.registration_required,
                    "answers": dict(case.answers),
                }
            )
        else:
            o = offenses[0] if offenses else {}
            events.append(
                {
                    "id": cid,
                    "kind": case.kind,
                    "state": case.state,
                    "description": o.get("description"),
                    "level": o.get("level"),
                    "class": o.get("class"),
                    "categories": o.get("categories", {}),
                    "date": case.outcome_date,
                    "offense_date": o.get("offense_date"),
                    "set_aside": case.set_aside,
                }
            )
    return {
        "format": "expunge-record",
        "version": 1,
        "person": {"dob": person.dob},
        "history_complete": history_complete,
        "answers": dict(person.answers),
        "cases": out_cases,
        "events": events,
    }


def resolve_header(names: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column name → index, and the names not in the column set (ignored).

    Raises RowError when a required column is missing or a name is repeated.
    """
    index: dict[str, int] = {}
    unknown: list[str] = []
    for i, raw in enumerate(names):
        name = raw.strip().lower()
        if name in index:
            raise RowError("header", f"the column '{name}' appears twice in the header")
        if name in NAMES:
            index[name] = i
        elif name:
            unknown.append(name)
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise RowError(
            "header",
            f"the header lacks the required column(s) {', '.join(missing)} "
            "(see 'expunge batch --template')",
        )
    return index, unknown


TEMPLATE_ROWS: tuple[dict[str, str], ...] = (
    {
        "person_id": "P0001",
        "name": "Sample Person (fictional)",
        "dob": "2003-05-10",
        "history_complete": "yes",
        "person_answers": "or_measure11=no;or_investigation=no",
        "case_id": "c1",
        "state": "OR",
        "county": "Lane",
        "outcome": "adjudicated",
        "outcome_date": "2019-06-01",
        "supervised": "yes",
        "supervision_end": "2022-07-01",
        "confined": "no",
        "restitution_owed": "no",
        "registration_required": "no",
        "cleared": "no",
        "offense_description": "Theft II",
        "offense_section": "164.045",
        "offense_level": "misdemeanor",
        "offense_class": "A",
        "offense_date": "2019-02-01",
        "offense_categories": "or_j_list=no",
    },
    {
        "person_id": "P0001",
        "kind": "adult_conviction",
        "case_id": "e1",
        "state": "WA",
        "outcome_date": "2024-03-01",
        "set_aside": "no",
        "offense_description": "Driving without a licence",
        "offense_level": "misdemeanor",
        "offense_date": "2024-01-10",
    },
    {
        "person_id": "P0002",
        "name": "Test Youth (fictional)",
        "dob": "2006",
        "case_id": "2020-J-7",
        "state": "WA",
        "outcome": "diversion",
        "outcome_date": "2021-03",
        "offense_description": "Theft 3|Criminal trespass 2",
        "offense_level": "misdemeanor|misdemeanor",
    },
)


def template_csv() -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(NAMES)
    for row in TEMPLATE_ROWS:
        w.writerow([row.get(c, "") for c in NAMES])
    return buf.getvalue()


def columns_help() -> str:
    width = max(len(n) for n in NAMES)
    lines = [f"{c.name:<{width}}  {c.scope:<7} {c.what}" for c in COLUMNS]
    return "\n".join(lines)

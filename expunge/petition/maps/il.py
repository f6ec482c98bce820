"""Illinois juvenile expungement (705 ILCS 405/5-915): ATJ 2951.5 Request, ATJ 2954.4
Additional Juvenile Records (continuation sheets), ATJ 2956.4 proposed Order; all 07/26.

The Request holds 10 arrests; each continuation sheet 5 more, as many sheets as needed.
The Order lists 10 case numbers; more go on further copies of the Order with "I have
attached an additional Order form" checked. One Request per county.
"""

from __future__ import annotations

from expunge.petition.acroform import Part
from expunge.petition.facts import offense_text, us_date
from expunge.petition.maps import Built, FormMap
from expunge.petition.model import CaseItem, PetitionError, PetitionInput
from expunge.petition.registry import FormSet

REQUEST_ROWS = 10
SHEET_ROWS = 5
ORDER_ROWS = 10
_ROW = ("number", "lern", "agency", "charges", "date", "outcome")


def _rows(n: int) -> dict[str, str]:
    return {f"arrest_{i}_{c}": "text" for i in range(1, n + 1) for c in _ROW}


_CAPTION = {
    "filing_county": "text",
    "other_names": "text",
    "user_birth_date": "text",
    "ir_number": "text",
    "case_number": "text",
}

REQUEST = FormMap(
    "ATJ 2951.5 (07/26)",
    {
        **_CAPTION,
        "user_name_1": "text",
        "user_name_2": "text",
        **_rows(REQUEST_ROWS),
        "additional_arrests": "checkbox",
        "subsection_1": "checkbox",
        "subsection_2": "checkbox",
    },
    frozenset({"user_name_1", "user_name_2", "other_names", "user_birth_date", "ir_number"}),
)
ADDITIONAL = FormMap(
    "ATJ 2954.4 (07/26)",
    {**_CAPTION, "user_name": "text", **_rows(SHEET_ROWS)},
    frozenset({"user_name", "other_names", "user_birth_date", "ir_number"}),
)
ORDER = FormMap(
    "ATJ 2956.4 (07/26)",
    {
        **_CAPTION,
        "user_name_1": "text",
        "user_name_2": "text",
        **{f"arrest_{i}_number": "text" for i in range(1, ORDER_ROWS + 1)},
        "additional_order": "checkbox",
    },
    frozenset({"user_name_1", "user_name_2", "other_names", "user_birth_date", "ir_number"}),
)
MAPS = {
    "il_atj_2951_5_0726": REQUEST,
    "il_atj_2954_4_0726": ADDITIONAL,
    "il_atj_2956_4_0726": ORDER,
}


def outcome_code(item: CaseItem) -> str:
    """The form's outcome abbreviation (A, S, FA, ND, BC, D); '' when it cannot be told."""
    c = item.case
    if c.outcome in ("not_filed", "diversion", "informal_adjustment", "nonjudicial_adjustment"):
        return "A"
    if c.outcome == "consent_decree":
        return "S"
    if c.outcome == "not_delinquent":
        return "ND"
    if c.outcome == "dismissed":
        return "D"
    if c.outcome == "adjudicated":
        pairs = [(o.level, (o.offense_class or "").upper()) for o in c.offenses]
        if any(lv == "felony" or (lv == "misdemeanor" and cl == "A") for lv, cl in pairs):
            return "FA"
        if pairs and all(
            lv in ("violation", "infraction") or (lv == "misdemeanor" and cl in ("B", "C"))
            for lv, cl in pairs
        ):
            return "BC"
    return ""


def _row(i: int, item: CaseItem) -> dict[str, str]:
    c = item.case
    return {
        f"arrest_{i}_number": c.docket or "",
        f"arrest_{i}_charges": "; ".join(offense_text(o) for o in c.offenses),
        f"arrest_{i}_date": us_date(c.arrest_date),
        f"arrest_{i}_outcome": outcome_code(item),
    }


def _labels(items: list[CaseItem]) -> dict[str, str]:
    """Addendum headings for the table cells, naming the row's case."""
    out: dict[str, str] = {}
    for n, item in enumerate(items, start=1):
        case = item.case.docket or f"case {item.case.id}"
        for col, word in (("charges", "Charges"), ("number", "Case number")):
            out[f"arrest_{n}_{col}"] = f"{word}, row {n} ({case})"
    return out


def build(inp: PetitionInput, fs: FormSet) -> Built:
    counties = {(i.case.county or "").strip().lower() for i in inp.items}
    if len(counties) > 1:
        raise PetitionError(
            "Illinois takes one Request per county: these cases are in different counties;"
            " write one petition per county"
        )
    items = list(inp.items)
    caption = {
        "filing_county": inp.county,
        "other_names": "; ".join(inp.record.person.aliases),
        "user_birth_date": us_date(inp.record.person.dob),
    }
    notes: list[str] = []
    paths = {i.path.path_id for i in items if i.path}
    request: dict[str, str | bool] = {
        **caption,
        "user_name_1": inp.name,
        "user_name_2": inp.name,
        "subsection_1": any(p.startswith("il-5-915-1") for p in paths),
        "subsection_2": "il-5-915-2" in paths,
        "additional_arrests": len(items) > REQUEST_ROWS,
    }
    for n, item in enumerate(items[:REQUEST_ROWS], start=1):
        request.update(_row(n, item))
    parts = [Part("request", fs.forms["request"].path, request, _labels(items[:REQUEST_ROWS]))]
    rest = items[REQUEST_ROWS:]
    for sheet, start in enumerate(range(0, len(rest), SHEET_ROWS), start=1):
        values: dict[str, str | bool] = {**caption, "user_name": inp.name}
        for n, item in enumerate(rest[start : start + SHEET_ROWS], start=1):
            values.update(_row(n, item))
        labels = _labels(rest[start : start + SHEET_ROWS])
        parts.append(Part(f"additional_{sheet}", fs.forms["additional"].path, values, labels))
    chunks = [items[i : i + ORDER_ROWS] for i in range(0, len(items), ORDER_ROWS)]
    for k, chunk in enumerate(chunks, start=1):
        values = {
            **caption,
            "user_name_1": inp.name,
            "user_name_2": inp.name,
            "additional_order": len(chunks) > 1,
        }
        for n, item in enumerate(chunk, start=1):
            values[f"arrest_{n}_number"] = item.case.docket or ""
        parts.append(Part(f"order_{k}", fs.forms["order"].path, values))

    notes.append(
        "Fill in by hand for each arrest: the law enforcement record number (CB or DCN) and"
        " the arresting agency (the record does not hold them), and the phone, email and"
        " address on page 4; check 'I am completing this form for myself' or the lawyer box;"
        " sign page 4. File the 'Case List for Request to Expunge Juvenile Records' at the"
        " same time (not shipped with expunge)."
    )
    if any(not i.case.docket for i in items):
        notes.append("An arrest without a case number: the Circuit Clerk may assign one.")
    if any(not outcome_code(i) for i in items):
        notes.append("An outcome code could not be told from the record: fill it in by hand.")
    if any(not i.case.arrest_date for i in items):
        notes.append("An arrest date is unknown: fill it in by hand.")
    return Built(parts, notes)

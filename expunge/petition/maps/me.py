"""Maine: JV-043 Petition to Seal Juvenile Case Records (Rev. 12/21), 15 M.R.S. § 3308-C(10)(A).

One form per docket; several cases give several copies. The gender boxes are three
separate checkboxes: at most one is checked, and only when the record says which.
"""

from __future__ import annotations

from expunge.petition.acroform import Part
from expunge.petition.facts import demographic, us_date
from expunge.petition.maps import Built, FormMap
from expunge.petition.model import PetitionInput
from expunge.petition.registry import FormSet

_DOB = "The abovenamed juvenile whose date of birth is mmddyyyy"
_GENDER_BOX = {"male": "Check Box1", "female": "Check Box2", "other": "Check Box3"}
_GENDER_WORDS = {
    "m": "male",
    "male": "male",
    "man": "male",
    "boy": "male",
    "f": "female",
    "female": "female",
    "woman": "female",
    "girl": "female",
    "x": "other",
    "other": "other",
    "nonbinary": "other",
    "non-binary": "other",
}

PETITION = FormMap(
    "JV-043 (Rev. 12/21)",
    {
        "Juvenile": "text",
        "Location Town": "text",
        "Docket No": "text",
        _DOB: "text",
        "Check Box1": "checkbox",
        "Check Box2": "checkbox",
        "Check Box3": "checkbox",
        "Printed Name": "text",
    },
    frozenset({"Juvenile", _DOB, "Check Box1", "Check Box2", "Check Box3", "Printed Name"}),
    {"Location Town": "Court location (town)"},
)
MAPS = {"me_jv_043_1221": PETITION}


def build(inp: PetitionInput, fs: FormSet) -> Built:
    gender = _GENDER_WORDS.get(demographic(inp.record, "gender", "sex").lower(), "")
    parts = []
    many = len(inp.items) > 1
    for k, item in enumerate(inp.items, start=1):
        values: dict[str, str | bool] = {
            "Juvenile": inp.name,
            "Location Town": item.case.court or "",
            "Docket No": item.case.docket or "",
            _DOB: us_date(inp.record.person.dob),
            "Printed Name": inp.name,
        }
        for word, box in _GENDER_BOX.items():
            values[box] = word == gender
        parts.append(
            Part(f"petition_{k}" if many else "petition", fs.forms["petition"].path, values)
        )
    notes = [
        "Fill in by hand: the date, the signature of the juvenile, mailing address, telephone"
        " and email. Give a copy of the petition to the prosecuting attorney's office.",
    ]
    if not gender:
        notes.append("Gender is not in the record: check male, female or other by hand.")
    if any(not i.case.court for i in inp.items):
        notes.append("Fill in the District Court location (town) by hand.")
    if many:
        notes.append("One JV-043 per docket: this file holds one petition per case.")
    return Built(parts, notes)

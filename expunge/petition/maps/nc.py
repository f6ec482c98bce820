"""North Carolina: AOC-CR-293, Petition and Order of Expunction under G.S. 15A-145.8A
(offense at 16 or 17 before 1 December 2019), Rev. 3/25.

Side one (the petition) is filled: caption, petitioner, offense rows. The order, the
findings and the clerk's certification are the court's and stay blank. Six offense rows;
more go on an addendum (the official overflow form AOC-CR-285 is not shipped).
"""

from __future__ import annotations

from expunge.petition.acroform import Part
from expunge.petition.facts import age_on, demographic, offense_text, us_date
from expunge.petition.maps import Built, FormMap
from expunge.petition.model import PetitionInput
from expunge.petition.registry import FormSet

ROWS = 6
_ROW = ("Fileno", "ArrestDate", "Description", "DOOF", "Disposition", "DispositionDate")
_DISPOSITION = {"convicted": "Convicted", "adjudicated": "Adjudicated"}

PETITION = FormMap(
    "AOC-CR-293 (Rev. 3/25)",
    {
        "County": "text",
        "ConsJdgmntFileNum": "text",
        "District": "checkbox",
        "Superior": "checkbox",
        "NamePetitioner": "text",
        "Race": "text",
        "Sex": "text",
        "DOB": "text",
        "Age": "text",
        "SignedName1": "text",
        **{f"{c}:{i}": "text" for i in range(1, ROWS + 1) for c in _ROW},
    },
    frozenset({"NamePetitioner", "Race", "Sex", "DOB", "Age", "SignedName1"}),
)
MAPS = {"nc_aoc_cr_293_0325": PETITION}


def build(inp: PetitionInput, fs: FormSet) -> Built:
    rows: list[tuple[str, ...]] = []
    ages: list[int] = []
    felony = False
    for item in inp.items:
        c = item.case
        for o in c.offenses or [None]:
            when = (o.offense_date if o else None) or c.arrest_date
            age = age_on(inp.record, o.offense_date) if o and o.offense_date else None
            if age is not None and age not in ages:
                ages.append(age)
            felony = felony or bool(o and o.level == "felony")
            rows.append(
                (
                    c.docket or "",
                    us_date(c.arrest_date),
                    offense_text(o) if o else "",
                    us_date(o.offense_date if o else when),
                    _DISPOSITION.get(c.outcome or "", ""),
                    us_date(c.outcome_date),
                )
            )
    dockets = [i.case.docket for i in inp.items if i.case.docket]
    values: dict[str, str | bool] = {
        "County": inp.county,
        "ConsJdgmntFileNum": dockets[0] if len(dockets) == 1 else "",
        "Superior": felony,
        "District": not felony,
        "NamePetitioner": inp.name,
        "Race": demographic(inp.record, "race"),
        "Sex": demographic(inp.record, "sex", "gender"),
        "DOB": us_date(inp.record.person.dob),
        "Age": ", ".join(str(a) for a in sorted(ages)),
        "SignedName1": inp.name,
    }
    for n, row in enumerate(rows[:ROWS], start=1):
        for col, value in zip(_ROW, row, strict=True):
            values[f"{col}:{n}"] = value
    addendum = [
        (
            f"Additional offense {n} (continuation of the offense table)",
            "File No.: {}; date of arrest: {}; offense: {}; date of offense: {};"
            " disposition: {}; date of disposition: {}".format(*(v or "unknown" for v in row)),
        )
        for n, row in enumerate(rows[ROWS:], start=ROWS + 1)
    ]
    notes = [
        "Fill in by hand: addresses, driver's licence, Social Security number, the arresting"
        " agency and any other agency with a record (names and addresses), and sign. Serve"
        " the district attorney and complete the certificate of service.",
        "The court division (District or Superior) was chosen from the offense levels"
        " (Superior when there is a felony): check it against the court of conviction.",
    ]
    if len(dockets) > 1:
        notes.append("Several file numbers: write the file number for this petition by hand.")
    if addendum:
        notes.append(
            "More than six offenses: the rest are on the attached addendum. The court's own"
            " overflow form is AOC-CR-285 (not shipped): use it if the clerk requires it."
        )
    return Built([Part("petition", fs.forms["petition"].path, values)], notes, addendum)

"""Massachusetts: the Commissioner of Probation's Petition to Seal (OCP 4/12), section 100B.

One petition covers every delinquency record: the form lists no cases. Only the juvenile
boxes have fields (Part A box 1 and affidavit 1); the two signature fields are left for ink.
"""

from __future__ import annotations

from expunge.petition.acroform import Part
from expunge.petition.facts import split_name, us_date
from expunge.petition.maps import Built, FormMap
from expunge.petition.model import PetitionInput
from expunge.petition.registry import FormSet

PETITION = FormMap(
    "OCP 4/12",
    {
        "applicant.name.last": "text",
        "applicant.name.first": "text",
        "applicant.name.middle": "text",
        "applicant.dob": "text",
        "applicant.alias": "text",
        "applicant.no_delinquency": "checkbox",
        "checkboxes.juvenile": "checkbox",
    },
    frozenset(
        {
            "applicant.name.last",
            "applicant.name.first",
            "applicant.name.middle",
            "applicant.dob",
            "applicant.alias",
        }
    ),
)
MAPS = {"ma_ocp_petition_to_seal_0412": PETITION}


def build(inp: PetitionInput, fs: FormSet) -> Built:
    first, middle, last = split_name(inp.name)
    values: dict[str, str | bool] = {
        "applicant.name.last": last,
        "applicant.name.first": first,
        "applicant.name.middle": middle,
        "applicant.dob": us_date(inp.record.person.dob),
        "applicant.alias": "; ".join(inp.record.person.aliases),
        "applicant.no_delinquency": True,  # Part A box 1: section 100B
        "checkboxes.juvenile": True,  # affidavit 1, the section 100B statements
    }
    notes = [
        "The name was split into last, first and middle name automatically: check it.",
        "Fill in by hand: mailing address, city, state, zip, occupation, Social Security"
        " number, place of birth and parents' names (the record does not hold them).",
        "Sign twice: at 'Petitioner's Signature' and under affidavit 1. Send the petition to"
        " the Commissioner of Probation at the address printed on the form.",
    ]
    return Built([Part("petition", fs.forms["petition"].path, values)], notes)

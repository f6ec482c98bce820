"""Field mappings, one per official form revision, and the builders that use them.

A mapping (``FormMap``) lists every field it may write, with the field's kind, and which
of them hold personal data (left blank with ``blank_personal``). A builder is a small pure
function: the petition input (record + assessment) and the shipped form set in, the filled
parts out. ``tests/test_petition_forms.py`` checks each mapping against its shipped PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from expunge.petition.acroform import Part
from expunge.petition.model import PetitionInput
from expunge.petition.registry import FormSet


@dataclass(frozen=True, slots=True)
class FormMap:
    form: str  # form number and revision, e.g. "ATJ 2951.5 (07/26)"
    fields: dict[str, str]  # field name -> kind ("text" or "checkbox")
    personal: frozenset[str]  # fields that identify the person
    labels: dict[str, str] = field(default_factory=dict)  # addendum labels, where useful


@dataclass(slots=True)
class Built:
    parts: list[Part]
    notes: list[str] = field(default_factory=list)
    addendum: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)


Builder = Callable[[PetitionInput, FormSet], Built]


def mappings() -> dict[str, FormMap]:
    from expunge.petition.maps import il, ma, me, nc

    out: dict[str, FormMap] = {}
    for mod in (il, ma, me, nc):
        out.update(mod.MAPS)
    return out


def builders() -> dict[str, Builder]:
    from expunge.petition.maps import il, ma, me, nc

    return {
        "il_juvenile": il.build,
        "ma_ocp_seal": ma.build,
        "me_jv043": me.build,
        "nc_cr293": nc.build,
    }

"""Per-state pleading wording, read from ``forms/pleading/<st>.toml`` over ``_defaults.toml``.

A state file sets the court's heading, the caption, the titles and the agencies to serve;
``[[variant]]`` tables override any key for some paths, court types or kinds of relief
(adult-court cases are captioned differently from juvenile ones). Unknown keys are errors,
as in the statute files. Templates use ``{placeholders}``; ``PLACEHOLDERS`` lists them.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from expunge.law.library import data_dir

PLACEHOLDERS = frozenset(
    {
        "name",
        "NAME",
        "dob",
        "county",
        "COUNTY",
        "dockets",
        "state_name",
        "title",
        "TITLE",
        "verb",
        "verb_past",
        "verb_ing",
        "noun",
        "party_word",
        "PARTY_WORD",
        "doc_word",
        "records",
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Verbs(_Strict):
    verb: str
    verb_past: str
    verb_ing: str


class Wording(_Strict):
    """Everything the pleading generator words; every string may use the placeholders."""

    state: str = Field(pattern=r"^[A-Z]{2}$")
    state_name: str
    caption_verified: bool = Field(
        description="False when the caption style could not be checked against a court's own"
        " form or filings; the pleading then uses a neutral caption"
    )
    caption_note: str
    header: list[str] = Field(description="Centred lines above the caption: the court")
    party: list[str] = Field(description="Left side of the caption box")
    right: list[str] = Field(description="Right side of the caption box")
    divider: str = Field(description="The character between the two sides: ')' or '§'")
    title: str
    order_title: str
    doc_word: str
    party_word: str
    records: str
    intro: str
    facts_intro: str
    grounds_intro: str
    exclusions_intro: str
    time_intro: str
    extra_paragraphs: list[str] = Field(default_factory=list)
    relief: str
    agencies_title: str
    agencies_intro: str
    agencies: list[str]
    submitted: str
    verification_title: str
    verification: str
    notary: bool = False
    notary_text: str
    signature_lines: list[str]
    attorney_lines: list[str]
    service_title: str
    service: str
    order_intro: str
    order_findings_intro: str
    ordered_heading: str
    order_directives: list[str]
    order_signature: list[str]
    filing_notes: list[str] = Field(default_factory=list)
    verbs: dict[str, Verbs] = Field(description="Verbs by kind of relief (sealing, ...)")


class Variant(_Strict):
    """Overrides for some paths (ids, or prefixes ending in '*'), court types or kinds."""

    paths: list[str] = Field(default_factory=list)
    court_types: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    set: dict[str, Any] = Field(default_factory=dict)


class WordingError(Exception):
    """A broken pleading data file; the message names the file and the key."""


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WordingError(f"{path.name}: cannot be read: {exc}") from None


def pleading_dir() -> Path:
    return data_dir("forms") / "pleading"


def pleading_states() -> list[str]:
    return sorted(p.stem.upper() for p in pleading_dir().glob("[a-z][a-z].toml"))


@cache
def _raw(state: str) -> tuple[dict[str, Any], tuple[Variant, ...]]:
    path = pleading_dir() / f"{state.lower()}.toml"
    if not path.is_file():
        raise KeyError(state)
    base = _read(pleading_dir() / "_defaults.toml")
    own = _read(path)
    variants_raw = own.pop("variant", [])
    merged = {**base, **own}
    try:
        variants = tuple(Variant.model_validate(v) for v in variants_raw)
        Wording.model_validate(merged)
        for v in variants:
            Wording.model_validate({**merged, **v.set})
    except ValidationError as exc:
        lines = [
            f"{path.name}: {'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}"
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise WordingError("\n".join(lines)) from None
    return merged, variants


def _matches(v: Variant, path_id: str, court_type: str, kind: str) -> bool:
    def path_ok(p: str) -> bool:
        return path_id.startswith(p[:-1]) if p.endswith("*") else path_id == p

    return (
        (not v.paths or any(path_ok(p) for p in v.paths))
        and (not v.court_types or court_type in v.court_types)
        and (not v.kinds or kind in v.kinds)
    )


def wording(state: str, path_id: str = "", court_type: str = "juvenile", kind: str = "") -> Wording:
    """The wording for one state and path; raises KeyError when the state has no file."""
    merged, variants = _raw(state.upper())
    out = dict(merged)
    for v in variants:
        if _matches(v, path_id, court_type, kind):
            out.update(v.set)
    return Wording.model_validate(out)


def all_templates(w: Wording) -> list[str]:
    """Every template string of a wording (for the test that each one renders)."""
    out: list[str] = []
    for name, value in w:
        if name in ("verbs", "state", "caption_verified", "notary"):
            continue
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(value)
    return out

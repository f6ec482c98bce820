"""The official forms shipped under ``forms/<st>/`` (``forms.toml``), and which path each serves.

Which relief path a form is for is the statute file's word (``[[forms]]`` with ``paths``);
the shipped form is recognised by its number ("ATJ 2951.5") inside that entry's number.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from expunge.law.library import data_dir, load_state


@dataclass(frozen=True, slots=True)
class OfficialForm:
    key: str
    number: str
    revision: str
    title: str
    path: Path
    sha256: str
    mapping: str

    @property
    def label(self) -> str:
        return f"{self.number} ({self.revision}) {self.title}"


@dataclass(frozen=True, slots=True)
class FormSet:
    state: str
    name: str
    title: str
    forms: dict[str, OfficialForm]

    @property
    def primary(self) -> OfficialForm:
        return next(iter(self.forms.values()))


class RegistryError(Exception):
    """A broken forms.toml; the message names the file and the key."""


def _norm(number: str) -> str:
    return re.sub(r"[\s.\-]", "", number.lower())


def number_matches(shipped: str, listed: str) -> bool:
    """Whether a statute file's form number (e.g. 'ATJ 2951.5 (07/26)') names this form."""
    a, b = _norm(shipped), _norm(listed)
    i = b.find(a)
    return i >= 0 and (i + len(a) == len(b) or not b[i + len(a)].isalnum())


def _load(path: Path) -> FormSet:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{path}: cannot be read: {exc}") from None
    state = path.parent.name.upper()
    try:
        forms = {
            f["key"]: OfficialForm(
                key=f["key"],
                number=f["number"],
                revision=f["revision"],
                title=f["title"],
                path=path.parent / f["file"],
                sha256=f["sha256"],
                mapping=f["mapping"],
            )
            for f in raw["form"]
        }
        return FormSet(state, raw["set"], raw["title"], forms)
    except (KeyError, TypeError) as exc:
        raise RegistryError(f"{path}: missing or wrong key {exc}") from None


@cache
def form_sets() -> dict[str, FormSet]:
    """Every shipped form set, by state code."""
    out: dict[str, FormSet] = {}
    for path in sorted(data_dir("forms").glob("[a-z][a-z]/forms.toml")):
        fs = _load(path)
        out[fs.state] = fs
    return out


def check_file(form: OfficialForm) -> str | None:
    """A problem with a shipped PDF (missing, or not the file the mapping was written for)."""
    if not form.path.is_file():
        return f"{form.path.name} is missing from forms/{form.path.parent.name}/"
    digest = hashlib.sha256(form.path.read_bytes()).hexdigest()
    if digest != form.sha256:
        return f"{form.path.name} is not the revision its mapping was written for (sha256)"
    return None


def official_for(state: str, path_id: str) -> tuple[FormSet | None, list[str]]:
    """The shipped form set serving ``path_id``, and notes on forms named but not shipped."""
    try:
        law = load_state(state)
    except KeyError:
        return None, []
    shipped = form_sets().get(state)
    notes: list[str] = []
    for entry in law.forms:
        if path_id not in entry.paths:
            continue
        if shipped and entry.number and number_matches(shipped.primary.number, entry.number):
            return shipped, []
        label = f"{entry.name}" + (f" ({entry.number})" if entry.number else "")
        notes.append(
            f"The statute file names this form or procedure for the path: {label}; "
            f"publisher: {entry.publisher}. It is not shipped with expunge: check whether the "
            "court or agency requires it."
        )
    return None, notes

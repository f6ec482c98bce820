"""``which_form`` and ``write_petition``: the petition layer's API for the CLI and the TUI."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

from expunge.law.result import Assessment, CaseResult, PathResult
from expunge.petition.facts import is_exact
from expunge.petition.model import (
    CaseItem,
    FormChoice,
    PetitionError,
    PetitionInput,
    PetitionResult,
)
from expunge.record import Record

_PETITION_MODES = ("petition", "petition_prosecutor_consent", "court_discretion", "administrative")
_RANK = {"eligible": 0, "eligible_on": 1, "needs_facts": 2}


def _assess(record: Record, as_of: date | None) -> Assessment:
    from expunge.law.engine import assess
    from expunge.law.library import StatuteFileError

    try:
        return assess(record, as_of)
    except StatuteFileError as exc:
        raise PetitionError(f"a statute file is broken: {exc}") from None


def _case_result(assessment: Assessment, case_id: str) -> CaseResult:
    for c in assessment.cases:
        if c.case_id == case_id:
            if not c.modeled:
                raise PetitionError(f"case {case_id}: {c.summary}")
            return c
    raise PetitionError(f"no case with the id '{case_id}' in the record")


def choose_path(cr: CaseResult, path_id: str | None) -> PathResult:
    """The relief path to petition under: the one asked for, or the best open one."""
    if path_id:
        for p in cr.paths:
            if p.path_id == path_id:
                break
        else:
            ids = ", ".join(p.path_id for p in cr.paths)
            raise PetitionError(f"case {cr.case_id}: no path '{path_id}' (paths: {ids})")
        if p.mode == "automatic":
            raise PetitionError(
                f"case {cr.case_id}: '{path_id}' is automatic relief and needs no petition"
                f" ({p.headline})"
            )
        if p.status == "ineligible":
            raise PetitionError(f"case {cr.case_id}: not eligible under '{path_id}': {p.headline}")
        return p
    open_paths = [p for p in cr.paths if p.mode != "automatic" and p.status in _RANK]
    if not open_paths:
        raise PetitionError(
            f"case {cr.case_id}: no petition path is open ({cr.summary}); see 'expunge check'"
        )
    best = next((p for p in open_paths if p.path_id == cr.best_path), None)
    if best is not None:
        return best
    return min(open_paths, key=lambda p: (_RANK[p.status], not p.shall, p.key_date or "9999"))


def _items(
    record: Record, case_ids: list[str], path_id: str | None, as_of: date | None
) -> tuple[list[CaseItem], date]:
    if not case_ids:
        raise PetitionError("name at least one case (--case ID)")
    if len(set(case_ids)) != len(case_ids):
        raise PetitionError("a case is named twice")
    assessment = _assess(record, as_of)
    by_id = {c.id: c for c in record.cases}
    items = []
    for cid in case_ids:
        cr = _case_result(assessment, cid)
        items.append(CaseItem(by_id[cid], cr, choose_path(cr, path_id)))
    states = {i.case.state for i in items}
    if len(states) > 1:
        raise PetitionError("the cases are in different states: write one petition per state")
    return items, date.fromisoformat(assessment.as_of)


def _choice(state: str, path: PathResult) -> FormChoice:
    from expunge.petition.registry import official_for
    from expunge.petition.wording import pleading_states

    fs, notes = official_for(state, path.path_id)
    if fs is not None:
        return FormChoice("official", state, path.path_id, fs.title, fs.name)
    if path.mode == "administrative":
        raise PetitionError(
            f"'{path.path_id}' is a request to an agency on its own application form, not a"
            " court petition, and that form is not shipped: "
            + (" ".join(notes) or "see 'expunge statutes show'")
        )
    if path.mode not in _PETITION_MODES:
        raise PetitionError(f"'{path.path_id}' needs no petition")
    if state not in pleading_states():
        raise PetitionError(f"no pleading wording for {state} yet (forms/pleading/)")
    return FormChoice(
        "pleading", state, path.path_id, f"generated pleading ({state})", None, tuple(notes)
    )


def which_form(
    record: Record, case_id: str, path_id: str | None = None, as_of: date | None = None
) -> FormChoice:
    """Which paper a case's petition is written on: an official form set or a pleading."""
    items, _ = _items(record, [case_id], path_id, as_of)
    path = items[0].path
    assert path is not None
    return _choice(items[0].case.state, path)


def petition_paths(
    record: Record, case_id: str, as_of: date | None = None
) -> list[tuple[PathResult, FormChoice | None, str]]:
    """Every relief path of a case a petition could be written for (not automatic, not
    ineligible), best first, each with its form choice or the reason there is none."""
    cr = _case_result(_assess(record, as_of), case_id)
    best = (
        choose_path(cr, None)
        if any(p.mode != "automatic" and p.status in _RANK for p in cr.paths)
        else None
    )
    out: list[tuple[PathResult, FormChoice | None, str]] = []
    for p in sorted(
        (p for p in cr.paths if p.mode != "automatic" and p.status in _RANK),
        key=lambda p: (p is not best, _RANK[p.status], not p.shall, p.key_date or "9999"),
    ):
        try:
            out.append((p, _choice(cr.state, p), ""))
        except PetitionError as exc:
            out.append((p, None, str(exc)))
    return out


def _path_notes(items: list[CaseItem], as_of: date) -> list[str]:
    notes: list[str] = []
    for item in items:
        p = item.path
        if p is None:
            continue
        cid = item.case.id
        if p.status == "eligible_on" and p.key_date and p.key_date > as_of.isoformat():
            notes.append(f"Case {cid}: not eligible until {p.key_date}; file on or after it.")
        if p.status == "needs_facts":
            for q in p.questions:
                notes.append(f"Case {cid}: still to find out: {q.question}")
        for ref in p.cites:
            if not ref.verified:
                notes.append(f"Case {cid}: {ref.cite} is UNVERIFIED: check it against the statute.")
        if p.unverified and not any(not r.verified for r in p.cites):
            notes.append(f"Case {cid}: the path rests on an UNVERIFIED rule: check the statute.")
    dates: list[str | None] = []
    for item in items:
        c = item.case
        dates += [c.arrest_date, c.outcome_date, c.supervision_end, c.petition_date]
        dates += [o.offense_date for o in c.offenses]
    if any(d and not is_exact(d) for d in dates):
        notes.append("A date is known only to the month or year and is printed that way: check it.")
    return list(dict.fromkeys(notes))


def default_out(folder: Path, state: str) -> Path:
    """A file name with no personal data: petition-<st>.pdf, -2, -3... if taken."""
    base = folder / f"petition-{state.lower()}.pdf"
    k = 2
    while base.exists():
        base = folder / f"petition-{state.lower()}-{k}.pdf"
        k += 1
    return base


def print_copy_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-print{out.suffix or '.pdf'}")


def _write_private(path: Path, data: bytes) -> None:
    """Owner-only (0600) and atomic: a juvenile record must not be left readable by others."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pdf")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def render_petition(
    record: Record,
    case_ids: list[str],
    path_id: str | None = None,
    *,
    flatten: bool = False,
    blank_personal: bool = False,
    as_of: date | None = None,
) -> tuple[bytes, bytes | None, PetitionResult]:
    """The petition as bytes (editable, and flattened when asked) without writing files."""
    items, as_of_day = _items(record, case_ids, path_id, as_of)
    state = items[0].case.state
    choices = [_choice(state, i.path) for i in items if i.path]
    if len({(c.kind, c.form_set) for c in choices}) > 1:
        raise PetitionError("these cases need different forms: write one petition per form")
    choice = choices[0]
    inp = PetitionInput(record, state, tuple(items), as_of_day, blank_personal)
    notes = [*choice.notes, *_path_notes(items, as_of_day)]
    if choice.kind == "pleading":
        from expunge.petition.pleading import pleading_pdf

        data, pnotes, pages = pleading_pdf(inp)
        notes += pnotes
        if flatten:
            notes.append("A generated pleading has no form fields: it is already a print copy.")
        return data, None, PetitionResult([], choice.title, "pleading", pages, {}, notes)
    editable, flat, fields, pages, onotes, label = _official(inp, choice, flatten)
    return editable, flat, PetitionResult([], label, "official", pages, fields, notes + onotes)


def _official(
    inp: PetitionInput, choice: FormChoice, flatten: bool
) -> tuple[bytes, bytes | None, dict[str, str | bool], int, list[str], str]:
    from pypdf import PdfReader

    from expunge.petition import acroform
    from expunge.petition.addendum import addendum_pdf
    from expunge.petition.maps import builders, mappings
    from expunge.petition.registry import check_file, form_sets

    fs = form_sets()[inp.state]
    for form in fs.forms.values():
        problem = check_file(form)
        if problem:
            raise PetitionError(f"the shipped form cannot be used: {problem}")
    built = builders()[fs.name](inp, fs)
    maps = mappings()
    skip: set[str] = set()
    if inp.blank_personal:
        for form in fs.forms.values():
            skip |= maps[form.mapping].personal
    try:
        doc = acroform.fill(built.parts, skip=skip)
    except acroform.FormMismatch as exc:
        raise PetitionError(f"the shipped form does not match its mapping: {exc}") from None
    used = [
        fs.forms[k] for k in fs.forms if any(p.template == fs.forms[k].path for p in built.parts)
    ]
    label = " + ".join(f"{f.number} ({f.revision})" for f in used)
    entries = [(f"{o.label} ({o.part})", o.text) for o in doc.overflow] + built.addendum
    notes = list(built.notes)
    if doc.overflow:
        notes.append(
            f"{len(doc.overflow)} value(s) did not fit their field and are printed in full on"
            " the attachment at the end."
        )
    if entries:
        name = "____________________" if inp.blank_personal or not inp.name else inp.name
        extra = addendum_pdf(fs.primary.label, name, entries)
        doc.writer.append(PdfReader(BytesIO(extra)), import_outline=False)
    acroform.set_need_appearances_off(doc.writer)
    if len(built.parts) > 1:
        # Each copy of a form brings its own embedded fonts: keep one of each.
        doc.writer.compress_identical_objects()
    editable = acroform.to_bytes(doc.writer)
    pages = len(doc.writer.pages)
    flat = None
    if flatten:
        acroform.flatten(doc.writer)
        flat = acroform.to_bytes(doc.writer)
    return editable, flat, doc.fields, pages, notes, label


def write_petition(
    record: Record,
    case_ids: list[str],
    path_id: str | None,
    out: Path,
    *,
    flatten: bool = False,
    blank_personal: bool = False,
    as_of: date | None = None,
) -> PetitionResult:
    """Write the petition for ``case_ids`` to ``out`` (a file, or a folder for a default name
    without personal data); with ``flatten``, also a flattened print copy ``<out>-print.pdf``.
    Files are owner-only. Raises PetitionError with a plain message when it cannot."""
    editable, flat, result = render_petition(
        record, case_ids, path_id, flatten=flatten, blank_personal=blank_personal, as_of=as_of
    )
    out = Path(out)
    if out.is_dir():
        state = next(c.state for c in record.cases if c.id == case_ids[0])
        out = default_out(out, state)
    try:
        _write_private(out, editable)
        result.paths.append(out)
        if flat is not None:
            flat_path = print_copy_path(out)
            _write_private(flat_path, flat)
            result.paths.append(flat_path)
    except OSError as exc:
        raise PetitionError(f"cannot write the petition: {exc.strerror}") from None
    return result

"""Generated pleadings: one for every modeled state without an official form; caption, each
case, each citation and the proposed order in the text; names printed exactly."""

from __future__ import annotations

from datetime import date
from functools import cache
from io import BytesIO

import pytest
from petition_samples import NAME, UNICODE_NAME, wa_record
from pydantic import ValidationError
from pypdf import PdfReader

from expunge.law.engine import assess
from expunge.law.golden import golden_files, load_golden
from expunge.law.library import available_states, load_state
from expunge.petition import PetitionError, render_petition, which_form
from expunge.petition.api import choose_path
from expunge.petition.model import CaseItem, PetitionInput
from expunge.petition.pleading import all_cites, values_for
from expunge.petition.registry import official_for
from expunge.petition.wording import (
    PLACEHOLDERS,
    Wording,
    _raw,
    all_templates,
    pleading_states,
    wording,
)
from expunge.record import Record

COURT_MODES = ("petition", "petition_prosecutor_consent", "court_discretion")


def _text(data: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


@cache
def pleading_samples() -> dict[str, tuple]:  # type: ignore[type-arg]
    """Per state, a golden fact pattern (fictional) that is eligible under a court petition
    path with no official form shipped: (record, case id, path id, as-of date)."""
    out: dict[str, tuple] = {}  # type: ignore[type-arg]
    for gf in golden_files():
        state = gf.stem.upper()
        law = load_state(state)
        modes = {p.id: p.mode for p in law.paths}
        for g in load_golden(gf):
            for e in g.expects:
                if state in out or e.status != "eligible" or modes.get(e.path) not in COURT_MODES:
                    continue
                if official_for(state, e.path)[0] is not None:
                    continue
                record = g.record.model_copy(deep=True)
                record.person.name = NAME
                for i, c in enumerate(record.cases, start=1):
                    c.docket = c.docket or f"TEST-{state}-{i:03d}"
                    c.county = c.county or "Sample"
                out[state] = (record, e.case or record.cases[0].id, e.path, g.as_of)
    out.setdefault("IL", il_1_9_sample())
    return out


def il_1_9_sample() -> tuple:  # type: ignore[type-arg]
    """Illinois 705 ILCS 405/1-9 (no golden case is eligible under it): a status-offense
    supervision, successfully terminated, the person now 18."""
    record = Record.model_validate(
        {
            "person": {"name": NAME, "dob": "2004-05-01"},
            "history_complete": True,
            "cases": [
                {
                    "id": "c1",
                    "state": "IL",
                    "county": "Cook",
                    "docket": "2019-JA-0001",
                    "offenses": [{"description": "Truancy (MRAI)", "level": "status"}],
                    "outcome": "consent_decree",
                    "outcome_date": "2019-05-01",
                    "supervised": True,
                    "supervision_end": "2020-05-01",
                    "answers": {"il_terminated_successfully": True},
                }
            ],
        }
    )
    return record, "c1", "il-1-9-2", date(2026, 6, 30)


def test_every_modeled_state_has_pleading_wording() -> None:
    """Each court petition path without a shipped official form has wording for its state."""
    missing = []
    for state in available_states():
        for p in load_state(state).paths:
            if p.mode in COURT_MODES and official_for(state, p.id)[0] is None:
                if state not in pleading_states():
                    missing.append(f"{state}:{p.id}")
                else:
                    wording(state, p.id, (p.applies.court_types or ["juvenile"])[0], p.kind)
    assert not missing


def test_a_pleading_sample_exists_for_every_state_that_needs_one() -> None:
    need = {
        s
        for s in available_states()
        if any(
            p.mode in COURT_MODES and official_for(s, p.id)[0] is None for p in load_state(s).paths
        )
    }
    assert need <= set(pleading_samples()), need - set(pleading_samples())


@pytest.mark.parametrize("state", sorted(pleading_samples()))
def test_pleading_text_has_caption_cases_citations_and_order(state: str) -> None:
    record, case_id, path_id, as_of = pleading_samples()[state]
    editable, flat, result = render_petition(record, [case_id], path_id, as_of=as_of)
    assert flat is None and result.kind == "pleading"
    assert which_form(record, case_id, path_id, as_of).kind == "pleading"
    text = _text(editable)
    case = next(c for c in record.cases if c.id == case_id)
    cr = next(c for c in assess(record, as_of).cases if c.case_id == case_id)
    path = choose_path(cr, path_id)
    item = CaseItem(case, cr, path)
    w = wording(state, path_id, case.court_type, path.kind)
    inp = PetitionInput(record, state, (item,), as_of)
    values = values_for(inp, w, path)
    first_header = w.header[0].format_map(values)
    assert " ".join(first_header.split()) in text, "court heading"
    assert NAME.upper() in text or NAME in text, "the person in the caption"
    assert case.docket and case.docket in text, "the case"
    for cite in all_cites(item):
        assert " ".join(cite.split()) in text, f"citation {cite}"
    assert values["title"].upper() in text.upper()
    assert w.order_title.upper() in text.upper(), "the proposed order"
    assert "IT IS ORDERED" in text
    assert f"Page 1 of {result.pages}" in text


def test_proposed_order_is_on_its_own_page() -> None:
    record, as_of = wa_record()
    data, _, _ = render_petition(record, ["c1"], as_of=as_of)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages]
    order_pages = [i for i, t in enumerate(pages) if "IT IS ORDERED" in t]
    assert order_pages == [len(pages) - 1]
    assert "ORDER ON MOTION TO SEAL RECORDS OF JUVENILE OFFENDER" in pages[-1]
    assert "CERTIFICATE OF SERVICE" not in pages[-1]
    assert "CERTIFICATE OF SERVICE" in " ".join(pages[:-1])
    assert (
        "SUPERIOR COURT OF WASHINGTON" in pages[0] and "SUPERIOR COURT OF WASHINGTON" in pages[-1]
    )


def test_unicode_name_renders_exactly() -> None:
    record, as_of = wa_record(UNICODE_NAME)
    data, _, _ = render_petition(record, ["c1"], as_of=as_of)
    text = _text(data)
    assert UNICODE_NAME in text
    assert UNICODE_NAME.upper() in text  # the caption prints it in capitals
    reader = PdfReader(BytesIO(data))
    fonts = {
        str(f.get_object().get("/BaseFont"))
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVu" in f for f in fonts), fonts  # embedded, not a standard font


def test_markup_in_user_values_is_printed_not_obeyed() -> None:
    record, as_of = wa_record('Test <img src="http://example.invalid/x.png"/> & <b>Youth</b>')
    record.cases[0].offenses[0].description = "Theft <i>II</i> & more"
    data, _, _ = render_petition(record, ["c1"], as_of=as_of)
    text = _text(data)
    assert '<img src="http://example.invalid/x.png"/>' in text
    assert "Theft <i>II</i> & more" in text


def test_blank_personal_pleading_prints_blanks() -> None:
    record, as_of = wa_record()
    data, _, _ = render_petition(record, ["c1"], blank_personal=True, as_of=as_of)
    text = _text(data)
    assert NAME not in text and NAME.upper() not in text
    assert "January 20, 2005" not in text
    assert "21-8-00001-1" in text


def test_two_cases_on_one_pleading() -> None:
    record, as_of = wa_record()
    second = record.cases[0].model_copy(deep=True)
    second.id, second.docket = "c2", "21-8-00002-1"
    record.cases.append(second)
    data, _, _ = render_petition(record, ["c1", "c2"], as_of=as_of)
    text = _text(data)
    assert "21-8-00001-1" in text and "21-8-00002-1" in text
    assert "No. 21-8-00001-1, 21-8-00002-1" in text


def test_every_template_renders_with_the_placeholders() -> None:
    values = {k: f"<{k}>" for k in PLACEHOLDERS}
    for state in pleading_states():
        merged, variants = _raw(state)
        for extra in [{}, *(v.set for v in variants)]:
            w = Wording.model_validate({**merged, **extra})
            for template in all_templates(w):
                template.format_map(values)  # a KeyError names an unknown placeholder
            assert w.verbs.keys() >= {"sealing", "expungement", "destruction", "set_aside"}


def test_wording_rejects_unknown_keys() -> None:
    merged, _ = _raw("WA")
    with pytest.raises(ValidationError):
        Wording.model_validate({**merged, "titel": "typo"})


def test_automatic_path_needs_no_petition() -> None:
    record, as_of = wa_record()
    with pytest.raises(PetitionError, match="automatic"):
        render_petition(record, ["c1"], "wa-13-50-260-1", as_of=as_of)


def test_unknown_case_and_unmodeled_state_are_clear_errors() -> None:
    record, as_of = wa_record()
    with pytest.raises(PetitionError, match="no case with the id 'nope'"):
        render_petition(record, ["nope"], as_of=as_of)
    record.cases[0].state = "ZZ"
    with pytest.raises(PetitionError, match="not modeled"):
        render_petition(record, ["c1"], as_of=as_of)


def test_administrative_request_is_not_a_court_pleading() -> None:
    fl = load_golden(next(f for f in golden_files() if f.stem == "fl"))
    g, e = next(
        (g, e) for g in fl for e in g.expects if e.path == "fl-943-0582" and e.status == "eligible"
    )
    with pytest.raises(PetitionError, match="agency on its own application form"):
        render_petition(g.record, [e.case or g.record.cases[0].id], "fl-943-0582", as_of=g.as_of)

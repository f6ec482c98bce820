"""Official forms: each shipped form matches its mapping, fills from a sample record, reads
back, and shows every filled value when rendered (editable and flattened copies)."""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO

import pypdfium2 as pdfium
import pytest
from petition_samples import (
    NAME,
    il_felony_record,
    il_record,
    ma_record,
    me_record,
    nc_record,
)
from pypdf import PdfReader

from expunge.law.library import load_state
from expunge.petition import PetitionError, render_petition
from expunge.petition.acroform import FormMismatch, Part, fill, read_fields, template_fields
from expunge.petition.maps import mappings
from expunge.petition.registry import check_file, form_sets, number_matches

ALL_FORMS = [f for fs in form_sets().values() for f in fs.forms.values()]


@pytest.mark.parametrize("form", ALL_FORMS, ids=lambda f: f.number)
def test_shipped_form_matches_its_mapping(form) -> None:  # type: ignore[no-untyped-def]
    assert check_file(form) is None
    shipped = template_fields(form.path)
    fm = mappings()[form.mapping]
    missing = [n for n in fm.fields if n not in shipped]
    assert not missing, f"{form.path.name}: fields gone from the form: {missing}"
    for name, kind in fm.fields.items():
        assert shipped[name][0] == kind, f"{name}: form says {shipped[name][0]}, map {kind}"
        if kind == "checkbox":
            assert len(shipped[name][1]) == 1, f"{name}: on-states {shipped[name][1]}"
    assert fm.personal <= set(fm.fields)


def test_a_changed_form_fails_loudly() -> None:
    form = form_sets()["ME"].primary
    with pytest.raises(FormMismatch, match="no field 'Docket Number'"):
        fill([Part("petition", form.path, {"Docket Number": "X"})])
    with pytest.raises(FormMismatch, match="checkbox"):
        fill([Part("petition", form.path, {"Check Box1": "yes"})])


def test_each_shipped_set_is_named_by_its_statute_file() -> None:
    for state, fs in form_sets().items():
        entries = [f for f in load_state(state).forms if f.number]
        hits = [f for f in entries if number_matches(fs.primary.number, f.number or "")]
        assert hits, f"{state}: no [[forms]] entry names {fs.primary.number}"
        assert all(fs.primary.revision in (f.number or "") for f in hits), hits
        assert all(f.paths for f in hits)


def test_number_matching_is_exact() -> None:
    assert number_matches("ATJ 2951.5", "ATJ 2951.5 (07/26)")
    assert not number_matches("ATJ 2951.5", "ATJ 2951.55")
    assert not number_matches("AOC-CR-293", "AOC-CR-287 (Rev. 3/25)")


def test_checkbox_value_comes_from_the_fields_own_state() -> None:
    """The MA court-use box exports /On, the others /Yes: each gets its own state."""
    form = form_sets()["MA"].primary
    doc = fill([Part("petition", form.path, {"ChkBox0": True, "applicant.no_delinquency": True})])
    fields = read_fields(doc.writer)
    assert fields["ChkBox0"].obj["/V"] == "/On"
    assert fields["applicant.no_delinquency"].obj["/V"] == "/Yes"
    assert all(w.annot["/AS"] == "/On" for w in fields["ChkBox0"].widgets)


# --- fill from sample records and read back ----------------------------------------------


def _fields(data: bytes) -> dict[str, object]:
    return {k: v.get("/V") for k, v in (PdfReader(BytesIO(data)).get_fields() or {}).items()}


SAMPLES = {
    "IL": (il_felony_record, ["c1"]),
    "MA": (ma_record, ["c1"]),
    "ME": (me_record, ["c1"]),
    "NC": (nc_record, ["c1"]),
}


@cache
def _rendered(state: str) -> tuple[bytes, bytes, object]:
    make, cases = SAMPLES[state]
    record, as_of = make()
    editable, flat, result = render_petition(record, cases, None, flatten=True, as_of=as_of)
    assert flat is not None
    return editable, flat, result


@pytest.mark.parametrize("state", sorted(SAMPLES))
def test_fill_and_read_back_every_value(state: str) -> None:
    editable, _, result = _rendered(state)
    assert result.kind == "official"
    back = _fields(editable)
    assert result.fields, "nothing was filled"
    for name, value in result.fields.items():
        expected = "/Yes" if value is True else value
        assert back.get(name) == expected, name


def test_illinois_values() -> None:
    editable, _, result = _rendered("IL")
    back = _fields(editable)
    assert "ATJ 2951.5" in result.form and "ATJ 2956.4" in result.form
    assert back["request.user_name_1"] == NAME
    assert back["request.filing_county"] == "Cook"
    assert back["request.user_birth_date"] == "04/04/2004"  # the form's MM/DD/YYYY
    assert back["request.arrest_1_number"] == "2022-JD-0042"
    assert back["request.arrest_1_date"] == "10/01/2022"
    assert back["request.arrest_1_outcome"] == "FA"
    assert back["request.subsection_2"] == "/Yes"
    assert back.get("request.subsection_1") in (None, "/Off")
    assert back["order_1.arrest_1_number"] == "2022-JD-0042"
    assert "Theft (720 ILCS 5/16-1)" in str(back["request.arrest_1_charges"])


def test_massachusetts_values() -> None:
    editable, _, _ = _rendered("MA")
    back = _fields(editable)
    assert back["applicant.name.first"] == "Sample"
    assert back["applicant.name.last"] == "(fictional)"  # the split is a heuristic (noted)
    assert back["applicant.dob"] == "03/01/2006"
    assert back["applicant.alias"] == "S. P. Person"
    assert back["applicant.no_delinquency"] == "/Yes"
    assert back["checkboxes.juvenile"] == "/Yes"
    assert back.get("signature_always") is None  # /Sig fields are never written


def test_maine_values_and_exclusive_gender_boxes() -> None:
    editable, _, _ = _rendered("ME")
    back = _fields(editable)
    assert back["Docket No"] == "PORDC-JV-20-001"
    assert back["The abovenamed juvenile whose date of birth is mmddyyyy"] == "10/02/2003"
    assert back["Check Box2"] == "/Yes"
    assert back.get("Check Box1") in (None, "/Off")
    assert back.get("Check Box3") in (None, "/Off")


def test_north_carolina_values() -> None:
    editable, _, _ = _rendered("NC")
    back = _fields(editable)
    assert back["County"] == "Wake"
    assert back["District"] == "/Yes"
    assert back["Age"] == "17"
    assert back["DOOF:1"] == "11/30/2019"
    assert back["Disposition:1"] == "Convicted"
    assert "larceny" in str(back["Description:1"])
    assert back.get("Petition1") in (None, "/Off")  # the order side stays the court's


# --- rendering: ink inside each filled field's rectangle ----------------------------------


def _dark_pixels(
    pdf: pdfium.PdfDocument, page: int, rect: tuple[float, ...], *, widgets: bool = True
) -> int:
    """Dark pixels inside a rectangle (inset past the field's border). pdfium draws widgets
    only with a form environment (``init_forms``); it draws them from their appearance
    streams, as NeedAppearances is not set."""
    scale = 2.0
    pg = pdf[page]
    height = pg.get_height()
    bm = pg.render(scale=scale, may_draw_forms=widgets)
    x0, y0, x1, y1 = rect
    inset = 1.5
    px0, px1 = int((x0 + inset) * scale), int((x1 - inset) * scale)
    py0, py1 = int((height - y1 + inset) * scale), int((height - y0 - inset) * scale)
    buf, stride, n = bm.buffer, bm.stride, bm.n_channels
    dark = 0
    for y in range(max(py0, 0), min(py1, bm.height)):
        row = y * stride
        for x in range(max(px0, 0), min(px1, bm.width)):
            i = row + x * n
            if buf[i] + buf[i + 1] + buf[i + 2] < 3 * 110:
                dark += 1
    return dark


@pytest.mark.parametrize("state", sorted(SAMPLES))
def test_filled_values_show_ink_editable_and_flattened(state: str) -> None:
    """Ink appears inside each filled field's rectangle: in the editable copy (compared with
    the same page drawn without its widgets) and in the flattened copy."""
    editable, flat, result = _rendered(state)
    fields = read_fields(PdfReader(BytesIO(editable)))
    doc_e, doc_f = pdfium.PdfDocument(editable), pdfium.PdfDocument(flat)
    doc_e.init_forms()
    doc_f.init_forms()
    checked = 0
    for name in result.fields:
        for w in fields[name].widgets:
            bare = _dark_pixels(doc_e, w.page, w.rect, widgets=False)
            e = _dark_pixels(doc_e, w.page, w.rect)
            f = _dark_pixels(doc_f, w.page, w.rect)
            assert e > bare + 4, f"{name}: no ink in the editable copy ({e} vs {bare})"
            assert f > bare + 4, f"{name}: no ink in the flattened copy ({f} vs {bare})"
            checked += 1
    assert checked >= 5


def test_flattened_copy_has_no_form_left() -> None:
    _, flat, _ = _rendered("IL")
    reader = PdfReader(BytesIO(flat))
    assert "/AcroForm" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert not [
            a for a in page.get("/Annots", []) or [] if a.get_object()["/Subtype"] == "/Widget"
        ]
    text = "".join(p.extract_text() for p in reader.pages)
    assert NAME in text and "2022-JD-0042" in text


# --- Illinois continuation sheets and orders ----------------------------------------------


@pytest.mark.parametrize(("arrests", "sheets", "orders"), [(10, 0, 1), (20, 2, 2), (25, 3, 3)])
def test_illinois_continuation_sheets(arrests: int, sheets: int, orders: int) -> None:
    record, as_of = il_record(arrests)
    ids = [c.id for c in record.cases]
    editable, flat, result = render_petition(record, ids, None, flatten=True, as_of=as_of)
    assert flat is not None
    back = _fields(editable)
    assert result.pages == 4 + sheets + orders
    assert (
        sum(1 for k in back if k.startswith("additional_") and k.endswith("arrest_1_number"))
        == sheets
    )
    dockets = [c.docket for c in record.cases]
    rows = re.compile(r"(request|additional_\d+)\.arrest_\d+_number")
    numbers = [v for k, v in back.items() if rows.fullmatch(k) and v]
    assert sorted(numbers) == sorted(dockets), "every arrest on the request or a sheet, once"
    ordered = [v for k, v in back.items() if re.fullmatch(r"order_\d+\.arrest_\d+_number", k) and v]
    assert sorted(ordered) == sorted(dockets), "every arrest on a proposed order, once"
    assert back["request.additional_arrests"] == ("/Yes" if sheets else None)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(flat)).pages)
    for d in dockets:
        assert d in text
    if sheets:
        assert back[f"additional_{sheets}.user_name"] == NAME
        assert back["order_1.additional_order"] == "/Yes"


def test_illinois_25_arrests_request_plus_sheets() -> None:
    """The issue's 25-arrest case: the request's 10 rows, then 5 per ATJ 2954.4 sheet."""
    record, as_of = il_record(25)
    editable, _, result = render_petition(record, [c.id for c in record.cases], as_of=as_of)
    back = _fields(editable)
    assert back["additional_3.arrest_5_number"] == "2021-JD-0025"
    assert back["request.arrest_10_number"] == "2021-JD-0010"
    assert back["additional_1.arrest_1_number"] == "2021-JD-0011"
    assert "ATJ 2954.4" in result.form


def test_illinois_refuses_two_counties() -> None:
    record, as_of = il_record(2)
    record.cases[1].county = "DuPage"
    with pytest.raises(PetitionError, match="one Request per county"):
        render_petition(record, ["a1", "a2"], as_of=as_of)


# --- overflow and personal fields ---------------------------------------------------------


def test_text_that_does_not_fit_goes_to_the_addendum() -> None:
    record, as_of = il_felony_record()
    long = "; ".join(f"Very long charge description number {i} (720 ILCS 5/16-1)" for i in range(9))
    record.cases[0].offenses[0].description = long
    editable, _, result = render_petition(record, ["c1"], as_of=as_of)
    back = _fields(editable)
    assert back["request.arrest_1_charges"] == "See Attachment, item 1"
    reader = PdfReader(BytesIO(editable))
    last = reader.pages[-1].extract_text()
    assert "ATTACHMENT TO ATJ 2951.5" in last
    squashed = " ".join(last.split())
    assert "number 8 (720 ILCS 5/16-1)" in squashed
    assert any("did not fit" in n for n in result.notes)


def test_nc_offenses_past_six_rows_go_to_the_addendum() -> None:
    record, as_of = nc_record(offenses=8)
    editable, _, result = render_petition(record, ["c1"], as_of=as_of)
    back = _fields(editable)
    assert "larceny 6" in str(back["Description:6"])
    text = " ".join(PdfReader(BytesIO(editable)).pages[-1].extract_text().split())
    assert "larceny 7" in text and "larceny 8" in text
    assert result.pages == 3


def test_blank_personal_leaves_identity_fields_empty() -> None:
    record, as_of = il_felony_record()
    editable, _, _ = render_petition(record, ["c1"], blank_personal=True, as_of=as_of)
    back = _fields(editable)
    assert back.get("request.user_name_1") in (None, "")
    assert back.get("request.user_birth_date") in (None, "")
    assert back["request.arrest_1_number"] == "2022-JD-0042"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(editable)).pages)
    assert NAME not in text


def test_partial_dates_keep_their_precision() -> None:
    record, as_of = il_felony_record()
    record.cases[0].arrest_date = "2022-10"
    editable, _, _ = render_petition(record, ["c1"], as_of=as_of)
    assert _fields(editable)["request.arrest_1_date"] == "10/2022"

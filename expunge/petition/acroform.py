"""Filling official AcroForm PDFs with pypdf: read the fields, fill them, draw them, flatten.

Court forms are full of traps (see DESIGN.md and forms-fixtures/README.md):

- blank text fields have no appearance stream, so a value set with ``/V`` alone stays
  invisible in viewers that do not rebuild appearances. Every filled text widget gets an
  appearance drawn here, in the embedded DejaVu Sans (the forms' own Helvetica or Times
  cannot show "Nguyễn"); the pages are drawn with reportlab and turned into form XObjects;
- a checkbox's "on" value is whatever the widget's own ``/AP /N`` holds (``/Yes``, ``/On``,
  ``/1``): it is read from the widget, never assumed;
- a value that does not fit its rectangle is never cut: it is reported as overflow, the
  field says where to find it, and the caller prints it on an addendum page;
- several copies of a form in one file would share field names, so each copy's fields are
  nested under a parent field named for the copy ("additional_1.arrest_1_number");
- a flattened copy draws every widget's appearance into the page and drops ``/AcroForm``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

from expunge.petition.textfit import LEADING, PAD_X, PAD_Y_MULTI, Fit, fit_text

_MULTILINE = 1 << 12
_READ_ONLY = 1
_HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden and NoView
_DA_SIZE = re.compile(r"/[^\s/]+\s+([\d.]+)\s+Tf")


class FormMismatch(Exception):
    """A shipped form no longer has the fields its mapping fills (a changed revision)."""


@dataclass(slots=True)
class Widget:
    annot: DictionaryObject
    page: int
    rect: tuple[float, float, float, float]

    @property
    def states(self) -> list[str]:
        ap = self.annot.get("/AP")
        normal = ap.get_object().get("/N") if ap is not None else None
        normal = normal.get_object() if normal is not None else None
        if isinstance(normal, DictionaryObject) and "/Subtype" not in normal:
            return [str(k) for k in normal]
        return []


@dataclass(slots=True)
class FieldInfo:
    """One terminal field: its kind, widgets and the facts needed to fill it."""

    name: str
    kind: str  # text, checkbox, radio, button, choice, signature
    obj: DictionaryObject
    widgets: list[Widget] = field(default_factory=list)
    flags: int = 0
    da_size: float = 0.0
    quadding: int = 0
    max_len: int | None = None
    label: str = ""

    @property
    def multiline(self) -> bool:
        return bool(self.flags & _MULTILINE)

    @property
    def read_only(self) -> bool:
        return bool(self.flags & _READ_ONLY)

    @property
    def on_states(self) -> list[str]:
        """The field's own "on" states, gathered from every widget (never assumed)."""
        out: list[str] = []
        for w in self.widgets:
            for s in w.states:
                if s != "/Off" and s not in out:
                    out.append(s)
        return out


def _inherited(obj: DictionaryObject, key: str) -> PdfObject | None:
    node: DictionaryObject | None = obj
    while node is not None:
        if key in node:
            return node[key].get_object()
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _qualified(obj: DictionaryObject, stop: DictionaryObject | None = None) -> str:
    parts = []
    node: DictionaryObject | None = obj
    while node is not None and node is not stop:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def _kind(ft: PdfObject | None, flags: int) -> str:
    if ft == "/Tx":
        return "text"
    if ft == "/Btn":
        if flags & (1 << 16):
            return "button"
        return "radio" if flags & (1 << 15) else "checkbox"
    if ft == "/Ch":
        return "choice"
    if ft == "/Sig":
        return "signature"
    return "unknown"


def _page_index(doc: PdfReader | PdfWriter) -> dict[int, int]:
    index: dict[int, int] = {}
    for i, page in enumerate(doc.pages):
        for ref in page.get("/Annots", []) or []:
            if isinstance(ref, IndirectObject):
                index[ref.idnum] = i
    return index


def read_fields(doc: PdfReader | PdfWriter) -> dict[str, FieldInfo]:
    """Every terminal field by fully qualified name, with its widgets and their pages."""
    root = doc.trailer["/Root"] if isinstance(doc, PdfReader) else doc.root_object
    acro = root.get("/AcroForm")
    if acro is None:
        return {}
    acro = acro.get_object()
    pages = _page_index(doc)
    default_da = str(acro.get("/DA", ""))
    out: dict[str, FieldInfo] = {}

    def visit(ref: PdfObject) -> None:
        obj = ref.get_object()
        kids = obj.get("/Kids")
        named_kids = [k for k in kids or [] if "/T" in k.get_object()]
        if named_kids:
            for k in kids:
                visit(k)
            return
        flags = int(_inherited(obj, "/Ff") or 0)
        da = str(_inherited(obj, "/DA") or default_da)
        m = _DA_SIZE.search(da)
        max_len = _inherited(obj, "/MaxLen")
        info = FieldInfo(
            name=_qualified(obj),
            kind=_kind(_inherited(obj, "/FT"), flags),
            obj=obj,
            flags=flags,
            da_size=float(m.group(1)) if m else 0.0,
            quadding=int(_inherited(obj, "/Q") or acro.get("/Q", 0)),
            max_len=int(max_len) if max_len is not None else None,
            label=str(obj.get("/TU", "")),
        )
        widget_refs = list(kids) if kids else [ref]
        for wref in widget_refs:
            w = wref.get_object()
            rect = [float(x) for x in w.get("/Rect", [0, 0, 0, 0])]
            x0, x1 = sorted((rect[0], rect[2]))
            y0, y1 = sorted((rect[1], rect[3]))
            idnum = wref.idnum if isinstance(wref, IndirectObject) else -1
            info.widgets.append(Widget(w, pages.get(idnum, -1), (x0, y0, x1, y1)))
        out[info.name] = info

    for ref in acro.get("/Fields", []):
        visit(ref)
    return out


@cache
def template_bytes(path: Path) -> bytes:
    """A shipped blank form, read once per process (they do not change while running)."""
    return path.read_bytes()


@cache
def _template_reader(path: Path) -> PdfReader:
    """A parsed blank form, kept for the process: parsing is most of the cost of a petition.
    Appending clones from it; nothing is ever written into it."""
    return PdfReader(BytesIO(template_bytes(path)))


@cache
def template_fields(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Name -> (kind, on-states) of a shipped form: what a mapping is checked against."""
    fields = read_fields(PdfReader(BytesIO(template_bytes(path))))
    return {n: (f.kind, tuple(f.on_states)) for n, f in fields.items()}


# --- filling ------------------------------------------------------------------------------

Value = str | bool


@dataclass(slots=True)
class Part:
    """One copy of one form in the output: its template and the values for its fields."""

    name: str
    template: Path
    values: Mapping[str, Value]
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Overflow:
    """A value that did not fit its field: printed in full on the addendum as item ``number``."""

    number: int
    part: str
    field: str
    label: str
    text: str


@dataclass(slots=True)
class FilledDoc:
    writer: PdfWriter
    fields: dict[str, Value]  # qualified name -> value actually written
    overflow: list[Overflow]
    part_pages: dict[str, tuple[int, int]]  # part name -> (first page, page count)


_TEMPLATE_LOCK = threading.Lock()  # the cached readers are shared; pypdf is not thread-safe
_NOTES = ("See Attachment, item {n}", "See Attachment {n}", "See Att. {n}", "Att. {n}", "*{n}")


def assemble(parts: list[Part]) -> tuple[PdfWriter, dict[str, tuple[int, int]], dict[str, str]]:
    """One writer holding every part's pages; with several parts, fields nest under the part.

    Returns the writer, each part's page range, and the prefix of its fields ("" or "part.").
    """
    writer = PdfWriter()
    ranges: dict[str, tuple[int, int]] = {}
    prefix: dict[str, str] = {}
    nest = len(parts) > 1
    top_fields: list[IndirectObject] = []
    acro_base: DictionaryObject | None = None
    for part in parts:
        reader = _template_reader(part.template)
        if reader.is_encrypted:
            raise FormMismatch(f"{part.template.name} is encrypted: the filler cannot use it")
        first = len(writer.pages)
        # The writer remembers what it cloned from each reader; forgetting it makes a second
        # copy of the same form get its own fields instead of sharing the first copy's.
        writer._id_translated.pop(id(reader), None)
        writer.append(reader, import_outline=False)
        if "/AcroForm" in reader.trailer["/Root"]:
            # Cloned before the writer forgets this reader: the fonts are shared, not copied.
            source = reader.trailer["/Root"]["/AcroForm"].get_object()
            if acro_base is None:
                acro_base = _acro_defaults(writer, source)
            else:
                _merge_fonts(writer, acro_base, source)
        writer._id_translated.pop(id(reader), None)
        ranges[part.name] = (first, len(writer.pages) - first)
        tops: list[IndirectObject] = []
        seen: set[int] = set()
        for page in writer.pages[first:]:
            for ref in page.get("/Annots", []) or []:
                obj = ref.get_object()
                if obj.get("/Subtype") != "/Widget":
                    continue
                node_ref: PdfObject = ref
                while "/Parent" in node_ref.get_object():
                    node_ref = node_ref.get_object().raw_get("/Parent")
                if isinstance(node_ref, IndirectObject) and node_ref.idnum not in seen:
                    seen.add(node_ref.idnum)
                    tops.append(node_ref)
        if nest:
            parent = DictionaryObject(
                {NameObject("/T"): TextStringObject(part.name), NameObject("/Kids"): ArrayObject()}
            )
            parent_ref = writer._add_object(parent)
            for t in tops:
                t.get_object()[NameObject("/Parent")] = parent_ref
                parent["/Kids"].append(t)
            top_fields.append(parent_ref)
            prefix[part.name] = f"{part.name}."
        else:
            top_fields.extend(tops)
            prefix[part.name] = ""
    acro = DictionaryObject({NameObject("/Fields"): ArrayObject(top_fields)})
    acro.update(acro_base or {})
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(acro)
    return writer, ranges, prefix


def _acro_defaults(writer: PdfWriter, source: DictionaryObject) -> DictionaryObject:
    """The form-wide defaults (resources, appearance string, quadding) for the output."""
    out = DictionaryObject()
    for key in ("/DR", "/DA", "/Q"):
        if key in source:
            out[NameObject(key)] = source.raw_get(key).clone(writer)
    return out


def _merge_fonts(writer: PdfWriter, base: DictionaryObject, source: DictionaryObject) -> None:
    """Add another form's default fonts (by name, first one wins): every /DA must find its
    font in /DR when a viewer redraws a field the user edits."""
    dr = source.get("/DR")
    fonts = dr.get_object().get("/Font") if dr is not None else None
    if fonts is None:
        return
    if "/DR" not in base:
        base[NameObject("/DR")] = DictionaryObject()
    base_dr = base["/DR"].get_object()
    if "/Font" not in base_dr:
        base_dr[NameObject("/Font")] = DictionaryObject()
    base_fonts = base_dr["/Font"].get_object()
    for name in list(fonts.get_object().keys()):
        if name not in base_fonts:
            base_fonts[NameObject(name)] = fonts.get_object().raw_get(name).clone(writer)


def fill(parts: list[Part], *, skip: Iterable[str] = ()) -> FilledDoc:
    """Fill every part; ``skip`` names fields (unqualified) to leave blank on purpose.

    Raises FormMismatch when a mapping names a field the form does not have, or a value of
    the wrong kind: a changed form must fail loudly, never fill half a petition.
    """
    skipped = set(skip)
    with _TEMPLATE_LOCK:
        writer, ranges, prefix = assemble(parts)
    fields = read_fields(writer)
    written: dict[str, Value] = {}
    overflow: list[Overflow] = []
    text_jobs: list[tuple[Widget, Fit, int]] = []
    for part in parts:
        for name, value in part.values.items():
            qname = prefix[part.name] + name
            info = fields.get(qname)
            if info is None:
                raise FormMismatch(f"{part.template.name}: the form has no field '{name}'")
            if name in skipped or value in ("", False):
                continue
            if info.read_only or info.kind not in ("text", "checkbox"):
                raise FormMismatch(f"{part.template.name}: field '{name}' is {info.kind}")
            if info.kind == "checkbox":
                if not isinstance(value, bool):
                    raise FormMismatch(f"{part.template.name}: '{name}' is a checkbox")
                _check(info)
                written[qname] = True
                continue
            if not isinstance(value, str):
                raise FormMismatch(f"{part.template.name}: '{name}' is a text field")
            text = value
            fits = [_fit(info, w, text) for w in info.widgets]
            if any(f is None for f in fits):
                n = len(overflow) + 1
                label = part.labels.get(name) or info.label or name
                overflow.append(Overflow(n, part.name, name, label, value))
                text, fits = _note_for(info, n)
            info.obj[NameObject("/V")] = TextStringObject(text)
            written[qname] = text
            for w, fit in zip(info.widgets, fits, strict=True):
                if fit is not None:
                    text_jobs.append((w, fit, info.quadding))
    _draw_text_appearances(writer, text_jobs)
    return FilledDoc(writer, written, overflow, ranges)


def _fit(info: FieldInfo, w: Widget, text: str) -> Fit | None:
    if info.max_len is not None and len(text) > info.max_len:
        return None
    x0, y0, x1, y1 = w.rect
    return fit_text(text, x1 - x0, y1 - y0, multiline=info.multiline, max_size=info.da_size)


def _note_for(info: FieldInfo, n: int) -> tuple[str, list[Fit | None]]:
    for template in _NOTES:
        note = template.format(n=n)
        fits = [_fit(info, w, note) for w in info.widgets]
        if all(f is not None for f in fits):
            return note, fits
    raise FormMismatch(f"field '{info.name}' is too small even for a reference to the addendum")


def _check(info: FieldInfo) -> None:
    states = info.on_states
    if len(states) != 1:
        raise FormMismatch(f"checkbox '{info.name}' has on-states {states}, expected exactly one")
    on = NameObject(states[0])
    info.obj[NameObject("/V")] = on
    for w in info.widgets:
        w.annot[NameObject("/AS")] = on if states[0] in w.states else NameObject("/Off")


def _draw_text_appearances(writer: PdfWriter, jobs: list[tuple[Widget, Fit, int]]) -> None:
    """Draw every filled text widget with reportlab, one page per widget, and attach each
    page to its widget as the normal appearance (a form XObject)."""
    if not jobs:
        return
    from reportlab.pdfgen.canvas import Canvas

    from expunge.petition.fonts import FONT, register, text_width

    register(bold=False)
    buf = BytesIO()
    c = Canvas(buf, invariant=True)
    for w, fit, quadding in jobs:
        x0, y0, x1, y1 = w.rect
        width, height = x1 - x0, y1 - y0
        c.setPageSize((width, height))
        c.setFont(FONT, fit.size)
        c.setFillGray(0)
        if len(fit.lines) == 1 and not _is_multiline_box(fit, height):
            base = (height - 0.72 * fit.size) / 2
            line = fit.lines[0]
            if quadding == 1:
                c.drawCentredString(width / 2, base, line)
            elif quadding == 2:
                c.drawRightString(width - PAD_X, base, line)
            else:
                c.drawString(PAD_X, base, line)
        else:
            y = height - PAD_Y_MULTI - 0.93 * fit.size
            for line in fit.lines:
                x = PAD_X
                if quadding == 1:
                    x = (width - text_width(line, fit.size)) / 2
                elif quadding == 2:
                    x = width - PAD_X - text_width(line, fit.size)
                c.drawString(x, y, line)
                y -= fit.size * LEADING
        c.showPage()
    c.save()
    drawn = PdfReader(BytesIO(buf.getvalue()))
    for (w, _, _), page in zip(jobs, drawn.pages, strict=True):
        x0, y0, x1, y1 = w.rect
        xobj = DecodedStreamObject()
        xobj.set_data(page.get_contents().get_data())
        xobj.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(x1 - x0), FloatObject(y1 - y0)]
                ),
                NameObject("/Resources"): page["/Resources"].clone(writer),
            }
        )
        ref = writer._add_object(xobj.flate_encode())
        w.annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
        mk = w.annot.get("/MK")
        if mk is not None and "/R" in mk.get_object() and int(mk.get_object()["/R"]) != 0:
            raise FormMismatch("a rotated text widget is not supported")


def _is_multiline_box(fit: Fit, height: float) -> bool:
    """A tall box (a multiline cell) reads from the top, a one-line box is centred."""
    return height > 2.2 * fit.size * LEADING


# --- flattening ---------------------------------------------------------------------------


def flatten(writer: PdfWriter) -> None:
    """Draw every widget's normal appearance into its page; drop the widgets and /AcroForm."""
    counter = 0
    for page in writer.pages:
        annots = page.get("/Annots")
        if not annots:
            continue
        keep = ArrayObject()
        ops: list[str] = []
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        xobjects = resources.get("/XObject")
        if xobjects is None:
            xobjects = DictionaryObject()
            resources[NameObject("/XObject")] = xobjects
        xobjects = xobjects.get_object()
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                keep.append(ref)
                continue
            if int(annot.get("/F", 0)) & _HIDDEN_FLAGS:
                continue
            stream_ref = _normal_appearance(annot)
            if stream_ref is None:
                continue
            counter += 1
            name = f"/FlatW{counter}"
            xobjects[NameObject(name)] = stream_ref
            ops.append(f"q {_placement(annot, stream_ref.get_object())} cm {name} Do Q")
        if keep:
            page[NameObject("/Annots")] = keep
        else:
            del page["/Annots"]
        page[NameObject("/Resources")] = resources
        if ops:
            _wrap_contents(writer, page, "\n".join(ops))
    if "/AcroForm" in writer.root_object:
        del writer.root_object["/AcroForm"]


def _normal_appearance(annot: DictionaryObject) -> IndirectObject | None:
    ap = annot.get("/AP")
    if ap is None:
        return None
    normal = ap.get_object().get("/N")
    if normal is None:
        return None
    if isinstance(normal.get_object(), DictionaryObject) and "/Subtype" not in normal.get_object():
        state = annot.get("/AS")
        if state is None or state not in normal.get_object():
            return None
        normal = normal.get_object().raw_get(state)
    return normal if isinstance(normal, IndirectObject) else None


def _placement(annot: DictionaryObject, stream: DictionaryObject) -> str:
    """The matrix that maps the appearance's BBox (after its Matrix) onto the widget Rect."""
    bbox = [float(v) for v in stream.get("/BBox", [0, 0, 1, 1])]
    a, b, c, d, e, f = [float(v) for v in stream.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    xs, ys = [], []
    for x, y in ((bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    rect = [float(v) for v in annot["/Rect"]]
    rx0, rx1 = sorted((rect[0], rect[2]))
    ry0, ry1 = sorted((rect[1], rect[3]))
    bw, bh = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    sx, sy = (rx1 - rx0) / bw, (ry1 - ry0) / bh
    return f"{sx:.5f} 0 0 {sy:.5f} {rx0 - min(xs) * sx:.4f} {ry0 - min(ys) * sy:.4f}"


def _wrap_contents(writer: PdfWriter, page: DictionaryObject, ops: str) -> None:
    contents = page.get("/Contents")
    existing: list[PdfObject] = []
    if contents is not None:
        raw = page.raw_get("/Contents")
        obj = contents.get_object()
        existing = list(obj) if isinstance(obj, ArrayObject) else [raw]
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(f"\nQ\n{ops}\n".encode("latin-1"))
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )


def to_bytes(writer: PdfWriter) -> bytes:
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


def set_need_appearances_off(writer: PdfWriter) -> None:
    """Appearances are drawn here; a viewer that rebuilt them would lose the embedded font."""
    acro = writer.root_object.get("/AcroForm")
    if acro is not None and "/NeedAppearances" in acro.get_object():
        del acro.get_object()["/NeedAppearances"]


__all__ = [
    "FieldInfo",
    "FilledDoc",
    "FormMismatch",
    "Overflow",
    "Part",
    "fill",
    "flatten",
    "read_fields",
    "template_bytes",
    "template_fields",
    "to_bytes",
]

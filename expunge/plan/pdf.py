"""The plan as a printable PDF (reportlab), in DejaVu Sans so that names such as
"José Nguyễn" print as typed. Every user value is escaped: reportlab's Paragraph reads
markup, and an unescaped ``<`` would break it (or an ``<img>`` would fetch a URL).
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from expunge.plan.text import DISCLAIMER, Plan, PlanItem

FONT = "ExpungeSans"
FONT_BOLD = "ExpungeSans-Bold"


def _font_dir() -> Path:
    from expunge.law.library import data_dir

    return data_dir("forms") / "fonts"


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = _font_dir()
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _e(text: str) -> str:
    return escape(text)


def plan_pdf_bytes(plan: Plan) -> bytes:
    """The PDF document for ``plan``."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, spaceAfter=3)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor="#333333")
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=23)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=10
    )
    case_style = ParagraphStyle("case", parent=body, fontName=FONT_BOLD, spaceBefore=6)
    indent = ParagraphStyle("indent", parent=body, leftIndent=14)
    indent_small = ParagraphStyle("indent_small", parent=small, leftIndent=14)

    d = date.fromisoformat(plan.as_of)
    who = f" for {_e(plan.person_name)}" if plan.person_name else ""
    story: list = [
        Paragraph(f"Your record-clearing plan{who}", title),
        Paragraph(f"As of {d.day} {d.strftime('%B')} {d.year}", body),
        Spacer(1, 6),
    ]

    def item_block(item: PlanItem) -> KeepTogether:
        parts = [
            Paragraph(_e(item.case_label), case_style),
            Paragraph(_e(item.sentence), indent),
        ]
        if item.how:
            parts.append(Paragraph(_e(item.how), indent))
        if item.check_by:
            parts.append(Paragraph(_e(f"It must be done by {item.check_by}."), indent))
        for q in item.questions:
            parts.append(Paragraph("To find out: " + _e(q), indent))
        for h in item.helps:
            parts.append(Paragraph("Could help: " + _e(h), indent))
        if item.cites:
            parts.append(Paragraph("Law: " + _e("; ".join(item.cites)), indent_small))
        return KeepTogether(parts)

    sections = (
        ("Can be cleared now", plan.now),
        ("Can be cleared later, on these dates", plan.later),
        ("We still need to find out", plan.unknown),
        ("Not available under the rules we know", plan.not_available),
    )
    for name, items in sections:
        if items:
            story.append(Paragraph(name, heading))
            story.extend(item_block(i) for i in items)
    if plan.bring:
        story.append(Paragraph("What to bring", heading))
        story.extend(Paragraph("• " + _e(b), indent) for b in plan.bring)
    if plan.problems:
        story.append(Paragraph("Dates to check first", heading))
        story.extend(Paragraph("• " + _e(p), indent) for p in plan.problems)
    story += [Spacer(1, 12), Paragraph(_e(DISCLAIMER), small)]

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(inch * 0.75, inch * 0.5, f"Record-clearing plan, as of {plan.as_of}")
        canvas.drawRightString(LETTER[0] - inch * 0.75, inch * 0.5, f"page {doc.page}")
        canvas.restoreState()

    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.9 * inch,
        title="Record-clearing plan",
        author="expunge",
        subject="Plain-language plan",
        creator="expunge",
        initialFontName=FONT,  # no Helvetica anywhere: it cannot print every name
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def write_plan_pdf(plan: Plan, path: Path) -> Path:
    """Write the plan PDF to ``path`` (owner-only)."""
    from expunge.store.location import write_private

    return write_private(path, plan_pdf_bytes(plan))

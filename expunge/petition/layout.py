"""Shared page furniture for generated pages (pleadings and form addenda): styles, the
caption box, signature lines and the "Page X of Y" footer.

Every string that reaches a reportlab ``Paragraph`` goes through ``esc``: Paragraph reads
markup, so an unescaped ``<`` in a name would break the page (or an ``<img>`` fetch a URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from expunge.petition.fonts import FONT, FONT_BOLD, register

NBSP = "\xa0"


def esc(text: str) -> str:
    return escape(text)


def keep_together(text: str) -> str:
    """A short citation never breaks across lines ("ORS 419A.262(2)"); a long one may wrap
    at its spaces (kept whole it would have to be split inside a word)."""
    return text.replace(" ", NBSP) if len(text) <= 36 else text


@dataclass(frozen=True)
class Styles:
    body: Any
    para: Any
    sub: Any
    center: Any
    center_bold: Any
    title: Any
    heading: Any
    small: Any
    caption: Any
    item: Any


def styles() -> Styles:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle

    register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, alignment=TA_JUSTIFY)
    return Styles(
        body=body,
        # Left-aligned: justified lines with long unbreakable citations leave wide gaps.
        para=ParagraphStyle(
            "para",
            parent=body,
            alignment=0,
            firstLineIndent=0,
            leftIndent=24,
            bulletIndent=0,
            spaceAfter=7,
        ),
        sub=ParagraphStyle(
            "sub",
            parent=body,
            alignment=0,
            leftIndent=48,
            bulletIndent=26,
            spaceAfter=3,
            fontSize=10.5,
            leading=14.5,
        ),
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER, leading=15),
        center_bold=ParagraphStyle(
            "center_bold", parent=body, alignment=TA_CENTER, fontName=FONT_BOLD, leading=15
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            alignment=TA_CENTER,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=10,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            alignment=TA_CENTER,
            fontName=FONT_BOLD,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        caption=ParagraphStyle("caption", parent=body, alignment=0, leading=15),
        item=ParagraphStyle("item", parent=body, alignment=0, spaceAfter=2),
    )


def caption_box(party: list[str], right: list[str], divider: str, width: float, st: Styles) -> Any:
    """The caption: parties on the left, case number (and title) on the right, divided by a
    column of ')' or '§' as tall as the taller side."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    left_w, mid_w = width * 0.52, width * 0.05
    right_w = width - left_w - mid_w
    left = Paragraph("<br/>".join(party), st.caption)
    rightp = Paragraph("<br/>".join(right), st.caption)
    _, h_left = left.wrap(left_w - 12, 10_000)
    _, h_right = rightp.wrap(right_w - 12, 10_000)
    lines = max(1, round(max(h_left, h_right) / st.caption.leading))
    mid = Paragraph("<br/>".join([esc(divider)] * lines), st.caption)
    # splitInRow: a very long name (a 2,000-character one was tried) makes the caption taller
    # than a page; the row then continues on the next page instead of failing the layout
    table = Table([[left, mid, rightp]], colWidths=[left_w, mid_w, right_w], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def date_and_signature(left: str, right: list[str], st: Styles, width: float) -> list[Any]:
    """'Date' line on the left, signature line on the right, side by side (a list to wrap in
    one KeepTogether: nested KeepTogethers make reportlab break the page needlessly)."""
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    cells = [[Paragraph(left, st.small), "", Paragraph("<br/>".join(right), st.small)]]
    table = Table(cells, colWidths=[width * 0.35, width * 0.15, width * 0.5], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (0, 0), 0.8, "black"),
                ("LINEABOVE", (2, 0), (2, 0), 0.8, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 28), table]


def numbered_canvas(footer_left: str) -> type:
    """A canvas class that prints "Page X of Y" on every page (two passes over the pages)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(FONT, 8.5)
                self.setFillGray(0.25)
                width = LETTER[0]
                self.drawString(72, 36, footer_left[:90])
                self.drawRightString(width - 72, 36, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas

"""The addendum printed after an official form: values that did not fit their field, in
full, and rows the form has no room for. Nothing is ever cut to fit."""

from __future__ import annotations

from io import BytesIO

from expunge.petition.layout import esc, numbered_canvas, styles


def addendum_pdf(form_label: str, name: str, entries: list[tuple[str, str]]) -> bytes:
    """Pages headed 'Attachment to <form>', one numbered item per (heading, text)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.units import inch
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    st = styles()
    story = [
        Paragraph(esc(f"ATTACHMENT TO {form_label.upper()}"), st.title),
        Paragraph(esc(f"Name: {name}"), st.body),
        Spacer(1, 10),
    ]
    for n, (heading, text) in enumerate(entries, start=1):
        story.append(
            KeepTogether(
                [
                    Paragraph(f"<b>{esc(f'Item {n}. {heading}')}</b>", st.body),
                    Paragraph(esc(text), st.item),
                ]
            )
        )
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.8 * inch,
        bottomMargin=0.9 * inch,
        title=f"Attachment to {form_label}",
        author="",
        creator="expunge",
    )
    doc.build(story, canvasmaker=numbered_canvas(f"Attachment to {form_label}"))
    return buf.getvalue()

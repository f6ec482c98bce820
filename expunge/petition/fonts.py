"""The embedded font: DejaVu Sans (regular and bold), shipped in ``forms/fonts``.

The standard PDF fonts cannot show names such as "Nguyễn"; a TrueType font embedded in the
file shows them in every viewer. Registration with reportlab happens once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT = "PetitionSans"
FONT_BOLD = "PetitionSans-Bold"


def font_dir() -> Path:
    from expunge.law.library import data_dir

    return data_dir("forms") / "fonts"


@cache
def _register(name: str, file: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(name, str(font_dir() / file)))


def register(*, bold: bool = True) -> None:
    """Register DejaVu Sans with reportlab as ``FONT`` (and ``FONT_BOLD``). Parsing a font
    file takes a while: form filling, which needs only the regular face, skips the bold."""
    from reportlab.pdfbase import pdfmetrics

    _register(FONT, "DejaVuSans.ttf")
    if bold:
        _register(FONT_BOLD, "DejaVuSans-Bold.ttf")
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )


def text_width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register(bold=bold)
    return stringWidth(text, FONT_BOLD if bold else FONT, size)

"""Filling a DataTable with columns sized up front.

Textual measures auto-width columns later, when the table is idle; a table refilled while
a dialog covers its screen can then be drawn with the header widths and keep that drawing.
Giving every column its width when the rows are added avoids that, and keeps user text
out of markup (cells are ``Text``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

Cell = str | Text


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else Text(cell).cell_len


def fill(
    table: DataTable[Any],
    labels: list[str],
    rows: list[tuple[str | None, list[Cell]]],
) -> None:
    """Replace the table's columns and rows; each row is (key, cells)."""
    widths = [len(label) for label in labels]
    for _, cells in rows:
        for i, cell in enumerate(cells):
            widths[i] = max(widths[i], _width(cell))
    table.clear(columns=True)
    for label, width in zip(labels, widths, strict=True):
        table.add_column(label, width=width)
    for key, cells in rows:
        table.add_row(*[c if isinstance(c, Text) else Text(c) for c in cells], key=key)

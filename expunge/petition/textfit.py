"""Fitting a value into a form field's rectangle: font size and line breaks, or "does not fit".

The decision is made before anything is drawn, so that a value that does not fit goes to a
continuation sheet or an addendum instead of being cut at the field's edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from expunge.petition.fonts import text_width

MIN_SIZE = 6.0  # smaller than this is unreadable on a printed form
PAD_X = 2.0
PAD_Y = 1.0
PAD_Y_MULTI = 2.5  # a table cell's text keeps clear of the rules above and below
LEADING = 1.15
_LINE_BOX = 1.17  # ascent + descent of DejaVu Sans, in ems


@dataclass(frozen=True, slots=True)
class Fit:
    size: float
    lines: tuple[str, ...]


def _break_word(word: str, width: float, size: float) -> list[str]:
    """Split a word too long for the line into pieces that fit."""
    pieces: list[str] = []
    cur = ""
    for ch in word:
        if cur and text_width(cur + ch, size) > width:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def wrap(text: str, width: float, size: float, *, break_words: bool = True) -> list[str] | None:
    """Greedy word wrap; explicit newlines are kept. Without ``break_words``, None when a
    single word is wider than the line."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for word in para.split(" "):
            if not word:
                continue
            trial = f"{cur} {word}" if cur else word
            if text_width(trial, size) <= width:
                cur = trial
                continue
            if cur:
                lines.append(cur)
            if text_width(word, size) <= width:
                cur = word
            elif not break_words:
                return None
            else:
                *head, cur = _break_word(word, width, size)
                lines.extend(head)
        lines.append(cur)
    return lines


def fit_text(
    text: str, width: float, height: float, *, multiline: bool, max_size: float = 0
) -> Fit | None:
    """The largest size (at most ``max_size``; 0 = automatic) at which ``text`` fits, or None."""
    inner_w = width - 2 * PAD_X
    inner_h = height - 2 * (PAD_Y_MULTI if multiline else PAD_Y)
    if inner_w <= 0 or inner_h <= 0:
        return None
    if multiline:
        size = min(max_size or 10.0, inner_h / _LINE_BOX)
    else:
        size = min(max_size or 10.0, inner_h / LEADING * 1.05)
        if "\n" in text:
            return None
    start = round(size * 2) / 2
    # Multiline: shrink before splitting a word ("2021-JD-0001" stays whole); split words
    # only when no size keeps them whole.
    for break_words in (False, True) if multiline else (False,):
        size = start
        while size >= MIN_SIZE:
            if multiline:
                lines = wrap(text, inner_w, size, break_words=break_words)
                tall = ((len(lines) - 1) * LEADING + _LINE_BOX) * size if lines else 0.0
                if lines is not None and tall <= inner_h + 0.01:
                    return Fit(size, tuple(lines))
            elif text_width(text, size) <= inner_w:
                return Fit(size, (text,))
            size -= 0.5
    return None

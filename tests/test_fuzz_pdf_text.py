"""Hostile text in every PDF the app writes (issue #7): markup, an ``<img>`` that would fetch
a URL, entities, control characters, right-to-left scripts, combining marks, emoji and a
2,000-character name go into the pleading, an official form and the plan. Each is written
without error and without the network; the markup comes out as literal text (no image is
fetched or drawn), and the long name is printed in full (in the official forms, on the
attachment for values that do not fit their field).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from petition_samples import il_felony_record, ma_record, wa_record
from pypdf import PdfReader

from expunge.law.engine import assess
from expunge.petition import render_petition
from expunge.plan import build_plan
from expunge.plan.pdf import plan_pdf_bytes
from expunge.record import Record

CONTROL = "".join(chr(i) for i in range(32))
MARKUP = '<b>Bold</b> <img src="http://example.invalid/x.png"/> &amp; Tom & Jerry'
HEBREW, ARABIC = "שלום", "مرحبا"
HOSTILE = f"Zed {MARKUP} ctl[{CONTROL}]ctl {HEBREW} {ARABIC} Zoe\u0301 \U0001f469 end"
LONG = " ".join(f"Longname{i:04d}" for i in range(1, 183))  # 2,001 characters
assert len(LONG) > 2000

SAMPLES: dict[str, Callable[[], tuple[Record, date]]] = {
    "pleading (WA)": wa_record,
    "official form (MA)": ma_record,
    "official form (IL)": il_felony_record,
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse and record any attempt to reach the network (an <img> would try)."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., None]:
        def guard(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise AssertionError(f"network use: {name}")

        return guard

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts
    assert attempts == []


def _pages(data: bytes) -> list:  # type: ignore[type-arg]
    return list(PdfReader(BytesIO(data)).pages)


def _text(data: bytes) -> str:
    text = "\n".join(p.extract_text() for p in _pages(data))
    return " ".join(text.replace("\xa0", " ").split())


def _images(data: bytes) -> int:
    return sum(len(p.images) for p in _pages(data))


def _hostile(record: Record, name: str) -> Record:
    record = record.model_copy(deep=True)
    record.person.name = name
    record.person.aliases = [f"Alias {MARKUP}"]
    case = record.cases[0]
    case.county = "Lane <i>x</i> \x07\x1b[31m"
    case.docket = "D-<script>1</script>-\u202e7"
    case.offenses[0].description = "<img src='http://example.invalid/y.png'/> theft &lt;"
    return record


def _name_in_full(text: str) -> bool:
    """Every word of LONG, in order, at one place in the text; page footers and headers
    that fall between two of its lines at a page break are passed over."""
    words = [w for w in text.lower().split() if w.startswith("longname")]
    name = LONG.lower().split()
    return any(words[i : i + len(name)] == name for i in range(len(words)))


def _has_rtl(text: str, word: str) -> bool:
    # reportlab writes the letters in typed (logical) order; pypdf's extraction reverses
    # right-to-left runs, so either order shows the letters all arrived
    return word in text or word[::-1] in text


@pytest.mark.parametrize("which", list(SAMPLES))
def test_petition_prints_hostile_text_literally(which: str) -> None:
    record, as_of = SAMPLES[which]()
    base, _, _ = render_petition(record, ["c1"], as_of=as_of)
    data, flat, result = render_petition(
        _hostile(record, HOSTILE), ["c1"], as_of=as_of, flatten=True
    )
    assert result.pages >= 1
    for pdf in (data, flat) if flat else (data,):
        text = _text(pdf)
        low = text.lower()  # captions print the name in capitals
        assert "<b>bold</b>" in low and '<img src="http://example.invalid/x.png"/>' in low
        assert "&amp; tom & jerry" in low
        assert "ctl[" in low and "]ctl" in low
        assert _has_rtl(text, HEBREW) and _has_rtl(text, ARABIC)
        assert "zoé" in low or "zoe\u0301" in low
        assert "end" in low
        # the markup was not obeyed: no image more than the form itself has
        assert _images(pdf) == _images(base)


@pytest.mark.parametrize("which", list(SAMPLES))
def test_petition_prints_a_2000_character_name_in_full(which: str) -> None:
    record, as_of = SAMPLES[which]()
    data, _, result = render_petition(_hostile(record, LONG), ["c1"], as_of=as_of)
    assert _name_in_full(_text(data))
    if result.kind == "official":
        assert any("attachment" in n for n in result.notes)


@pytest.mark.parametrize("name", [HOSTILE, LONG], ids=["hostile", "long"])
def test_plan_pdf_with_hostile_text(name: str) -> None:
    record, as_of = wa_record()
    record = _hostile(record, name)
    data = plan_pdf_bytes(build_plan(record, assess(record, as_of, today=as_of)))
    text = _text(data)
    assert _images(data) == 0
    assert "<img src='http://example.invalid/y.png'/> theft &lt;" in text
    assert "D-<script>1</script>" in text
    if name is LONG:
        assert _name_in_full(text)
    else:
        assert MARKUP in text
        assert _has_rtl(text, HEBREW) and _has_rtl(text, ARABIC)

"""The generated pleading, for a relief path with no official form shipped: caption,
numbered paragraphs (the person, the facts of each case, the statutory grounds with their
citations), the relief requested, the agencies to serve, verification and signature
blocks, certificate of service, and a proposed order on its own page.

The words come from ``forms/pleading/<st>.toml`` (see ``wording``); the facts from the
record and the engine's assessment. Every value is escaped before it reaches reportlab.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from expunge.law.result import CiteRef, PathResult
from expunge.petition.facts import (
    BLANK,
    OUTCOME_WORDS,
    long_date,
    offense_text,
)
from expunge.petition.layout import (
    caption_box,
    date_and_signature,
    esc,
    keep_together,
    numbered_canvas,
    styles,
)
from expunge.petition.model import CaseItem, PetitionError, PetitionInput
from expunge.petition.wording import Wording, wording

_UNKNOWN_COUNTY = "______________"


class _Fmt:
    """Fills templates: the template's own text and every value are escaped."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = {k: esc(v) for k, v in values.items()}

    def __call__(self, template: str) -> str:
        return esc(template).format_map(self.values)


def values_for(inp: PetitionInput, w: Wording, path: PathResult | None) -> dict[str, str]:
    """The placeholder values (see ``wording.PLACEHOLDERS``) for one petition."""
    name = BLANK if inp.blank_personal or not inp.name else inp.name
    dob = long_date(inp.record.person.dob)
    if inp.blank_personal or not dob:
        dob = BLANK
    county = inp.county or _UNKNOWN_COUNTY
    dockets = [i.case.docket for i in inp.items if i.case.docket]
    kind = path.kind if path else "expungement"
    verbs = w.verbs.get(kind) or w.verbs["expungement"]
    title = _fmt_plain(w.title, w, name=name, county=county)
    return {
        "name": name,
        "NAME": name.upper(),
        "dob": dob,
        "county": county,
        "COUNTY": county.upper(),
        "dockets": ", ".join(dockets) if dockets else "______________",
        "state_name": w.state_name,
        "title": title,
        "TITLE": title.upper(),
        "verb": verbs.verb,
        "verb_past": verbs.verb_past,
        "verb_ing": verbs.verb_ing,
        "noun": path.state_word if path else verbs.verb,
        "party_word": w.party_word,
        "PARTY_WORD": w.party_word.upper(),
        "doc_word": w.doc_word,
        "records": w.records,
    }


def _fmt_plain(template: str, w: Wording, **extra: str) -> str:
    """A title may use a few placeholders itself (rendered before escaping)."""
    base = {"state_name": w.state_name, "party_word": w.party_word, "doc_word": w.doc_word}
    try:
        return template.format_map({**base, **extra})
    except KeyError:
        return template


def _cite(ref: CiteRef) -> str:
    return keep_together(ref.cite)


def _cites(refs: list[CiteRef]) -> str:
    seen: list[str] = []
    for r in refs:
        if r.cite not in seen:
            seen.append(r.cite)
    return "; ".join(keep_together(c) for c in seen)


def case_facts(item: CaseItem, w: Wording, inp: PetitionInput) -> str:
    """One case's facts, in plain sentences; unknown facts are left out, never guessed."""
    c = item.case
    party = w.party_word
    where = ", ".join(x for x in (c.court or "", f"{c.county} County" if c.county else "") if x)
    head = f"Case No. {c.docket}" if c.docket else "A case without a docket number"
    bits = [f"{head}{f' ({where})' if where else ''}."]
    offenses = "; ".join(offense_text(o) for o in c.offenses)
    when = long_date(c.arrest_date)
    if offenses:
        verb = "arrested or referred" if c.court_type == "juvenile" else "charged"
        bits.append(
            f"On {when}, {party} was {verb} for: {offenses}."
            if when
            else f"{party} was {verb} for: {offenses}."
        )
    if c.petition_date:
        bits.append(f"A petition was filed on {long_date(c.petition_date)}.")
    if c.outcome:
        out = OUTCOME_WORDS.get(c.outcome, c.outcome)
        on = f" on {long_date(c.outcome_date)}" if c.outcome_date else ""
        bits.append(f"The case ended in {out}{on}.")
    if c.supervised is True and c.supervision_end:
        bits.append(f"Supervision ended on {long_date(c.supervision_end)}.")
    elif c.supervised is False:
        bits.append(f"{party} was not placed on supervision.")
    if c.confined and c.release_date:
        bits.append(f"{party} was released from confinement on {long_date(c.release_date)}.")
    if c.restitution_owed is False:
        bits.append("No restitution is owed.")
    if c.registration_required is False:
        bits.append("No registration is required.")
    return esc(" ".join(bits))


def _exclusion_reasons(state: str, path_id: str) -> tuple[set[str], str]:
    """The path's exclusions as the statute file words them: each reason, and all joined."""
    from expunge.law.library import load_state

    law_path = next((p for p in load_state(state).paths if p.id == path_id), None)
    if law_path is None:
        return set(), ""
    reasons = [e.reason for e in law_path.exclusions]
    return set(reasons), "; ".join(reasons)


def grounds(item: CaseItem, w: Wording, fmt: _Fmt, inp: PetitionInput) -> tuple[str, list[str]]:
    """The grounds paragraph for one case and its lettered sub-items: the requirements met,
    the exclusions that do not apply (an exclusion's text names the bar, so it is never
    listed as if it were a requirement), and the time rules."""
    p = item.path
    if p is None:
        raise PetitionError(f"case {item.case.id}: no relief path was chosen")
    head = f"{fmt(w.grounds_intro)} {_cites(p.cites)}: {esc(p.title)}."
    excluded, joined = _exclusion_reasons(inp.state, p.path_id)
    subs: list[str] = []
    exclusion_cites: list[CiteRef] = []
    exclusion_texts: list[str] = []
    for step in p.steps:
        if step.outcome != "met" or not step.rule or step.rule.startswith("covers:"):
            continue
        if step.rule in excluded or (joined and step.rule == joined):
            exclusion_cites.append(step.cite)
            for reason in step.rule.split("; ") if step.rule == joined else [step.rule]:
                if reason not in exclusion_texts:
                    exclusion_texts.append(reason)
            continue
        rule = step.rule[0].upper() + step.rule[1:]
        subs.append(f"{esc(rule.rstrip('.'))} ({_cite(step.cite)}).")
    if exclusion_texts:
        subs.append(
            f"{fmt(w.exclusions_intro)} {esc('; '.join(exclusion_texts))}"
            f" ({_cites(exclusion_cites)})."
        )
    for cand in p.candidates:
        subs.append(f"{fmt(w.time_intro)} {esc(cand.reason)} ({_cite(cand.cite)}).")
    if p.key_date and p.status in ("eligible", "eligible_on"):
        when = long_date(p.key_date)
        if p.status == "eligible_on" and p.key_date > inp.as_of.isoformat():
            subs.append(esc(f"{w.party_word} becomes eligible on {when}."))
        else:
            subs.append(esc(f"{w.party_word} has been eligible since {when}."))
    return head, subs


def all_cites(item: CaseItem) -> list[str]:
    """Every citation the pleading prints for a case (tests check each one is there)."""
    p = item.path
    if p is None:
        return []
    refs = list(p.cites)
    refs += [
        s.cite
        for s in p.steps
        if s.outcome == "met" and s.rule and not s.rule.startswith("covers:")
    ]
    refs += [c.cite for c in p.candidates]
    return sorted({r.cite for r in refs})


def _wording_for(inp: PetitionInput) -> Wording:
    first = inp.items[0]
    kind = first.path.kind if first.path else ""
    pid = first.path.path_id if first.path else ""
    w = wording(inp.state, pid, first.case.court_type, kind)
    for item in inp.items[1:]:
        other = wording(
            inp.state,
            item.path.path_id if item.path else "",
            item.case.court_type,
            item.path.kind if item.path else "",
        )
        if other != w:
            raise PetitionError(
                "these cases need different petitions (different courts, captions or relief):"
                " write one petition per case"
            )
    return w


def pleading_pdf(inp: PetitionInput) -> tuple[bytes, list[str], int]:
    """The pleading as PDF bytes, the notes for the person filing, and the page count."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.units import inch
    from reportlab.platypus import (
        KeepTogether,
        ListFlowable,
        ListItem,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )

    try:
        w = _wording_for(inp)
    except KeyError:
        raise PetitionError(f"no pleading wording for {inp.state} (forms/pleading/)") from None
    first_path = inp.items[0].path
    values = values_for(inp, w, first_path)
    fmt = _Fmt(values)
    order_title = _fmt_plain(w.order_title, w, name=values["name"], county=values["county"])
    fmt_order = _Fmt({**values, "title": order_title, "TITLE": order_title.upper()})
    st = styles()
    margin = inch
    width = LETTER[0] - 2 * margin
    notes: list[str] = [*w.filing_notes]
    if not w.caption_verified:
        notes.append(f"Caption: {w.caption_note}")

    def caption(f: _Fmt, *, with_title: bool = True) -> list[Any]:
        out: list[Any] = [Paragraph(f(line), st.center_bold) for line in w.header]
        out.append(Spacer(1, 8))
        right = [x for x in w.right if with_title or ("{TITLE}" not in x and "{title}" not in x)]
        while right and not right[-1]:
            right.pop()
        out.append(
            caption_box([f(x) for x in w.party], [f(x) for x in right], w.divider, width, st)
        )
        return out

    title_in_box = any("{TITLE}" in x or "{title}" in x for x in (*w.party, *w.right))
    story: list[Any] = caption(fmt)
    if not title_in_box:
        story.append(Paragraph(fmt("{TITLE}"), st.title))
    else:
        story.append(Spacer(1, 10))
    story.append(Paragraph(fmt(w.intro), st.body))
    story.append(Spacer(1, 8))

    n = 0

    def numbered(text: str, subs: list[str] | None = None) -> None:
        nonlocal n
        n += 1
        story.append(Paragraph(text, st.para, bulletText=f"{n}."))
        for k, sub in enumerate(subs or []):
            story.append(Paragraph(sub, st.sub, bulletText=f"({chr(97 + k % 26)})"))

    person = fmt(w.facts_intro)
    if inp.record.person.aliases and not inp.blank_personal:
        person += " " + esc("Other names used: " + "; ".join(inp.record.person.aliases) + ".")
    numbered(person)
    for item in inp.items:
        numbered(case_facts(item, w, inp))
    for item in inp.items:
        head, subs = grounds(item, w, fmt, inp)
        label = f"Case No. {item.case.docket}" if item.case.docket else f"Case {item.case.id}"
        numbered(f"{esc(label)}. {head}", subs)
    for extra in w.extra_paragraphs:
        numbered(fmt(extra))
    story.append(Spacer(1, 4))
    story.append(Paragraph(fmt(w.relief), st.body))

    story.append(Paragraph(fmt(w.agencies_title), st.heading))
    story.append(Paragraph(fmt(w.agencies_intro), st.body))
    story.append(
        ListFlowable(
            [ListItem(Paragraph(fmt(a), st.item), leftIndent=30) for a in w.agencies],
            bulletType="a",
            bulletFormat="(%s)",
            leftIndent=30,
            bulletFontName=st.body.fontName,
        )
    )
    story.append(Spacer(1, 8))
    story.append(
        KeepTogether(
            [
                Paragraph(fmt(w.submitted), st.body),
                *date_and_signature("Date", [fmt(x) for x in w.signature_lines], st, width),
                Spacer(1, 10),
                *[Paragraph(fmt(x), st.small) for x in w.attorney_lines],
            ]
        )
    )

    verification: list[Any] = [
        Paragraph(fmt(w.verification_title), st.heading),
        Paragraph(fmt(w.verification), st.body),
        *date_and_signature("Date", [fmt("Signature of {party_word}"), fmt("{name}")], st, width),
    ]
    if w.notary:
        verification += [
            Spacer(1, 10),
            Paragraph(
                fmt(w.notary_text),
                st.body,
            ),
            *date_and_signature(
                "My commission expires", ["Notary Public", "Printed name and seal"], st, width
            ),
        ]
    story.append(KeepTogether(verification))
    story.append(
        KeepTogether(
            [
                Paragraph(fmt(w.service_title), st.heading),
                Paragraph(fmt(w.service), st.body),
                *date_and_signature("Date", ["Signature", "Printed name"], st, width),
            ]
        )
    )

    # The proposed order, on its own page.
    story.append(PageBreak())
    story += caption(fmt_order, with_title=False)
    story.append(Paragraph(esc(order_title.upper()), st.title))
    story.append(Paragraph(fmt(w.order_intro), st.body))
    story.append(Spacer(1, 6))
    for k, item in enumerate(inp.items, start=1):
        p = item.path
        assert p is not None  # grounds() above refused a case without a path
        label = f"Case No. {item.case.docket}" if item.case.docket else f"Case {item.case.id}"
        offenses = "; ".join(offense_text(o, with_level=False) for o in item.case.offenses)
        text = (
            f"{esc(label)}{esc(f' ({offenses})') if offenses else ''}: "
            f"{fmt(w.order_findings_intro)} {_cites(p.cites)}."
        )
        story.append(Paragraph(text, st.para, bulletText=f"{k}."))
    story.append(Paragraph(fmt(w.ordered_heading), st.heading))
    for k, directive in enumerate(w.order_directives, start=1):
        story.append(Paragraph(fmt(directive), st.para, bulletText=f"{k}."))
    story.append(
        KeepTogether(
            date_and_signature(fmt(w.order_signature[1]), [fmt(w.order_signature[0])], st, width)
        )
    )

    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=0.8 * inch,
        bottomMargin=0.9 * inch,
        title=values["title"],
        author="",
        subject="Court petition",
        creator="expunge",
    )
    doc.build(story, canvasmaker=numbered_canvas(values["title"]))
    return buf.getvalue(), notes, doc.page  # pypdf is not needed (nor imported) here

"""The batch runner: chunks of lines → worker processes → ordered output and a tally.

The main process only cuts the input into chunks of about ``chunk_rows`` lines (never
splitting a person), hands them to the workers, writes their output in input order and
adds up their counts. At most a few chunks are in flight, so memory stays flat however
long the file is.

Grouping rule: a person's rows must be next to each other (sort by ``person_id``). A person
id that turns up again after other people's rows is screened as a separate person; the
run counts and reports it (a fixed-size Bloom filter spots it, so memory stays bounded).

People whose facts are the same (down to every date) share one assessment: the worker
keeps a bounded cache keyed on the facts the engine reads, with stand-in case ids.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from expunge.batch.columns import (
    CaseFacts,
    PersonFacts,
    RowError,
    Vocabulary,
    check_row,
    merge_person,
    placeholder,
    record_dict,
)
from expunge.batch.reader import Layout, Source, parse_line
from expunge.batch.summary import WAITS, CaseCount, Tally, most_serious
from expunge.dates import add_period

OUT_COLUMNS = (
    "line",
    "person_id",
    "case_id",
    "state",
    "status",
    "key_date",
    "path",
    "citation",
    "reason",
)


@dataclass(frozen=True, slots=True)
class Settings:
    layout: Layout
    as_of: date
    today: date
    out_fmt: str  # "csv" or "jsonl"
    cache_size: int = 4096  # people; repeats are usually few distinct patterns


@dataclass(slots=True)
class Outcome:
    """The line of output for one case, as the engine decided it (ids as stand-ins)."""

    status: str
    key_date: str
    path: str
    citation: str
    reason: str
    automatic_done: bool | None


@dataclass
class ChunkResult:
    text: str
    tally: Tally
    people: list[str] = field(default_factory=list)  # person ids, in order of their groups
    cache_hits: int = 0


def case_outcome(cr: Any) -> Outcome:
    """Status, key date, path, citation and top reason of one expunge.law CaseResult.

    The best path is the engine's own pick (``best_path``) and the reason its summary.
    When no path is open, the "closest" path is the one that got furthest (most steps met)
    before failing: its first failing step is the reason, with that step's citation.
    """
    if not cr.modeled:
        return Outcome("not_modeled", "", "", "", cr.summary, None)
    best = next((p for p in cr.paths if p.path_id == cr.best_path), None)
    if best is not None:
        cite = best.cites[0].label() if best.cites else ""
        return Outcome(
            best.status, best.key_date or "", best.path_id, cite, cr.summary, best.automatic_done
        )
    if not cr.paths:
        return Outcome("ineligible", "", "", "", cr.summary, None)
    closest = max(cr.paths, key=lambda p: sum(1 for s in p.steps if s.outcome == "met"))
    fail = next((s for s in closest.steps if s.outcome == "fails"), None)
    if fail is None:
        return Outcome("ineligible", "", closest.path_id, "", cr.summary, None)
    reason = f"{cr.summary}. Closest: {closest.title}: {fail.fact} ({fail.rule})"
    return Outcome("ineligible", "", closest.path_id, fail.cite.label(), reason, None)


class Screener:
    """Screens chunks of lines; one lives in each worker process."""

    def __init__(self, settings: Settings, vocab: Vocabulary | None = None) -> None:
        from expunge.law.engine import assess
        from expunge.law.library import load_state
        from expunge.record import Record

        self.s = settings
        self.vocab = vocab or Vocabulary.load()
        self.laws = {st: load_state(st) for st in self.vocab.modeled}
        self._assess = assess
        self._record = Record
        self.cache: dict[tuple, list[Outcome]] = {}
        a = settings.as_of
        # the waiting-time buckets: calendar months and years after the as-of date
        self.wait_edges = [
            add_period(a, months=6).isoformat(),
            add_period(a, years=1).isoformat(),
            add_period(a, years=2).isoformat(),
            add_period(a, years=3).isoformat(),
            add_period(a, years=5).isoformat(),
        ]

    # --- one chunk ----------------------------------------------------------------------
    def chunk(self, first_line: int, blob: bytes) -> ChunkResult:
        text = blob.decode("utf-8", "surrogateescape")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        res = ChunkResult("", Tally())
        out: list[tuple[int, list[Any]]] = []
        layout = self.s.layout
        group: list[tuple] = []
        group_pid: str | None = None
        for i, line in enumerate(lines):
            line_no = first_line + i
            line = line.rstrip("\r")
            if not line.strip():
                continue
            res.tally.rows["read"] += 1
            item = self._parse(line_no, line, layout)
            pid = item[1]
            if pid is None:  # unreadable: an error on its own, it does not end a group
                self._error(out, res.tally, item)
                continue
            if pid != group_pid and group:
                self._person(group, out, res)
                group = []
            group_pid = pid
            group.append(item)
        if group:
            self._person(group, out, res)
        out.sort(key=lambda x: x[0])
        res.text = self._format([row for _, row in out])
        return res

    def _parse(self, line_no: int, line: str, layout: Layout) -> tuple:
        """(line, person id, person facts, case facts, error, raw case id, raw state)."""
        if not line.isascii():
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                err = RowError("not UTF-8", "the line is not UTF-8 text")
                return (line_no, None, None, None, err, "", "")
        try:
            get = parse_line(line, layout)
        except RowError as exc:
            return (line_no, None, None, None, exc, "", "")
        pid = get.get("person_id") or None
        cid, st = get.get("case_id", ""), get.get("state", "")
        if pid is None or len(pid) > 100:
            kind, what = (
                ("missing value", "is empty") if pid is None else ("bad value", "is too long")
            )
            return (line_no, None, None, None, RowError(kind, f"person_id {what}"), cid, st)
        try:
            person, case = check_row(get, self.vocab)
        except RowError as exc:
            return (line_no, pid, None, None, exc, cid, st)
        return (line_no, pid, person, case, None, cid, st)

    @staticmethod
    def _error(out: list, tally: Tally, item: tuple, err: RowError | None = None) -> None:
        line_no, pid, _, _, e, cid, st = item
        e = err or e
        tally.rows["errors"] += 1
        tally.errors[e.kind] += 1
        out.append(
            (line_no, [line_no, pid or "", cid, st, "error", "", "", "", f"line {line_no}: {e}"])
        )

    # --- one person -------------------------------------------------------------------------
    def _person(self, group: list[tuple], out: list, res: ChunkResult) -> None:
        tally = res.tally
        res.people.append(group[0][1])
        good = [it for it in group if it[4] is None]
        bad = [it for it in group if it[4] is not None]
        for it in bad:
            self._error(out, tally, it)
        if not good:
            return
        merged = merge_person([it[2] for it in good])
        if isinstance(merged, str):
            lines = ", ".join(str(it[0]) for it in good)
            err = RowError("conflict", f"this person's rows (lines {lines}) disagree on {merged}")
            for it in good:
                self._error(out, tally, it, err)
            return
        seen: dict[str, int] = {}
        rows: list[tuple] = []
        for it in good:
            cid = it[3].case_id
            if cid in seen:
                err = RowError(
                    "duplicate case_id",
                    f"case_id repeats line {seen[cid]} for this person "
                    "(list several offenses in one row, separated by |)",
                )
                self._error(out, tally, it, err)
                bad.append(it)
            else:
                seen[cid] = it[0]
                rows.append(it)
        cases: list[CaseFacts] = [it[3] for it in rows]
        screened = [it for it in rows if it[3].kind == "case"]
        tally.rows["events"] += len(rows) - len(screened)
        if not screened:
            return
        # a person with a row in error is screened without it; rules about the rest of the
        # history then ask for it rather than assume the history is complete
        history = merged.history_complete if not bad else None
        note = ""
        if bad:
            skipped = ", ".join(str(it[0]) for it in sorted(bad))
            note = f" [screened without line(s) {skipped}, which have errors]"
        try:
            outcomes, hit = self._assess_person(merged, cases, history)
        except Exception as exc:  # an engine failure must not stop the run
            err = RowError(
                "internal error", f"screening failed ({type(exc).__name__}); please report it"
            )
            for it in screened:
                self._error(out, tally, it, err)
            return
        res.cache_hits += hit
        counts = []
        real_ids = [c.case_id for c in cases]
        for it, o in zip(screened, outcomes, strict=True):
            c: CaseFacts = it[3]
            reason = o.reason
            if "\u27e6" in reason:
                for i, rid in enumerate(real_ids):
                    reason = reason.replace(placeholder(i), rid)
            out.append(
                (
                    it[0],
                    [
                        it[0],
                        it[1],
                        c.case_id,
                        c.state,
                        o.status,
                        o.key_date,
                        o.path,
                        o.citation,
                        reason + note,
                    ],
                )
            )
            counts.append(self._count(c, o))
        tally.rows["cases"] += len(screened)
        demo = {"race": merged.race, "ethnicity": merged.ethnicity, "gender": merged.gender}
        tally.add_person({k: _label(v) for k, v in demo.items()}, counts)

    def _assess_person(
        self, person: PersonFacts, cases: list[CaseFacts], history: bool | None
    ) -> tuple[list[Outcome], bool]:
        """The outcomes of the person's screened cases, and whether they came from the cache."""
        key = (
            person.dob,
            history,
            person.answers,
            tuple(c._replace(case_id="", county=None, cleared=None) for c in cases),
        )
        hit = self.cache.get(key)
        if hit is not None:
            return hit, True
        ids = [placeholder(i) for i in range(len(cases))]
        record = self._record.model_validate(
            record_dict(person, cases, history_complete=history, ids=ids)
        )
        assessment = self._assess(
            record, self.s.as_of, today=self.s.today, laws=self._laws_for(cases)
        )
        outcomes = [case_outcome(cr) for cr in assessment.cases]
        if len(self.cache) >= self.s.cache_size:
            for old in list(self.cache)[: self.s.cache_size // 10]:  # forget the oldest tenth
                del self.cache[old]
        self.cache[key] = outcomes
        return outcomes, False

    def _laws_for(self, cases: list[CaseFacts]) -> dict[str, Any]:
        return {c.state: self.laws.get(c.state) for c in cases if c.kind == "case" and c.state}

    def _count(self, c: CaseFacts, o: Outcome) -> CaseCount:
        col = o.status
        if col == "automatic":
            col = "automatic_overdue" if o.automatic_done else "automatic_future"
        wait = None
        if col in ("eligible_on", "automatic_future") and o.key_date:
            wait = WAITS[-1]
            for edge, name in zip(self.wait_edges, WAITS, strict=False):
                if o.key_date < edge:
                    wait = name
                    break
        return CaseCount(
            state=c.state or "",
            column=col,
            level=most_serious([x.level for x in c.offenses]),
            outcome=c.outcome,
            county=_label(c.county),
            cleared=c.cleared,
            wait=wait,
        )

    def _format(self, rows: list[list[Any]]) -> str:
        if self.s.out_fmt == "jsonl":
            return "".join(
                json.dumps(dict(zip(OUT_COLUMNS, r, strict=True)), ensure_ascii=False) + "\n"
                for r in rows
            )
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()


def _label(value: str | None) -> str | None:
    """A free-text label as counted: extra spacing does not make a new group."""
    return " ".join(value.split()) if value else None


# --- the worker processes ---------------------------------------------------------------------

_WORKER: Screener | None = None


def _init_worker(settings: Settings, vocab: Vocabulary) -> None:
    global _WORKER
    _WORKER = Screener(settings, vocab)


def _work(first_line: int, blob: bytes) -> ChunkResult:
    assert _WORKER is not None
    return _WORKER.chunk(first_line, blob)


class SeenPeople:
    """A Bloom filter of person ids: fixed memory, no false "new" answers, and false
    "seen before" answers about once in a hundred million at the sizes used."""

    def __init__(self, expected: int) -> None:
        bits = 1 << 16
        while bits < 64 * expected and bits < (1 << 28):
            bits <<= 1
        self.mask = bits - 1
        self.bits = bytearray(bits >> 3)

    def seen_then_add(self, pid: str) -> bool:
        h1 = hash(pid)
        h2 = hash((pid, 0x5EED)) | 1
        hit = True
        bits = self.bits
        for i in range(4):
            b = (h1 + i * h2) & self.mask
            byte, bit = b >> 3, 1 << (b & 7)
            if not bits[byte] & bit:
                hit = False
                bits[byte] |= bit
        return hit


@dataclass
class RunStats:
    tally: Tally
    non_contiguous: int = 0
    non_contiguous_lines: list[str] = field(default_factory=list)
    cache_hits: int = 0
    people: int = 0
    unknown_columns: list[str] = field(default_factory=list)


def run_batch(
    source: Source,
    out_path: Path,
    *,
    as_of: date,
    today: date | None = None,
    workers: int = 2,
    chunk_rows: int = 2000,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunStats:
    """Screen every row of ``source`` into ``out_path`` (written whole or not at all)."""
    today = today or date.today()
    vocab = Vocabulary.load()
    out_fmt = "jsonl" if out_path.suffix.lower() in (".jsonl", ".ndjson") else "csv"
    settings = Settings(source.layout, as_of, today, out_fmt)
    stats = RunStats(Tally(), unknown_columns=list(source.unknown))
    seen = SeenPeople(max(1, source.size // 64))
    last_person: list[str | None] = [None]
    done_bytes = [source.header_bytes]
    done_rows = [0]

    fd, tmp = tempfile.mkstemp(prefix=".expunge-batch-", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            if out_fmt == "csv":
                csv.writer(out, lineterminator="\n").writerow(OUT_COLUMNS)

            def take(res: ChunkResult, nbytes: int, nlines: int) -> None:
                out.write(res.text)
                stats.tally.merge(res.tally)
                stats.cache_hits += res.cache_hits
                stats.people += len(res.people)
                for pid in res.people:
                    if pid == last_person[0]:
                        continue
                    if seen.seen_then_add(pid):
                        stats.non_contiguous += 1
                    last_person[0] = pid
                done_bytes[0] += nbytes
                done_rows[0] += nlines
                if on_progress:
                    on_progress(done_rows[0], done_bytes[0])

            chunks = source.chunks(chunk_rows)
            if workers <= 1:
                screener = Screener(settings, vocab)
                for first, blob, nbytes in chunks:
                    take(screener.chunk(first, blob), nbytes, blob.count(b"\n"))
            else:
                _run_pool(chunks, settings, vocab, workers, take)
        os.chmod(tmp, 0o600)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return stats


def _run_pool(
    chunks: Any,
    settings: Settings,
    vocab: Vocabulary,
    workers: int,
    take: Callable[[ChunkResult, int, int], None],
) -> None:
    import multiprocessing as mp

    try:
        ctx = mp.get_context("fork")  # the statute files loaded here are shared, not reloaded
    except ValueError:
        ctx = mp.get_context()
    pending: deque[tuple[Any, int, int]] = deque()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings, vocab)) as pool:
        for first, blob, nbytes in chunks:
            pending.append((pool.apply_async(_work, (first, blob)), nbytes, blob.count(b"\n")))
            while len(pending) > 2 * workers:  # a bounded queue: memory stays flat
                job, nb, nl = pending.popleft()
                take(job.get(), nb, nl)
        while pending:
            job, nb, nl = pending.popleft()
            take(job.get(), nb, nl)

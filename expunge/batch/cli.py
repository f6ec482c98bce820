"""The ``batch`` and ``demo-data`` commands."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from expunge.cli_args import as_of_date


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _fraction(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return x


def add_parsers(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser(
        "batch",
        help="screen many cases from a CSV/JSONL file; optional de-identified summary",
        description="Screen one case per row (rows of one person together). Bad rows get an "
        "error line in the output and never stop the run. See README: Batch screening.",
    )
    b.add_argument("input", type=Path, nargs="?", help="IN.csv or IN.jsonl")
    b.add_argument("--out", type=Path, help="OUT.csv or OUT.jsonl (one line per case)")
    b.add_argument(
        "--as-of", type=as_of_date, default=None, help="screen as of DATE (default today)"
    )
    b.add_argument(
        "--summary",
        type=Path,
        action="append",
        default=[],
        help="write a de-identified summary: SUMMARY.json (for programs) or SUMMARY.md "
        "(for people); may be given twice",
    )
    b.add_argument(
        "--min-cell",
        type=_positive,
        default=11,
        help="suppress summary cells of fewer people than this (default 11)",
    )
    b.add_argument(
        "--workers",
        type=_positive,
        default=min(os.cpu_count() or 2, 8),
        help="worker processes (default: the number of cores, at most 8)",
    )
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--template", action="store_true", help="print a template CSV and exit")
    b.add_argument("--columns", action="store_true", help="describe every column and exit")
    b.set_defaults(run=run_batch_command)

    d = sub.add_parser(
        "demo-data",
        help="write a synthetic batch file (fictional people) for demos and benchmarks",
    )
    d.add_argument("--n", type=_positive, required=True, help="number of case rows")
    d.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.jsonl")
    d.add_argument("--seed", type=int, default=0)
    d.add_argument(
        "--reference", type=as_of_date, default=None, help="dates are generated up to DATE (today)"
    )
    d.add_argument(
        "--bad-rows",
        type=_fraction,
        default=0.0,
        help="fraction of rows to spoil on purpose (bad dates, states, quotes...)",
    )
    d.set_defaults(run=run_demo_command)


def _err(msg: str) -> None:
    print(f"expunge: {msg}", file=sys.stderr)


def _check_out(path: Path, allowed: tuple[str, ...], what: str) -> str | None:
    if path.suffix.lower() not in allowed:
        return f"{what} must end in {' or '.join(allowed)}"
    if not path.parent.is_dir():
        return f"the folder for {what} does not exist"
    if path.is_dir():
        return f"{what} is a folder"
    return None


def run_batch_command(args: argparse.Namespace) -> int:
    from expunge.batch.columns import RowError, columns_help, template_csv

    if args.template:
        sys.stdout.write(template_csv())
        return 0
    if args.columns:
        print(columns_help())
        return 0
    if args.input is None or args.out is None:
        _err("batch needs an input file and --out (or --template / --columns)")
        return 2
    problems = [
        _check_out(args.out, (".csv", ".jsonl", ".ndjson"), "--out"),
        *(_check_out(s, (".json", ".md"), "--summary") for s in args.summary),
    ]
    if not args.input.is_file():
        problems.insert(0, "cannot read the input file")
    else:
        targets = [args.out, *args.summary]
        if any(t.resolve() == args.input.resolve() for t in targets):
            problems.append("an output would overwrite the input file")
        if len({t.resolve() for t in targets}) < len(targets):
            problems.append("two outputs name the same file")
    if any(problems):
        for p in problems:
            if p:
                _err(p)
        return 2

    from expunge.batch.progress import Progress
    from expunge.batch.reader import Source
    from expunge.batch.run import run_batch
    from expunge.batch.summary import build_report, to_json, to_markdown
    from expunge.law.library import StatuteFileError

    try:
        source = Source(args.input)
    except RowError as exc:
        _err(str(exc))
        return 2
    except OSError as exc:
        _err(f"cannot read the input file: {exc.strerror}")
        return 2
    if source.unknown:
        _err(f"ignoring columns not in the column set: {', '.join(source.unknown)}")
    as_of = args.as_of or date.today()
    bar = Progress(source.size, enabled=None if not args.quiet else False)
    started = time.monotonic()
    try:
        stats = run_batch(
            source, args.out, as_of=as_of, workers=args.workers, on_progress=bar.update
        )
    except StatuteFileError as exc:
        bar.finish()
        _err(f"a statute file is broken:\n{exc}")
        return 3
    except KeyboardInterrupt:
        bar.finish()
        _err("stopped; no output was written")
        return 130
    finally:
        source.close()
    bar.finish()
    seconds = time.monotonic() - started
    rows = stats.tally.rows
    for path in args.summary:
        report = build_report(
            stats.tally,
            k=args.min_cell,
            as_of=as_of.isoformat(),
            extra={"non_contiguous_people": stats.non_contiguous},
        )
        text = to_markdown(report) if path.suffix.lower() == ".md" else to_json(report)
        _write_private(path, text)
    reused = f" ({stats.cache_hits:,} people had the facts of an earlier one)"
    print(
        f"screened {rows['cases']:,} cases of {rows['people']:,} people in {seconds:.1f} s"
        f"{reused if stats.cache_hits else ''}; rows with errors: {rows['errors']:,}; "
        f"output: {args.out}",
        file=sys.stderr,
    )
    if stats.non_contiguous:
        _err(
            f"warning: {stats.non_contiguous:,} person ids appear again after other people's "
            "rows; their rows were screened as separate people. Sort the file by person_id."
        )
    return 0


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def run_demo_command(args: argparse.Namespace) -> int:
    from expunge.batch.demo import write_demo

    problem = _check_out(args.out, (".csv", ".jsonl", ".ndjson"), "--out")
    if problem:
        _err(problem)
        return 2
    cases, rows, people = write_demo(
        args.out, args.n, seed=args.seed, today=args.reference, bad_rows=args.bad_rows
    )
    print(
        f"wrote {cases:,} case rows and {rows - cases:,} other-record rows for {people:,} "
        f"fictional people to {args.out}",
        file=sys.stderr,
    )
    return 0

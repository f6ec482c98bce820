"""``expunge petition RECORD.json --case ID [--path PATH_ID] --out FILE.pdf [--flatten]
[--blank-personal] [--as-of DATE]``: write the court petition for one or more cases."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _as_of(text: str) -> date:
    from expunge.dates import DateInputError, parse_partial

    try:
        span = parse_partial(text)
    except DateInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not span.is_exact:
        raise argparse.ArgumentTypeError(f"'{text}': the as-of date must be a full date")
    return span.lo


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "petition",
        help="write the court petition (official form, or a generated pleading) as PDF",
        description="Write the petition for one or more cases of a record: the official form"
        " where expunge ships it (IL, MA, ME, NC), otherwise a pleading in the court's"
        " customary shape, with a proposed order.",
    )
    p.add_argument("record", type=Path, help="record JSON file (see README: record format)")
    p.add_argument(
        "--case",
        dest="cases",
        action="append",
        required=True,
        metavar="ID",
        help="case id; repeat it to put several cases on one petition",
    )
    p.add_argument("--path", dest="path_id", default=None, help="relief path id (default: best)")
    p.add_argument("--out", type=Path, required=True, help="PDF file to write (or a folder)")
    p.add_argument(
        "--flatten", action="store_true", help="also write a flattened print copy (-print.pdf)"
    )
    p.add_argument(
        "--blank-personal",
        action="store_true",
        help="leave name, date of birth and other personal fields blank, to finish by hand",
    )
    p.add_argument("--as-of", type=_as_of, default=None, help="assess as of DATE (YYYY-MM-DD)")
    p.set_defaults(run=run)


def _err(msg: str) -> None:
    print(f"expunge: {msg}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from expunge.petition import PetitionError, write_petition
    from expunge.record import describe_errors, load_record_json

    try:
        text = args.record.read_text(encoding="utf-8")
    except OSError as exc:
        _err(f"cannot read the record file: {exc.strerror}")
        return 2
    except UnicodeDecodeError:
        _err("the record file is not UTF-8 text")
        return 2
    try:
        record = load_record_json(text)
    except ValidationError as exc:
        _err("the record file is not valid:")
        for line in describe_errors(exc):
            print(f"  {line}", file=sys.stderr)
        return 2
    out: Path = args.out
    if out.suffix.lower() != ".pdf" and not out.is_dir():
        _err("--out must name a .pdf file or an existing folder")
        return 2
    if out.exists() and out.resolve() == args.record.resolve():
        _err("--out names the record file itself: choose another file")
        return 2
    try:
        result = write_petition(
            record,
            args.cases,
            args.path_id,
            out,
            flatten=args.flatten,
            blank_personal=args.blank_personal,
            as_of=args.as_of,
        )
    except PetitionError as exc:
        _err(str(exc))
        return 2
    kind = "official form" if result.kind == "official" else "generated pleading"
    print(f"Petition written ({kind}: {result.form}; {result.pages} pages):")
    for path in result.paths:
        print(f"  {path}")
    if result.notes:
        print("Before filing:")
        for note in result.notes:
            print(f"  - {note}")
    return 0

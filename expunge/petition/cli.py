"""``expunge petition RECORD.json --case ID [--path PATH_ID] --out FILE.pdf [--flatten]
[--blank-personal] [--as-of DATE]``: write the court petition for one or more cases."""

from __future__ import annotations

import argparse
from pathlib import Path

from expunge.cli_args import as_of_date, err, read_record


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
    p.add_argument("--as-of", type=as_of_date, default=None, help="assess as of DATE (YYYY-MM-DD)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from expunge.petition import PetitionError, write_petition

    record = read_record(args.record)
    if record is None:
        return 2
    out: Path = args.out
    if out.suffix.lower() != ".pdf" and not out.is_dir():
        err("--out must name a .pdf file or an existing folder")
        return 2
    if out.exists() and out.resolve() == args.record.resolve():
        err("--out names the record file itself: choose another file")
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
        err(str(exc))
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

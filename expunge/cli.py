"""The ``expunge`` command line. With no arguments it opens the terminal UI."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from expunge.cli_args import as_of_date, err, read_record


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="expunge",
        description="Juvenile record sealing and expungement eligibility (offline). "
        "Run with no arguments to open the intake screen.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="assess a record (JSON) and print the result")
    c.add_argument("record", type=Path, help="record JSON file (see README: record format)")
    c.add_argument("--as-of", type=as_of_date, default=None, help="assess as of DATE (YYYY-MM-DD)")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--all", action="store_true", help="also list the paths that do not apply")

    s = sub.add_parser("statutes", help="list, show or check the statute files")
    ssub = s.add_subparsers(dest="action", metavar="ACTION", required=True)
    ssub.add_parser("list", help="list the modeled states")
    show = ssub.add_parser("show", help="a readable summary of one state's relief paths")
    show.add_argument("state")
    chk = ssub.add_parser("check", help="validate every statute file")
    chk.add_argument("--dir", type=Path, default=None, help="check the files in this folder")
    cov = ssub.add_parser("coverage", help="print the coverage table (statutes/README.md)")
    cov.add_argument("--write", action="store_true", help="rewrite the table in the README")

    sc = sub.add_parser("schema", help="print a JSON Schema")
    sc.add_argument("which", choices=["record", "statute"])
    for name in _PLUGINS:
        importlib.import_module(name).add_parsers(sub)
    return p


# Commands that live with their feature. Each module defines add_parsers(sub), which adds
# its sub-commands with set_defaults(run=...). They must import heavy libraries lazily.
_PLUGINS: list[str] = ["expunge.batch.cli", "expunge.petition.cli", "expunge.store.cli"]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        err("stopped")
        return 130
    except Exception as exc:  # the last line of defence: say what happened, leak nothing
        from expunge.crash import crash_dir, write_report

        where = write_report(exc, crash_dir())
        err(f"internal error ({type(exc).__name__}). Nothing you entered is shown here.")
        if where:
            err(f"a report without personal data was saved to {where}")
        return 70


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        return _tui()
    if args.command == "check":
        return _check(args)
    if args.command == "statutes":
        return _statutes(args)
    if args.command == "schema":
        return _schema(args.which)
    run = getattr(args, "run", None)
    return run(args) if run else 2


def _tui() -> int:
    try:
        from expunge.tui.app import run  # imported late: the CLI must not need Textual
    except ImportError:
        build_parser().print_help()
        return 0
    return run()


def _check(args: argparse.Namespace) -> int:
    from expunge.law.engine import assess
    from expunge.law.library import StatuteFileError
    from expunge.report import render_assessment

    record = read_record(args.record)
    if record is None:
        return 2
    try:
        assessment = assess(record, args.as_of)
    except StatuteFileError as exc:
        err(f"a statute file is broken:\n{exc}")
        return 3
    if args.format == "json":
        print(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_assessment(assessment, verbose=args.all))
    return 0


def _statutes(args: argparse.Namespace) -> int:
    from expunge.law.library import StatuteFileError, check_all, load_state, statute_files
    from expunge.report import render_state

    if args.action == "check":
        files = statute_files(args.dir)
        problems = check_all(args.dir)
        if problems:
            err("statute files with problems:")
            print("\n".join(problems), file=sys.stderr)
            return 1
        print(f"{len(files)} statute files valid: {', '.join(f.stem.upper() for f in files)}")
        if args.dir is None:
            from expunge.law.golden import run_all

            count, mismatches = run_all()
            if mismatches:
                err(f"{len(mismatches)} of {count} golden cases disagree with the engine:")
                print("\n".join(mismatches), file=sys.stderr)
                return 1
            print(f"{count} golden cases agree")
        return 0
    if args.action == "coverage":
        from expunge.law.coverage import coverage_table, readme_with_table
        from expunge.law.library import data_dir

        table = coverage_table()
        if args.write:
            readme = data_dir("statutes") / "README.md"
            readme.write_text(readme_with_table(readme.read_text(), table))
        print(table)
        return 0
    if args.action == "list":
        for f in statute_files():
            try:
                law = load_state(f.stem.upper())
            except StatuteFileError as exc:
                print(f"{f.stem.upper()}  (broken file: run 'expunge statutes check')")
                del exc
                continue
            cites = law.citations.values()
            unv = sum(1 for c in cites if c.status != "verified")
            print(
                f"{law.state}  {law.name:<22} {len(law.paths):>2} paths  "
                f"{len(cites):>3} citations ({unv} unverified)  reviewed {law.reviewed}"
            )
        return 0
    try:
        law = load_state(args.state.upper())
    except KeyError:
        err(f"no statute file for '{args.state}' (see 'expunge statutes list')")
        return 2
    except StatuteFileError as exc:
        err(f"the statute file is broken:\n{exc}")
        return 3
    print(render_state(law))
    return 0


def _schema(which: str) -> int:
    if which == "record":
        from expunge.record import Record

        schema = Record.model_json_schema(by_alias=True)
    else:
        from expunge.law.schema import StateLaw

        schema = StateLaw.model_json_schema(by_alias=True)
    print(json.dumps(schema, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

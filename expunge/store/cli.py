"""``expunge purge``: remove every saved intake, export, crash report and setting."""

from __future__ import annotations

import argparse
import sys


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "purge",
        help="remove all saved intakes, exports, crash reports and settings (asks first)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    p.set_defaults(run=run_purge)


def run_purge(args: argparse.Namespace) -> int:
    from expunge.store.db import Store
    from expunge.store.errors import StoreError
    from expunge.store.location import data_dir_path
    from expunge.store.purge import plan_purge, purge

    folder = data_dir_path()
    chosen = []
    note = None
    try:
        kind = Store.probe()
        if kind == "plain":
            with Store() as store:
                chosen = store.folders_written()
        elif kind == "encrypted":
            note = (
                "the saved intakes are protected, so export folders you chose outside"
                f" {folder} could not be listed: check them yourself"
            )
    except (StoreError, OSError):
        note = "the database could not be read: export folders you chose could not be listed"
    plan = plan_purge(folder, chosen)
    if plan.empty:
        print(f"Nothing to remove: expunge keeps nothing in {folder}.")
        if note:
            print(f"Note: {note}.")
        return 0
    print("This removes, for good:")
    for path in plan.paths:
        print(f"  {path}{'/' if path.is_dir() else ''}")
    if not args.yes:
        if not sys.stdin.isatty():
            print("expunge: not a terminal: add --yes to remove without asking", file=sys.stderr)
            return 2
        try:
            typed = input("Type DELETE to remove them (anything else keeps them): ")
        except EOFError:
            typed = ""
        if typed.strip() != "DELETE":
            print("Nothing was removed.")
            return 1
    removed = purge(plan)
    print(f"Removed {len(removed)} item(s):")
    for path in removed:
        print(f"  {path}")
    if note:
        print(f"Note: {note}.")
    return 0

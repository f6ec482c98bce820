"""No command opens a network connection (issue #7, "nothing leaks").

Every command runs in a child Python whose ``sitecustomize`` (on PYTHONPATH) replaces the
socket calls that reach the network with a guard that logs the attempt to a file and
refuses it. Worker processes inherit the guard: forked ones keep the patched module, and
spawned ones run ``sitecustomize`` again. The test then asserts the log is empty; a first
test proves the guard catches an attempt, so an empty log means something.
"""

from __future__ import annotations

import json
from pathlib import Path

from petition_samples import ma_record
from privacy_support import (
    finish,
    guarded_env,
    net_attempts,
    run_python,
    secret_record,
    start_python,
    write_json,
)

# Runs each command line of argv.json through expunge.cli.main in this one (guarded)
# process, and writes the exit codes: one interpreter for all, to keep the test quick.
CLI_DRIVER = """
import contextlib, io, json, sys
from expunge.cli import main

codes = []
for argv in json.load(open(sys.argv[1])):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        codes.append([argv, main(argv), len(out.getvalue())])
json.dump(codes, open(sys.argv[2], "w"))
"""

# The intake app, headless: start, new intake, type a name, open the results, quit.
TUI_DRIVER = """
import asyncio, sys
from tui_support import make_app, type_in, wait_for_screen

async def go():
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_screen(pilot, "StartScreen")
        await pilot.press("n")
        await wait_for_screen(pilot, "IntakeScreen")
        await type_in(pilot, "#p-name", "Test Youth", keys=True)
        await type_in(pilot, "#p-states", "or")
        await pilot.press("f4")
        await pilot.pause(0.3)
        assert app.screen.query_one("#steps").active == "results"
        await pilot.press("ctrl+q")
    print("tui ok")

asyncio.run(go())
"""


def test_guard_catches_a_connection(tmp_path: Path) -> None:
    """The guard works in the child and in its workers, and the log records the attempt."""
    env = guarded_env(tmp_path / "guard")
    script = tmp_path / "try_network.py"
    script.write_text(
        "import socket, urllib.request, multiprocessing as mp\n"
        "def child(_):\n"
        "    try:\n"
        "        socket.create_connection(('example.invalid', 80))\n"
        "    except RuntimeError:\n"
        "        return 'refused'\n"
        "if __name__ == '__main__':\n"
        "    try:\n"
        "        urllib.request.urlopen('http://example.invalid/x.png', timeout=1)\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__)\n"
        "    for method in ('fork', 'spawn'):\n"
        "        with mp.get_context(method).Pool(1) as pool:\n"
        "            print(method, pool.map(child, [0]))\n"
    )
    proc = run_python([str(script)], env, tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "fork ['refused']" in proc.stdout and "spawn ['refused']" in proc.stdout
    log = net_attempts(tmp_path / "guard")
    assert log.count("create_connection") >= 2  # both workers
    assert "getaddrinfo" in log or "create_connection" in log  # urllib's own attempt


def test_no_command_uses_the_network(tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    data = tmp_path / "data"
    env = guarded_env(guard, EXPUNGE_DATA_DIR=str(data))
    rec = write_json(tmp_path / "wa.json", secret_record())
    ma, ma_as_of = ma_record()
    ma_file = write_json(tmp_path / "ma.json", ma.model_dump(mode="json", by_alias=True))
    demo = tmp_path / "demo.csv"
    out = tmp_path / "out"
    out.mkdir()
    commands: list[list[str]] = [
        ["check", str(rec), "--as-of", "2024-03-15"],
        ["check", str(rec), "--as-of", "2024-03-15", "--format", "json", "--all"],
        ["statutes", "list"],
        ["statutes", "show", "OR"],
        ["statutes", "check"],
        ["statutes", "check", "--dir", str(Path(__file__).parent.parent / "statutes")],
        ["statutes", "coverage"],
        ["schema", "record"],
        ["schema", "statute"],
        ["petition", str(rec), "--case", "c1", "--out", str(out / "wa.pdf")],
        [
            *("petition", str(ma_file), "--case", "c1", "--out", str(out / "ma.pdf")),
            *("--flatten", "--as-of", ma_as_of.isoformat()),
        ],
        ["demo-data", "--n", "300", "--out", str(demo), "--bad-rows", "0.05"],
        ["batch", "--template"],
        [
            *("batch", str(demo), "--out", str(out / "b1.csv"), "--workers", "1", "--quiet"),
            *("--summary", str(out / "s1.md"), "--summary", str(out / "s1.json")),
            *("--as-of", "2026-06-30"),
        ],
    ]
    tui = start_python(["-c", TUI_DRIVER], env, tmp_path)  # runs while the commands do
    write_json(tmp_path / "argv.json", commands)
    codes_file = tmp_path / "codes.json"
    proc = run_python(
        ["-c", CLI_DRIVER, str(tmp_path / "argv.json"), str(codes_file)], env, tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    codes = json.loads(codes_file.read_text())
    assert [c[1] for c in codes] == [0] * len(commands), (codes, proc.stderr[-3000:])
    assert all(c[2] > 0 for c in codes if c[0][0] in ("check", "statutes", "schema"))

    # the real entry point, with worker processes (the guard is inherited by the pool)
    batch2 = run_python(
        [
            *("-m", "expunge", "batch", str(demo), "--out", str(out / "b2.jsonl")),
            *("--workers", "2", "--quiet", "--summary", str(out / "s2.json")),
            *("--as-of", "2026-06-30"),
        ],
        env,
        tmp_path,
    )
    assert batch2.returncode == 0, batch2.stderr
    for name in ("wa.pdf", "ma.pdf", "ma-print.pdf", "b1.csv", "s1.md", "s1.json", "b2.jsonl"):
        assert (out / name).stat().st_size > 0, name
    assert len((out / "b2.jsonl").read_text().splitlines()) == (
        len((out / "b1.csv").read_text().splitlines()) - 1  # the CSV has a header
    )

    tui = finish(tui)
    assert tui.returncode == 0, tui.stderr[-3000:]
    assert "tui ok" in tui.stdout
    assert (data / "intakes.sqlite3").is_file()  # the app really ran and saved the intake

    assert net_attempts(guard) == ""

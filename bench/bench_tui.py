"""Benchmark the intake screen: start-up to the first screen drawn, and the refresh of the
results after an edit for a person with 20 cases (targets: 1.5 s and 100 ms).

Run: .venv/bin/python bench/bench_tui.py [--runs N]

Start-up is measured end to end: ``expunge`` is started in a pseudo-terminal (80x24) and
the clock stops when the first screen's text ("New intake") has been written to it.
The refresh is measured in the app (headless): a case is changed the way the case dialog
saves it, and the clock stops once the results, the cases table and the summary are
rebuilt ("compute"), and again once the next frame has been drawn ("on screen").
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)
ROOT = Path(__file__).resolve().parent.parent


def startup_once(data_dir: str, timeout: float = 20.0) -> float:
    """Seconds from starting ``expunge`` to its first screen on the terminal."""
    exe = Path(sys.executable).parent / "expunge"
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "expunge"]
    env = dict(
        os.environ, EXPUNGE_DATA_DIR=data_dir, TERM="xterm-256color", COLUMNS="80", LINES="24"
    )
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become expunge
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            if b"New intake" in ANSI.sub(b"", seen):
                elapsed = time.perf_counter() - start
                break
        os.write(fd, b"\x11")  # ctrl+q
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    if elapsed is None:
        raise RuntimeError("the first screen did not appear")
    return elapsed


def twenty_cases() -> dict:
    states = ["OR", "WA", "MA"]
    cases = []
    for i in range(20):
        year = 2014 + i % 6
        cases.append(
            {
                "id": f"c{i + 1}",
                "state": states[i % 3],
                "county": "Sample",
                "offenses": [
                    {
                        "description": "Theft",
                        "level": "misdemeanor",
                        "class": "A",
                        "offense_date": f"{year}-01-15",
                    }
                ],
                "outcome": "adjudicated" if i % 4 else "dismissed",
                "outcome_date": f"{year}-06-01",
                "supervised": True,
                "supervision_end": f"{year + 1}-06-01",
                "confined": False,
                "restitution_owed": False,
                "registration_required": False,
            }
        )
    return {
        "person": {"name": "Sample Person", "dob": "2000-03-01"},
        "history_complete": True,
        "cases": cases,
    }


async def refresh_times(runs: int) -> tuple[list[float], list[float]]:
    from expunge.record import Record
    from expunge.store import Store
    from expunge.tui.app import ExpungeApp

    with Store() as store:
        store.save("bench" + "0" * 27, Record.model_validate(twenty_cases()))
    app = ExpungeApp(as_of=date(2026, 6, 30), cursor_blink=False)
    compute: list[float] = []
    painted: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_intake("bench" + "0" * 27)
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        session = app.session
        assert session is not None
        screen = app.screen
        for i in range(runs):
            case = session.record.cases[i % 20].model_copy(deep=True)
            case.supervision_end = f"{2016 + i % 5}-0{1 + i % 9}-15"  # an edit that matters
            drawn = asyncio.Event()
            t = time.perf_counter()
            session.put_case(case)  # what saving the case dialog does
            compute.append(time.perf_counter() - t)
            screen.call_after_refresh(drawn.set)  # set once the next frame has been drawn
            await drawn.wait()
            painted.append(time.perf_counter() - t)
            await pilot.pause()
        assert screen.assessment is not None and len(screen.assessment.cases) == 20
    return compute, painted


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="expunge-bench-")
    os.environ["EXPUNGE_DATA_DIR"] = folder
    try:
        startup_once(folder)  # warm the file cache and the bytecode
        starts = [startup_once(folder) for _ in range(args.runs)]
        print(
            f"start-up to first screen (80x24 pty): median {statistics.median(starts):.2f} s,"
            f" max {max(starts):.2f} s (target < 1.5 s)"
        )
        compute, painted = asyncio.run(refresh_times(max(args.runs * 3, 20)))
        print(f"refresh after an edit, 20 cases: compute {_ms(compute)} (target < 100 ms)")
        print(f"refresh after an edit, 20 cases: on screen {_ms(painted)}")
        print(f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: batch screening of 1,000,000 case rows with the summary.

Targets (issue 6, on the 2-core CI machine): 60 s or less, peak memory under 400 MB.
Also times a plain read-and-write of the same file with the csv module and prints the
ratio (screening / plain copy): how close the engine runs to the I/O limit.

Run: .venv/bin/python bench/bench_batch.py [--rows N] [--workers N] [--keep DIR]

The input is made by ``expunge demo-data`` in a private temporary folder (deleted after,
unless --keep). Screening runs as its own process, exactly as a user runs it; its peak
memory is read with resource.getrusage (itself, and its worker processes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Runs the batch command in a child process and reports that process's own peak memory
# and the largest of its workers' (ru_maxrss is in KiB on Linux).
_RUNNER = """
import json, resource, sys
from expunge.cli import main
code = main(sys.argv[2:])
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "main_kib": me.ru_maxrss, "worker_kib": kids.ru_maxrss,
               "main_cpu": me.ru_utime + me.ru_stime,
               "worker_cpu": kids.ru_utime + kids.ru_stime}, fh)
"""


def plain_copy(src: Path, dst: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a csv.reader → csv.writer copy of ``src``."""
    start, cpu = time.perf_counter(), time.process_time()
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with (
        src.open(encoding="utf-8", newline="") as fin,
        os.fdopen(fd, "w", encoding="utf-8", newline="") as fout,
    ):
        csv.writer(fout).writerows(csv.reader(fin))
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="case rows (default 1,000,000)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", type=Path, default=None, help="keep the files in this folder")
    args = ap.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="expunge-bench-"))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    src, out = folder / "cases.csv", folder / "screened.csv"
    summary_json, summary_md = folder / "summary.json", folder / "summary.md"
    py = sys.executable
    try:
        t = time.perf_counter()
        subprocess.run(
            [py, "-m", "expunge", "demo-data", "--n", str(args.rows), "--out", str(src)],
            check=True,
        )
        gen = time.perf_counter() - t
        lines = sum(1 for _ in src.open("rb")) - 1
        size = src.stat().st_size
        print(f"input: {lines:,} rows ({size / 1e6:,.0f} MB), generated in {gen:.1f} s")

        mem_file = folder / "mem.json"
        cmd = [
            py, "-c", _RUNNER, str(mem_file),
            "batch", str(src), "--out", str(out), "--quiet",
            "--summary", str(summary_json), "--summary", str(summary_md),
            "--workers", str(args.workers),
        ]  # fmt: skip
        t = time.perf_counter()
        subprocess.run(cmd, check=True)
        screen = time.perf_counter() - t
        mem = json.loads(mem_file.read_text())
        main_mb, worker_mb = mem["main_kib"] / 1024, mem["worker_kib"] / 1024
        peak_total = main_mb + args.workers * worker_mb

        copy, copy_cpu = plain_copy(src, folder / "copy.csv")
        report = json.loads(summary_json.read_text())
        cases = report["rows"]["screened_cases"]
        print(
            f"screening + summary: {screen:.1f} s for {lines:,} rows "
            f"({lines / screen:,.0f} rows/s; {screen * args.workers / lines * 1e6:,.0f} µs "
            f"per row per worker; {cases:,} cases screened, {report['rows']['errors']:,} errors)"
        )
        cpu = mem["main_cpu"] + mem["worker_cpu"]
        print(
            f"CPU time: {cpu:.1f} s (main process {mem['main_cpu']:.1f} s, workers "
            f"{mem['worker_cpu']:.1f} s); on {args.workers} idle cores the wall time could not "
            f"be below {max(mem['worker_cpu'] / args.workers, mem['main_cpu']):.1f} s"
        )
        print(
            f"peak memory: main process {main_mb:,.0f} MB, largest worker {worker_mb:,.0f} MB, "
            f"all {1 + args.workers} processes at most {peak_total:,.0f} MB"
        )
        print(f"plain csv read + write of the same file: {copy:.1f} s ({copy_cpu:.1f} s CPU)")
        print(
            f"ratio screening / plain copy: {screen / copy:,.1f}x wall time, "
            f"{cpu / copy_cpu:,.1f}x CPU time"
        )
        ok_time, ok_mem = screen <= 60, peak_total < 400
        print(
            f"targets: time <= 60 s: {'met' if ok_time else 'NOT met'}; "
            f"memory < 400 MB: {'met' if ok_mem else 'NOT met'}"
        )
    finally:
        if args.keep is None:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A one-line progress bar with rate and ETA, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(seconds)
    return (
        f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


class Progress:
    """Call ``update(rows, bytes_done)``; draws at most a few times a second."""

    def __init__(self, total_bytes: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = max(1, total_bytes)
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def update(self, rows: int, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last_draw < 0.2 and done < self.total:
            return
        self.last_draw = now
        elapsed = max(now - self.start, 1e-9)
        frac = min(1.0, done / self.total)
        rate = rows / elapsed
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0.0
        bar = "#" * int(frac * 24)
        self.stream.write(
            f"\r[{bar:<24}] {frac:4.0%}  {rows:,} rows  {rate:,.0f} rows/s  ETA {_clock(eta)} "
        )
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()

"""Killing the app (kill -9) loses nothing autosave already saw.

Two levels: the session's autosave API in a child process killed while it is typing, and
the real intake app in a pseudo-terminal, killed right after its autosave wrote the name.
"""

from __future__ import annotations

import os
import pty
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from expunge.store import DATA_DIR_ENV, Store
from expunge.store.db import DB_NAME

TEXT = "Test Youth Sample Person Fictional"

CHILD = """
import sys, time
from pathlib import Path
from expunge.store import Store
from expunge.tui.session import Session
text = sys.argv[2]
session = Session(Store(Path(sys.argv[1])), "i1")
for i in range(len(text)):
    session.set_person(name=text[: i + 1])  # one keystroke, saved at once
    print(i + 1, flush=True)
    time.sleep(0.02)
time.sleep(60)
"""


def test_kill_9_mid_typing_keeps_every_saved_keystroke(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    Store(path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), TEXT], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    seen = 0
    while seen < 12:  # kill while it is still typing
        seen = int(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    with Store(path) as store:
        name = store.load("i1").record.person.name or ""
    assert len(name) >= seen and TEXT.startswith(name)  # nothing saved was lost or mangled


def _stored_names(path: Path) -> list[str]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        try:
            return [r[0] for r in db.execute("SELECT display_name FROM intakes")]
        finally:
            db.close()
    except sqlite3.Error:
        return []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_kill_9_real_app_restores_what_was_typed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        DATA_DIR_ENV: str(data),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "32",
    }
    Store(data / DB_NAME).close()  # an existing unprotected store: no first-run question
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real app on a terminal
        os.execve(sys.executable, [sys.executable, "-m", "expunge"], env)
    output = bytearray()

    def drain() -> None:  # the app blocks if nobody reads its screen
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while b"New intake" not in output:
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.1)
        time.sleep(0.5)
        os.write(fd, b"n")
        time.sleep(2.0)  # the intake screen opens with the name field focused
        for ch in "Test Youth":
            os.write(fd, ch.encode())
            time.sleep(0.05)
        deadline = time.monotonic() + 15
        while "Test Youth" not in _stored_names(data / DB_NAME):
            assert time.monotonic() < deadline, (
                f"autosave not seen: {_stored_names(data / DB_NAME)}"
            )
            time.sleep(0.1)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    with Store(data / DB_NAME) as store:
        (info,) = store.list()
        assert store.load(info.id).record.person.name == "Test Youth"

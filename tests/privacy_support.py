"""Helpers for the privacy tests: a network guard every Python process inherits, and a
record with values that are easy to find in anything written (imported by the tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Loaded by every interpreter started with this folder on PYTHONPATH (worker processes
# too, whether forked or spawned): any attempt to reach the network is written to the file
# named by EXPUNGE_TEST_NET_LOG, then refused. The log is the evidence, because the refusal
# itself could be swallowed by an ``except OSError`` somewhere.
SITECUSTOMIZE = """
import os
import socket
import traceback

_LOG = os.environ.get("EXPUNGE_TEST_NET_LOG")


class NetworkForbidden(RuntimeError):
    pass


def _record(what, detail):
    if _LOG:
        where = "".join(traceback.format_stack(limit=6))
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {what} {detail!r}\\n{where}\\n")
    raise NetworkForbidden(f"network use is forbidden in this test: {what}")


def _method(name):
    def guard(self, *args, **kwargs):
        _record(f"socket.{name}", (self.family, args[:1]))
    return guard


for _name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, _name, _method(_name))
socket.create_connection = lambda *a, **k: _record("create_connection", a[:1])
socket.getaddrinfo = lambda *a, **k: _record("getaddrinfo", a[:2])
socket.gethostbyname = lambda *a, **k: _record("gethostbyname", a[:1])
"""

NAME = "Zebulon Quartermaine-Testperson"
ALIAS = "Zeb Q. Alias-Testperson"
DOB = "2004-02-29"
DOCKET = "JX-99-SECRET-7"
COUNTY = "Quuxhaven"
# What must never turn up where it does not belong. The date of birth is also searched in
# the US spelling a program might print it in.
SECRETS = (NAME, ALIAS, DOB, "02/29/2004", DOCKET, COUNTY)


def secret_record(**case: Any) -> dict[str, Any]:
    """A Washington record (fictional) that is eligible to seal as of 2024-03-15."""
    base: dict[str, Any] = {
        "id": "c1",
        "state": "WA",
        "county": COUNTY,
        "docket": DOCKET,
        "offenses": [
            {
                "description": "Theft in the second degree",
                "section": "RCW 9A.56.040",
                "level": "felony",
                "class": "C",
                "offense_date": "2021-12-01",
            }
        ],
        "outcome": "adjudicated",
        "outcome_date": "2022-03-15",
        "supervised": True,
        "supervision_end": "2023-03-15",
        "confined": False,
        "restitution_owed": False,
        "registration_required": False,
        "answers": {"wa_restitution_victim_t48": False},
    }
    base.update(case)
    return {
        "format": "expunge-record",
        "version": 1,
        "person": {"name": NAME, "aliases": [ALIAS], "dob": DOB},
        "history_complete": True,
        "answers": {},
        "cases": [base],
    }


def write_json(path: Path, obj: Any) -> Path:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def guarded_env(guard_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a child Python with the network guard installed."""
    guard_dir.mkdir(parents=True, exist_ok=True)
    (guard_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(guard_dir), str(ROOT / "tests"), env.get("PYTHONPATH", "")) if p
    )
    env["EXPUNGE_TEST_NET_LOG"] = str(guard_dir / "net.log")
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def net_attempts(guard_dir: Path) -> str:
    log = guard_dir / "net.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def run_python(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_python(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """A child Python started now and collected later (``finish``), so that slow runs such
    as the headless app overlap on the machine's cores."""
    return subprocess.Popen(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def files_under(*folders: Path) -> list[Path]:
    out: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            out += sorted(p for p in folder.rglob("*") if p.is_file())
    return out


def found_secrets(data: bytes | str, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """The secrets present in ``data`` (text, or a file's bytes searched as UTF-8 and
    UTF-16, the encodings a PDF or a database might hold a name in)."""
    if isinstance(data, str):
        return [s for s in secrets if s in data]
    hits = []
    for s in secrets:
        forms = (s.encode("utf-8"), s.encode("utf-16-be"), s.encode("utf-16-le"))
        if any(f in data for f in forms):
            hits.append(s)
    return hits

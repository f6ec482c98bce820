"""The built wheel carries statutes/ and forms/ and works from outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("expunge-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # The dependencies come from this test run's environment (no network needed); a .pth
    # line adds its site-packages after the new venv's own, and .pth files found there are
    # not processed, so the source checkout's editable hook is not picked up.
    new_site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(new_site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    record = work / "r.json"
    record.write_text((ROOT / "examples" / "sample-record.json").read_text())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    exe = env_dir / "bin" / "expunge"
    out = subprocess.run(
        [str(exe), "statutes", "check"], cwd=work, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    out = subprocess.run(
        [str(exe), "check", str(record), "--as-of", "2026-06-30"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "2026-07-01" in out.stdout
    where = subprocess.run(
        [str(py), "-c", "import expunge.law.library as l;print(l.data_dir('statutes'))"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where, where

"""Lower layers never import higher ones: the engine and record stay free of UI and PDF code."""

from __future__ import annotations

import subprocess
import sys


def test_engine_and_record_import_neither_textual_nor_reportlab() -> None:
    code = (
        "import sys\n"
        "import expunge.record, expunge.dates, expunge.law.engine, expunge.law.golden\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'reportlab', 'pypdf',"
        " 'rich')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

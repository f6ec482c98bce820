"""Finding and loading the statute files.

In a source checkout (or an editable install) the files are at the repository's top level,
``statutes/`` and ``forms/``; in a built wheel they ship inside the package as
``expunge/_data/``. ``data_dir`` finds either.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from expunge.law.schema import StateLaw

_PKG = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The ``statutes`` or ``forms`` folder, from a wheel or from a source checkout."""
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the '{name}' data folder was not found next to the package")


class StatuteFileError(Exception):
    """A statute file that cannot be used; the message names the file and the key."""


def statute_files(folder: Path | None = None) -> list[Path]:
    folder = folder or data_dir("statutes")
    return sorted(folder.glob("[a-z][a-z].toml"))


def load_file(path: Path) -> StateLaw:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise StatuteFileError(f"{path.name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise StatuteFileError(f"{path.name}: cannot be read: {exc.strerror}") from None
    try:
        law = StateLaw.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors(include_url=False, include_input=False):
            key = ".".join(_key_part(raw, err["loc"]))
            lines.append(f"  {path.name}: {key or '(top level)'}: {err['msg']}")
        raise StatuteFileError("\n".join(lines)) from None
    if path.stem.upper() != law.state:
        raise StatuteFileError(f"{path.name}: says state = '{law.state}', file name disagrees")
    return law


def _key_part(raw: object, loc: tuple[int | str, ...]) -> list[str]:
    """Turn a pydantic location into keys a reader can find (a path's id, not its index)."""
    out: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            item = node[part]
            label = item.get("id") or item.get("section") if isinstance(item, dict) else None
            out[-1] = f"{out[-1]}[{label or part}]" if out else f"[{part}]"
            node = item
        else:
            out.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return out


@cache
def load_state(state: str) -> StateLaw:
    """The law of one state, by two-letter code (cached: the files do not change in a run)."""
    path = data_dir("statutes") / f"{state.lower()}.toml"
    if not path.is_file():
        raise KeyError(state)
    return load_file(path)


def available_states() -> list[str]:
    return [p.stem.upper() for p in statute_files()]


def check_all(folder: Path | None = None) -> list[str]:
    """Validate every statute file; the list of problems (empty when all are good)."""
    problems = []
    for path in statute_files(folder):
        try:
            load_file(path)
        except StatuteFileError as exc:
            problems.append(str(exc))
    return problems

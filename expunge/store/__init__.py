"""Saved intakes: one small API in front of an embedded SQLite database.

Every read and write of personal data goes through ``Store`` (``save``, ``load``, ``list``,
``delete``), so that encrypting personal fields or purging old intakes later changes this
package and nothing that calls it.
"""

from typing import Any

from expunge.store.db import IntakeInfo, Store, StoredIntake
from expunge.store.errors import (
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreTooNew,
    WrongPassphrase,
)
from expunge.store.location import (
    DATA_DIR_ENV,
    data_dir,
    data_dir_path,
    exports_dir,
    write_private,
)

_EXCHANGE = {"RecordFileError", "export_record", "import_record", "record_json"}


def __getattr__(name: str) -> Any:
    # the JSON exchange needs the record model (pydantic): loaded on first use, so that the
    # first screen, which only lists intakes, does not wait for it
    if name in _EXCHANGE:
        from expunge.store import exchange

        return getattr(exchange, name)
    raise AttributeError(name)


__all__ = [
    "DATA_DIR_ENV",
    "IntakeInfo",
    "RecordFileError",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreLocked",
    "StoreTooNew",
    "StoredIntake",
    "WrongPassphrase",
    "data_dir",
    "data_dir_path",
    "export_record",
    "exports_dir",
    "import_record",
    "record_json",
    "write_private",
]

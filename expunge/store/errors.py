"""What can go wrong with the intake database; every message is safe to show (no personal data)."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used, or a saved intake cannot be read (message is safe to show)."""


class StoreLocked(StoreError):
    """The store is protected by a passphrase and none was given (nothing was read or changed)."""


class WrongPassphrase(StoreError):
    """The passphrase does not open this store (nothing was changed)."""


class StoreDamaged(StoreError):
    """The file is not an intake database, or part of it fails its checks: never repaired."""


class StoreTooNew(StoreError):
    """Made by a newer version of expunge: not opened at all, never migrated down."""

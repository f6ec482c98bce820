"""Encryption of the personal fields of saved intakes.

AES-256-GCM (authenticated: a changed byte is detected, never decrypted to garbage) with a
key derived from the passphrase by scrypt, a memory-hard function, from the well-kept
``cryptography`` library. Each value is bound to its row and column (associated data), so
values cannot be swapped between intakes. Nothing here is home-made cryptography: only the
storage format (a short text prefix, base64) is ours.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from expunge.store.errors import WrongPassphrase

__all__ = ["Cipher", "DamagedValue", "KeyParams", "WrongPassphrase", "is_encrypted"]

PREFIX = "enc1:"
# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB of memory per derivation, ~0.1 s here.
KDF_N, KDF_R, KDF_P = 2**15, 8, 1
_CHECK = b"expunge store key check v1"


class DamagedValue(Exception):
    """A stored value fails its integrity check (changed on disk, or a different key)."""


@dataclass(frozen=True)
class KeyParams:
    """What is stored (in the clear) to derive and check the key: salt, cost, check value."""

    salt: bytes
    n: int
    r: int
    p: int
    check: str  # _CHECK encrypted with the key: proves the passphrase without storing it

    def to_row(self) -> tuple[str, int, int, int, str]:
        return (base64.b64encode(self.salt).decode(), self.n, self.r, self.p, self.check)

    @classmethod
    def from_row(cls, row: tuple[str, int, int, int, str]) -> KeyParams:
        return cls(base64.b64decode(row[0]), row[1], row[2], row[3], row[4])


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


class Cipher:
    """Encrypts and decrypts text values with one derived key."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def create(cls, passphrase: str) -> tuple[Cipher, KeyParams]:
        """A new key from a passphrase, with the parameters to store."""
        if not passphrase:
            raise ValueError("the passphrase cannot be empty")
        salt = os.urandom(16)
        cipher = cls(_derive(passphrase, salt, KDF_N, KDF_R, KDF_P))
        check = cipher.encrypt(_CHECK.decode(), "key-check")
        return cipher, KeyParams(salt, KDF_N, KDF_R, KDF_P, check)

    @classmethod
    def open(cls, passphrase: str, params: KeyParams) -> Cipher:
        """The key for ``passphrase``; WrongPassphrase if it is not this store's."""
        cipher = cls(_derive(passphrase, params.salt, params.n, params.r, params.p))
        try:
            ok = cipher.decrypt(params.check, "key-check") == _CHECK.decode()
        except DamagedValue:
            ok = False
        if not ok:
            raise WrongPassphrase("that passphrase does not open this store; nothing was changed")
        return cipher

    def encrypt(self, text: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, value: str, context: str) -> str:
        if not value.startswith(PREFIX):
            raise DamagedValue("the stored value is not encrypted")
        try:
            raw = base64.b64decode(value[len(PREFIX) :], validate=True)
            plain = self._aead.decrypt(raw[:12], raw[12:], context.encode("utf-8"))
        except (InvalidTag, ValueError) as exc:
            raise DamagedValue("a stored value fails its integrity check") from exc
        return plain.decode("utf-8")


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)

"""The cipher behind the encrypted store: authenticated, bound to its place, key-checked."""

from __future__ import annotations

import pytest

from expunge.store.crypto import Cipher, DamagedValue, KeyParams, WrongPassphrase


def test_round_trip_and_ciphertext_hides_the_text() -> None:
    cipher, _params = Cipher.create("correct horse battery staple")
    value = cipher.encrypt("Sample Person, born 2004-02-29", "intake:1:record")
    assert "Sample" not in value and "2004" not in value
    assert cipher.decrypt(value, "intake:1:record") == "Sample Person, born 2004-02-29"


def test_wrong_passphrase_is_refused() -> None:
    _cipher, params = Cipher.create("right one")
    with pytest.raises(WrongPassphrase):
        Cipher.open("wrong one", params)
    assert Cipher.open("right one", params)


def test_params_survive_storage() -> None:
    cipher, params = Cipher.create("pass")
    again = Cipher.open("pass", KeyParams.from_row(params.to_row()))
    assert again.decrypt(cipher.encrypt("x", "c"), "c") == "x"


def test_tampering_and_swapping_are_detected() -> None:
    cipher, _ = Cipher.create("pass")
    value = cipher.encrypt("secret", "intake:1:record")
    with pytest.raises(DamagedValue):
        cipher.decrypt(value, "intake:2:record")  # moved to another row
    flipped = value[:-4] + ("A" if value[-4] != "A" else "B") + value[-3:]
    with pytest.raises(DamagedValue):
        cipher.decrypt(flipped, "intake:1:record")


def test_empty_passphrase_is_refused() -> None:
    with pytest.raises(ValueError):
        Cipher.create("")

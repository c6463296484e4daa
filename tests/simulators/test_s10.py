"""UPU S10 check digits (weights 8 6 4 2 3 5 9 7; 11 - sum mod 11; 10 -> 0, 11 -> 5)."""

from __future__ import annotations

import pytest

from onestop_core.testing.simulators import (
    is_s10_shaped,
    is_valid_s10,
    make_s10,
    s10_check_digit,
)


@pytest.mark.parametrize(
    ("serial", "check"),
    [
        ("12345678", 5),  # sum 204, 204 mod 11 = 6 -> 5 (the brief's EB123456785VN)
        ("47312482", 9),  # sum 200, mod 11 = 2 -> 9 (the UPU-style example RR473124829GB)
        ("99003228", 1),  # sum 219, mod 11 = 10 -> 1 (VNPost's public sample says 9)
        ("00000000", 5),  # sum 0 -> 11 -> 5
        ("00004000", 0),  # sum 12, mod 11 = 1 -> 10 -> 0
        ("00000001", 4),  # sum 7 -> 4
        ("10000000", 3),  # sum 8 -> 3
    ],
)
def test_check_digit_known_values(serial: str, check: int) -> None:
    assert s10_check_digit(serial) == check


@pytest.mark.parametrize("code", ["EB123456785VN", "RR473124829GB", "EE000040000VN"])
def test_valid_codes(code: str) -> None:
    assert is_s10_shaped(code) and is_valid_s10(code)


def test_public_vnpost_sample_fails_the_check_digit_but_has_the_shape() -> None:
    assert is_s10_shaped("BK990032289VN")
    assert not is_valid_s10("BK990032289VN")
    assert is_valid_s10("BK990032281VN")


@pytest.mark.parametrize(
    "code",
    ["", "EB12345678VN", "eb123456785VN", "EB1234567855VN", "EB12345678XVN", "1B123456785VN"],
)
def test_bad_shapes(code: str) -> None:
    assert not is_s10_shaped(code) and not is_valid_s10(code)


def test_make_s10_round_trips() -> None:
    for serial in (0, 1, 4000, 12_345_678, 99_999_999):
        assert is_valid_s10(make_s10("EB", serial))
    with pytest.raises(ValueError, match="serial"):
        make_s10("EB", 100_000_000)
    with pytest.raises(ValueError, match="S10-shaped"):
        make_s10("eb", 1)
    with pytest.raises(ValueError, match="8 digits"):
        s10_check_digit("1234567")

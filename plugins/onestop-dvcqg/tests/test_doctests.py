"""The examples in the package's docstrings run (so ``pytest tests`` checks them too)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "onestop_dvcqg",
    "onestop_dvcqg.adapter",
    "onestop_dvcqg.config",
    "onestop_dvcqg.delivery",
    "onestop_dvcqg.plugin",
    "onestop_dvcqg.wire",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
    assert result.attempted > 0 or name == "onestop_dvcqg", f"{name} has no examples"

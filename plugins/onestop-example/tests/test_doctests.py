"""The examples in the docstrings and in the how-to page are run as tests.

``pytest tests`` (what CI runs) does not collect doctests, so they are run from here. The
page ``docs/tutorials/first-adapter.md`` lives in the repository, not in the package: it is
skipped when the tests run from an installed sdist.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

MODULES = ["onestop_example", "onestop_example.plugin", "onestop_example.postal"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False)
    assert result.failed == 0
    assert result.attempted > 0


@pytest.mark.parametrize("page", ["tutorials/first-adapter.md"])
def test_page_examples(page: str) -> None:
    path = DOCS / page
    if not path.is_file():
        pytest.skip(f"{path} is not here (tests run outside the repository)")
    # A code fence right after an example's output would read as more output: blank it.
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join("" if line.lstrip().startswith("```") else line for line in lines)
    test = doctest.DocTestParser().get_doctest(text, {}, page, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    assert result.attempted > 0

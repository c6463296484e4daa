"""Automation: ``nox`` runs the default sessions (tests, plugins, lint, typing, docs).

CI runs on one interpreter (Python 3.11) with ``NOX_DOWNLOAD_PYTHON=never``, so the sessions
it uses are not parametrised over interpreters; ``tests_matrix`` is for local use only.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True
nox.options.sessions = ["tests", "plugins", "lint", "typing", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
#: The separately installable adapter packages (each with its own pyproject.toml and tests).
PLUGINS = sorted(p for p in Path("plugins").glob("*") if (p / "pyproject.toml").is_file())


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, the doctests of the package, and a benchmark smoke run."""
    session.install("-e", ".[frames]", *_group("tests"))
    env = {"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    session.run("pytest", *(session.posargs or ["tests"]), env=env)
    if not session.posargs:
        session.run("pytest", "-q", "--doctest-modules", "--pyargs", "onestop_core", env=env)


@nox.session
def plugins(session: nox.Session) -> None:
    """Every package under plugins/, installed together beside the core, with its own tests."""
    if not PLUGINS:
        session.skip("no plugin packages under plugins/")
    session.install("-e", ".[frames]", *_group("tests"))
    session.install(*(arg for p in PLUGINS for arg in ("-e", str(p))))
    env = {"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    for plugin in PLUGINS:
        session.run("pytest", str(plugin / "tests"), *session.posargs, env=env)


@nox.session(python=["3.11", "3.12", "3.13"], default=False)
def tests_matrix(session: nox.Session) -> None:
    """The test suite on several interpreters (local use; CI has only 3.11)."""
    session.install("-e", ".[frames]", *_group("tests"))
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.install(*_group("lint"))
    paths = [p for p in ("src", "tests", "benchmarks", "plugins", "noxfile.py") if Path(p).exists()]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def typing(session: nox.Session) -> None:
    """mypy --strict on the package and the typed public-API check."""
    session.install("-e", ".[frames]", *_group("typing"))
    session.run("mypy", "src", "tests/typing")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx documentation with warnings as errors."""
    session.install("-e", ".[frames]", *_group("docs"))
    session.run(
        "sphinx-build", "-E", "-W", "--keep-going", "-n", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session
def bench(session: nox.Session) -> None:
    """The calendar benchmarks, printing ratios against numpy, pandas and python-holidays."""
    session.install("-e", ".[frames]", *_group("bench"))
    session.run("python", "benchmarks/calendar.py", *session.posargs)

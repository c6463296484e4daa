"""Shared test configuration: hypothesis profiles and the domain reference location."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

#: ../shared/domain beside the repository (CI places it there).
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain"


@pytest.fixture(scope="session")
def holidays_truth() -> dict[str, Any]:
    """The verified civil-service day-off table (``../shared/domain/holidays_truth.json``)."""
    path = DOMAIN / "holidays_truth.json"
    if not path.exists():
        pytest.skip(f"domain reference {path} not present")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# -- no unmasked personal data in any log line of the whole run (issue: adapters §5) --------
class _CollectAll(logging.Handler):
    """Keeps every formatted record the library logs during the test session."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken record must not break the run
            self.lines.append(f"<unformattable record from {record.name}>")


_COLLECTOR = _CollectAll()


def pytest_configure(config: pytest.Config) -> None:
    library = logging.getLogger("onestop_core")
    library.setLevel(logging.DEBUG)
    library.addHandler(_COLLECTOR)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from onestop_core.testing import find_personal_data

    leaks = [(line, found) for line in _COLLECTOR.lines if (found := find_personal_data(line))]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"personal-data check: {len(_COLLECTOR.lines)} log lines from onestop_core, "
            f"{len(leaks)} with unmasked personal data"
        )
    if leaks:
        for line, found in leaks[:20]:
            print(f"UNMASKED {found}: {line[:200]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

"""Shared test configuration: hypothesis profiles and the domain reference location."""

from __future__ import annotations

import json
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

"""``onestop due`` and ``onestop_core.sla.due_at`` (public contract of the SLA issue)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from onestop_core._time import VN_TZ
from onestop_core.cli import main
from onestop_core.errors import InvalidDurationError, NaiveDatetimeError, OnestopError
from onestop_core.sla import due_at


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_at_working_days_and_hours() -> None:
    t = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)
    assert due_at(t, working_days=3) == dt.datetime(2026, 11, 26, 10, tzinfo=VN_TZ)
    assert due_at(t, working_hours=8) == dt.datetime(2026, 11, 23, 10, tzinfo=VN_TZ)
    utc = due_at(t.astimezone(dt.UTC), working_days=3)
    assert utc.tzinfo is not None and utc.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"working_days": 1, "working_hours": 2},
        {"working_days": 1.5},
        {"working_days": -1},
        {"working_hours": "2"},
    ],
)
def test_due_at_rejects_bad_limits(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidDurationError):
        due_at(dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ), **kwargs)  # type: ignore[arg-type]


def test_due_at_rejects_naive_instants() -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        due_at(dt.datetime(2026, 11, 20, 10), working_days=3)
    assert isinstance(info.value, OnestopError)


def test_cli_due_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "due", "2026-11-20T10:00", "--days", "3")
    assert code == 0, err
    assert "2026-11-26T10:00:00+07:00" in out
    assert "Vietnam Culture Day" in out


def test_cli_due_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "due", "2026-10-12T18:30+07:00", "--days", "2", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["due_at"] == "2026-10-14T17:00:00+07:00"
    assert isinstance(doc["explanation"], list)
    assert all(isinstance(s, str) for s in doc["explanation"])


def test_cli_due_hours_and_utc_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "due", "2026-11-20T03:00Z", "--hours", "4", "--json")
    assert code == 0
    # 10:00–11:30 then 13:00–15:30 (lunch break skipped)
    assert json.loads(out)["due_at"] == "2026-11-20T15:30:00+07:00"


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["due", "2026-11-20T10:00"], 2),
        (["due", "2026-11-20T10:00", "--days", "3", "--hours", "2"], 2),
        (["due", "yesterday", "--days", "3"], 1),
        (["due", "2026-11-20T10:00", "--days", "x"], 2),
        (["due", "1990-01-01T10:00", "--days", "3"], 1),
    ],
)
def test_cli_due_errors(capsys: pytest.CaptureFixture[str], argv: list[str], status: int) -> None:
    code, out, err = run(capsys, *argv)
    assert code == status
    assert out == ""
    assert "Traceback" not in err

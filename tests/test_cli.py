"""The ``onestop`` command line: ``calendar``, ``lunar`` and ``workdays``.

Contract (``onestop_core.cli``): results go to stdout; errors go to stderr with exit status 1
(bad input the library rejected) or 2 (usage error), never with a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from onestop_core.__about__ import __version__
from onestop_core.calendars import vietnam
from onestop_core.cli import main

DAYS_OFF_2026 = [
    "2026-01-01",
    "2026-01-02",
    "2026-02-16",
    "2026-02-17",
    "2026-02-18",
    "2026-02-19",
    "2026-02-20",
    "2026-04-26",
    "2026-04-27",
    "2026-04-30",
    "2026-05-01",
    "2026-08-31",
    "2026-09-01",
    "2026-09-02",
    "2026-11-24",
]


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONESTOP_DEBUG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- calendar ------------------------------------------------------------------------------


def test_calendar_2026_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "calendar", "2026")
    assert code == 0
    assert err == ""
    assert "2026 [announced]" in out
    assert "Days off / ngày nghỉ (15):" in out
    for day in DAYS_OFF_2026:
        assert day in out, day
    assert "Vietnam Culture Day" in out  # 24/11, new from 2026
    assert "Make-up working days / ngày làm bù (2):" in out
    lines = out.splitlines()
    (jan,) = [line for line in lines if line.strip().startswith("2026-01-10")]
    (aug,) = [line for line in lines if line.strip().startswith("2026-08-22")]
    assert "replaces 2026-01-02" in jan
    assert "12729/VPCP-KGVX" in jan  # its source
    assert "replaces 2026-08-31" in aug
    assert "TB 9441/TB-BNV" in aug
    assert "Weekday days off: 14; make-up days: 2" in out
    # every day off prints its source line
    assert sum(1 for line in lines if line.strip().startswith("source:")) == 15


def test_calendar_2026_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "calendar", "2026", "--json")
    assert code == 0
    assert err == ""
    doc = json.loads(out)
    assert doc["calendar"] == "vn"
    assert doc["year"] == 2026
    assert doc["status"] == "announced"
    assert doc["notes"] == []
    days = doc["days_off"]
    assert [d["date"] for d in days] == DAYS_OFF_2026
    fields = {"date", "weekday", "kind", "name_vi", "name_en", "source", "provisional"}
    for d in days:
        assert set(d) == fields
        day = dt.date.fromisoformat(d["date"])
        assert d["weekday"] == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]
        assert d["kind"] in {"holiday", "compensatory", "swapped"}
        assert d["name_vi"]
        assert d["name_en"]
        assert d["source"]
        assert d["provisional"] is False
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-11-24"]["weekday"] == "Tue"
    assert by_date["2026-11-24"]["kind"] == "holiday"
    assert by_date["2026-04-27"]["kind"] == "compensatory"
    assert by_date["2026-01-02"]["kind"] == "swapped"
    assert by_date["2026-08-31"]["kind"] == "swapped"
    assert "Tết Nguyên đán" in by_date["2026-02-17"]["name_vi"]  # not \\u-escaped
    assert doc["make_up_days"] == [
        {
            "date": m.date.isoformat(),
            "weekday": "Sat",
            "replaces": m.replaces.isoformat() if m.replaces else None,
            "source": m.source,
        }
        for m in vietnam().make_up_days(2026)
    ]
    assert [(m["date"], m["replaces"]) for m in doc["make_up_days"]] == [
        ("2026-01-10", "2026-01-02"),
        ("2026-08-22", "2026-08-31"),
    ]
    # the JSON is the library's data
    lib = vietnam().days_off(2026)
    assert [(d["kind"], d["name_vi"], d["source"]) for d in days] == [
        (d.kind, d.name_vi, d.source) for d in lib
    ]


def test_calendar_2027_is_provisional(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "2027")
    assert code == 0
    assert "2027 [provisional]" in out
    assert "(provisional)" in out
    assert "note:" in out
    code, out, _ = run(capsys, "calendar", "2027", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["status"] == "provisional"
    assert doc["notes"]
    assert any(d["provisional"] for d in doc["days_off"])
    assert "2027-11-24" in [d["date"] for d in doc["days_off"]]


# -- lunar ---------------------------------------------------------------------------------


def test_lunar_from_solar(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lunar", "2026-02-17")  # Tết Bính Ngọ
    assert (code, err) == (0, "")
    assert out.split()[0] == "1/1/2026"
    code, out, _ = run(capsys, "lunar", "2026-02-17", "--json")
    assert code == 0
    assert json.loads(out) == {
        "solar": "2026-02-17",
        "lunar": {"year": 2026, "month": 1, "day": 1, "leap": False},
    }


def test_lunar_from_solar_in_a_leap_month(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lunar", "2025-07-25")
    assert code == 0
    assert out.startswith("1/6 nhuận/2025")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--to-solar", "2026-3-10"], "2026-04-26"),  # Giỗ Tổ Hùng Vương 2026 (a Sunday)
        (["--to-solar", "2025-6-1", "--leap"], "2025-07-25"),  # 1/6 nhuận Ất Tỵ
        (["--to-solar", "2025-6-1"], "2025-06-25"),  # the regular month 6
        (["--to-solar", "2026-1-1"], "2026-02-17"),
    ],
)
def test_lunar_to_solar(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str) -> None:
    code, out, err = run(capsys, "lunar", *argv)
    assert (code, err) == (0, "")
    assert out.split()[0] == expected


def test_lunar_to_solar_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lunar", "--to-solar", "2025-6-1", "--leap", "--json")
    assert code == 0
    assert json.loads(out) == {
        "lunar": {"year": 2025, "month": 6, "day": 1, "leap": True},
        "solar": "2025-07-25",
    }


# -- workdays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "n", "expected"),
    [
        ("2026-11-20", "3", "2026-11-26"),  # Mon 23, (Tue 24/11 off), Wed 25, Thu 26
        ("2026-02-13", "1", "2026-02-23"),  # Tết 16-20/2
        ("2026-01-09", "1", "2026-01-10"),  # make-up Saturday
        ("2026-08-28", "1", "2026-09-03"),  # 31/8 swapped, 1-2/9
        ("2026-11-20", "0", "2026-11-20"),
        ("2026-11-24", "0", "2026-11-25"),  # n == 0 on a day off: the next working day
        ("2026-11-26", "-3", "2026-11-20"),
        ("2026-02-23", "-1", "2026-02-13"),
        ("2026-08-24", "-1", "2026-08-22"),  # back onto the make-up Saturday
        ("2026-09-03", "-1", "2026-08-28"),
    ],
)
def test_workdays_add(capsys: pytest.CaptureFixture[str], date: str, n: str, expected: str) -> None:
    code, out, err = run(capsys, "workdays", "add", date, n)
    assert (code, out, err) == (0, expected + "\n", "")
    assert vietnam().add_working_days(dt.date.fromisoformat(date), int(n)).isoformat() == expected


def test_workdays_add_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "workdays", "add", "2026-02-13", "1", "--explain")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2026-02-23"
    explained = [line.split()[0] for line in lines[1:]]
    # the weekends and the five Tết days in between, each with a reason
    assert explained == [
        "2026-02-14",
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
    ]
    assert "Tết Nguyên đán" in out
    code, out, _ = run(capsys, "workdays", "add", "2026-01-09", "1", "--explain")
    assert code == 0
    assert "make-up working day" in out


def test_workdays_between(capsys: pytest.CaptureFixture[str]) -> None:
    expected = vietnam().working_days_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert expected == 249  # 261 weekdays - 14 weekday days off + 2 make-up Saturdays
    code, out, err = run(capsys, "workdays", "between", "2026-01-01", "2026-12-31")
    assert (code, out, err) == (0, f"{expected}\n", "")
    code, out, _ = run(capsys, "workdays", "between", "2026-12-31", "2026-01-01")
    assert (code, out) == (0, f"{-expected}\n")
    code, out, _ = run(capsys, "workdays", "between", "2026-02-13", "2026-02-23")
    assert (code, out) == (0, "1\n")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"onestop-core {__version__}"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("calendar", "lunar", "workdays"):
        assert command in out


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "status", "needle"),
    [
        # bad input the library rejects -> 1
        (["workdays", "add", "2026-13-01", "1"], 1, "2026-13-01"),
        (["workdays", "add", "20261120x", "1"], 1, "20261120x"),
        (["workdays", "between", "2026-01-01", "abc"], 1, "abc"),
        (["lunar", "2026-02-30"], 1, "2026-02-30"),
        (["lunar", "--to-solar", "2025-12-30"], 1, "29"),  # month 12 of 2025 has 29 days
        (["lunar", "--to-solar", "2026/3/10"], 1, "2026/3/10"),
        (["lunar", "--to-solar", "2026-13-1"], 1, "13"),
        (["lunar", "--to-solar", "2025-5-1", "--leap"], 1, "leap"),  # 2025's leap month is 6
        (["lunar", "--to-solar", "2026-6-1", "--leap"], 1, "leap"),  # 2026 has none
        (["lunar", "--to-solar", "1899-1-1"], 1, "1899"),
        (["calendar", "1990"], 1, "1990"),
        (["calendar", "2200"], 1, "2200"),
        (["workdays", "add", "1990-01-01", "1"], 1, "1990-01-01"),
        (["workdays", "add", "2199-12-31", "1"], 1, "2199-12-31"),
        (["workdays", "add", "2026-01-01", "99999999999999999999"], 1, "99999999999999999999"),
        # usage errors -> 2
        (["workdays", "add", "2026-11-20", "x"], 2, "'x' is not an integer"),
        (["workdays", "add", "2026-11-20", "1.5"], 2, "1.5"),
        (["workdays", "add", "2026-11-20"], 2, "required"),
        (["workdays", "between", "2026-01-01"], 2, "required"),
        (["workdays"], 2, "required"),
        (["calendar"], 2, "required"),
        (["calendar", "twenty"], 2, "twenty"),
        ([], 2, "required"),
        (["frobnicate"], 2, "frobnicate"),
        (["calendar", "2026", "--xml"], 2, "--xml"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], status: int, needle: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == status
    assert out == ""
    assert needle in err
    assert err.startswith(("onestop: error:", "usage: onestop"))


LUNAR_MISUSE = [
    ["lunar"],
    ["lunar", "2026-02-17", "--to-solar", "2026-3-10"],
    ["lunar", "2026-02-17", "--leap"],
]


@pytest.mark.parametrize("argv", LUNAR_MISUSE, ids=["neither", "both", "leap-without-to-solar"])
def test_lunar_argument_misuse_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("onestop: error:")


@pytest.mark.parametrize("text", ["2026-3-1²", "٢٠٢٦-3-10", "2026-3-1.5", "2026--3-10", "2026-3"])
def test_lunar_to_solar_with_odd_digits_is_bad_input(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    # str.isdigit() accepts '²', which int() rejects: this used to be an internal error (70).
    code, out, err = run(capsys, "lunar", "--to-solar", text)
    assert code == 1
    assert out == ""
    assert "internal error" not in err
    assert err.startswith("onestop: error:")


# -- the installed console script ------------------------------------------------------------


def _console_script() -> str | None:
    beside = Path(sys.executable).with_name("onestop")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("onestop")


def test_console_script() -> None:
    exe = _console_script()
    if exe is None:
        pytest.skip("the onestop console script is not installed")
    env = {k: v for k, v in os.environ.items() if k != "ONESTOP_DEBUG"}
    ok = subprocess.run(
        [exe, "workdays", "add", "2026-11-20", "3"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "2026-11-26\n", "")
    bad = subprocess.run(
        [exe, "lunar", "--to-solar", "2025-12-30"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr.startswith("onestop: error:")
    assert "Traceback" not in bad.stderr
    usage = subprocess.run(
        [exe, "workdays", "add", "2026-11-20", "x"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "onestop_core.cli", "lunar", "--to-solar", "2026-3-10"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.split()[0] == "2026-04-26"
